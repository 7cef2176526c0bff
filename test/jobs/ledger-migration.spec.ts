import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { JobRunProgress1765230000000 } from '../../migrations/1765230000000-JobRunProgress.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';

describe('the job-run progress migration', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ migrated: false });
  });
  afterAll(() => database.drop());

  const dataSource = (list: typeof migrations) =>
    new DataSource({
      type: 'postgres',
      url: database.url,
      migrations: list,
      migrationsTransactionMode: 'each',
    });

  it('gives the summaries already in the ledger the PascalCase keys new runs write', async () => {
    const at = migrations.indexOf(JobRunProgress1765230000000);
    const before = dataSource(migrations.slice(0, at));
    await before.initialize();
    await before.runMigrations();
    await before.query(
      `INSERT INTO smartcrop_job_run (job, trigger, outcome, summary) VALUES
         ('batch', 'cron', 'success', $1), ('dump', 'api', 'success', $2), ('ingest', 'api', 'success', $3)`,
      [
        {
          tick: '2026-11-25T02:00:00.000Z',
          images: 2,
          renditions: 3,
          target: 's3',
          location: 'x',
          ms: { copyAndStamp: 5, upload: 1 },
        },
        {
          dateRange: 7,
          rows: { 'SmartCrop_Programme_20261125_030000.csv': 4, 'SmartCrop_Audit_20261125_030000.csv': 9 },
          target: 'sftp',
        },
        { FilesSeen: 1, Files: [{ File: 'a.xlsx', RowErrors: [{ row: 3, reason: 'bad' }] }] },
      ],
    );
    await before.destroy();

    const after = dataSource(migrations);
    await after.initialize();
    try {
      await after.runMigrations();
      const rows = await after.query(`SELECT summary, progress FROM smartcrop_job_run ORDER BY id`);
      expect(rows).toEqual([
        {
          summary: {
            Tick: '2026-11-25T02:00:00.000Z',
            Images: 2,
            Renditions: 3,
            Target: 's3',
            Location: 'x',
            TimingsMs: { CopyAndStamp: 5, Upload: 1 },
          },
          progress: null,
        },
        { summary: { DateRange: 7, Rows: { Programme: 4, Audit: 9 }, Target: 'sftp' }, progress: null },
        {
          summary: { FilesSeen: 1, Files: [{ File: 'a.xlsx', RowErrors: [{ Row: 3, Reason: 'bad' }] }] },
          progress: null,
        },
      ]);
    } finally {
      await after.destroy();
    }
  });
});
