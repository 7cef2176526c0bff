import { mkdtempSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddedDatabase } from '../../src/infra/database/embedded-postgres.js';

declare global {
  var __SMARTCROP_PG__: EmbeddedDatabase | undefined;
}

/**
 * Jest runs this file as CommonJS outside its module system, where the sources' `./x.js` imports of
 * `./x.ts` files are not mapped: map them here (the moduleNameMapper of jest.config.js, for this file).
 */
function resolveTsSources(): void {
  const mod = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = mod._resolveFilename;
  mod._resolveFilename = (request, ...rest) => {
    try {
      return original(request, ...rest);
    } catch (err) {
      if (!/^\.{1,2}\/.*\.js$/.test(request)) throw err;
      return original(request.replace(/\.js$/, '.ts'), ...rest);
    }
  };
}

/**
 * One PostgreSQL for the whole run: the server in DATABASE_URL when set, else an embedded one in a temp
 * dir (fsync off: it is thrown away at the end), started by the service's own starter, so a clone in a
 * private folder works as root as `npm start` does. The migrated template is built lazily by the first
 * test file that needs it (test/harness/database.ts).
 */
export default async function globalSetup(): Promise<void> {
  // CI runs the suite on the machine's Node 20 too: the AWS SDK's notice that its 2027 releases need
  // Node 22 is known (README) and would be printed by every test file that builds an S3 client
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    resolveTsSources();
    const { startEmbeddedPostgres } = await import('../../src/infra/database/embedded-postgres.js');
    const pg = await startEmbeddedPostgres(mkdtempSync(join(tmpdir(), 'smartcrop-test-pg-')), 0, {
      persistent: false,
      durable: false,
      maxConnections: 300,
    });
    globalThis.__SMARTCROP_PG__ = pg;
    adminUrl = pg.adminUrl;
  }
  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_RUN_ID = `${process.pid}${Date.now().toString(36)}`;
}
