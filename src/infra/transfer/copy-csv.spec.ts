import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../../test/harness/database.js';
import { testEnv } from '../../../test/harness/app.js';
import { loadConfig } from '../../config/config.js';
import { connectDedicated, copyCsvToFile } from './copy-csv.js';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('copyCsvToFile', () => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await createTestDatabase({ migrated: false });
    dir = mkdtempSync(join(tmpdir(), 'smartcrop-copy-'));
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no timer behind on a connection with a client-side statement limit', async () => {
    // pg arms a read-timeout timer per query and clears it in the query's callback, which a COPY
    // stream never calls: the timer (30 min by default) then kept a stopped process alive
    const db = loadConfig(testEnv(dir, database.url)).database;
    const client = await connectDedicated({ ...db, jobStatementTimeoutMs: 600_000 }, 'copy-test');
    try {
      const before = timers();
      const path = join(dir, 'out.csv');
      const rows = await copyCsvToFile(client, 'SELECT g AS n FROM generate_series(1, 3) g', path);
      expect([rows, readFileSync(path, 'utf8')]).toEqual([3, 'n\n1\n2\n3\n']);
      expect(timers()).toBe(before);
    } finally {
      await client.end();
    }
  });
});
