import pg from 'pg';
import { loadConfig } from '../../src/config/config.js';
import { connectDedicated } from '../../src/infra/database/dedicated-connection.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';

describe('a dedicated job connection', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
  });
  afterAll(() => db.drop());

  it('lost while idle, is logged instead of ending the process, and its next statement fails', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.prependListener('uncaughtException', onUncaught);
    const settings = loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url }).database;
    const job = await connectDedicated(settings, 'smartcrop-test-job');
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const pid = (await job.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      // the database drops the connection between two statements of a job (a restart, a failover)
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(uncaught).toEqual([]);
      await expect(job.query('SELECT 1')).rejects.toThrow();
    } finally {
      process.removeListener('uncaughtException', onUncaught);
      await admin.end();
      await job.end().catch(() => undefined);
    }
  });
});
