import { join } from 'node:path';
import { jest } from '@jest/globals';
import pg from 'pg';
import { BATCH_COLUMNS } from '../../src/batchjob/batch-export.repository.js';
import { Transfer } from '../../src/infra/transfer/transfer.js';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { exportsDir, filesIn, readCsv } from '../harness/export-files.js';

const CDN = { CDN_ORIGIN_BASE_URL: 'https://origin.test/bucket/', CDN_REWRITE_BASE_URL: 'https://cdn.test' };

describe('batch export to the folder target', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp(CDN);
    admin = await t.createUser('Admin');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.db.query(`UPDATE smartcrop_setting SET value = 'false' WHERE key = 'qc_disabled'`);
    // earlier tests' leftovers must not leak into the next manifest
    await t.db.query(
      `UPDATE smartcrop_programimage SET status = 4, current_state = 0, locked_by = NULL WHERE status IN (2, 3)`,
    );
  });

  const run = (path = '/batchjob/run') => t.http().post(path).set('Authorization', `Bearer ${admin.token}`);

  it('writes Completed renditions with CDN URLs in the documented column order, then stamps them', async () => {
    const a = await t.factory.programImage({ Status: 3, Renditions: [1, 2] });
    const b = await t.factory.programImage({ Status: 3, Renditions: [5] });
    const qa = await t.factory.programImage({ Status: 2 });
    const op = await t.factory.programImage({ Status: 1 });

    const res = await run().expect(200);
    expect(res.body.Data).toMatchObject({ Outcome: 'success', Rows: 3 });
    const [file] = res.body.Data.Files as string[];
    expect(file).toMatch(/^SmartCrop_\d{8}_\d{6}\.csv$/);
    // where it landed, relative to the export folder: never this server's file-system layout
    expect(res.body.Data.Summary.Location).toBe(file);
    expect(JSON.stringify(res.body)).not.toContain(t.dir);
    // no partial or temp file beside it
    expect(filesIn(exportsDir(t.dir))).toEqual([file]);

    const rows = readCsv(join(exportsDir(t.dir), file));
    expect(rows[0]).toEqual([...BATCH_COLUMNS]);
    const body = rows.slice(1).map((r) => Object.fromEntries(BATCH_COLUMNS.map((c, i) => [c, r[i]])));
    expect(body.map((r) => [r.ImageId, r.RenditionId])).toEqual([
      [String(a.id), String(a.renditions[0])],
      [String(a.id), String(a.renditions[1])],
      [String(b.id), String(b.renditions[0])],
    ]);
    expect(body[0]).toMatchObject({
      ProgramId: String(a.programId),
      AspectRatio: '16:9',
      ImageUrl: `https://cdn.test/crops/${a.id}/1.jpg`,
      Width: '160',
      Height: '90',
      ProviderName: 'PS_',
      SourceImageUrl: expect.stringMatching(/^https:\/\/src\.test\//),
    });
    expect(body[0].ProgramTitle).toMatch(/^Title \d+, "quoted"$/);

    const images = await t.db.query(
      `SELECT id::int, status, output_file_name, exported_at IS NOT NULL AS stamped FROM smartcrop_programimage
        WHERE id = ANY($1) ORDER BY id`,
      [[a.id, b.id, qa.id, op.id]],
    );
    expect(images).toEqual([
      { id: a.id, status: 5, output_file_name: file, stamped: true },
      { id: b.id, status: 5, output_file_name: file, stamped: true },
      { id: qa.id, status: 2, output_file_name: null, stamped: false },
      { id: op.id, status: 1, output_file_name: null, stamped: false },
    ]);
    const audit = await t.db.query(
      `SELECT image_id::int, from_status, to_status, user_id, details->>'file' AS file FROM programimage_audit
        WHERE action = 'export' AND image_id = ANY($1) ORDER BY image_id`,
      [[a.id, b.id]],
    );
    expect(audit).toEqual([
      { image_id: a.id, from_status: 3, to_status: 5, user_id: admin.id, file },
      { image_id: b.id, from_status: 3, to_status: 5, user_id: admin.id, file },
    ]);

    const ledger = await t
      .http()
      .get('/jobs/runs?job=batch')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    expect(ledger.body.Data.Items[0]).toMatchObject({
      Job: 'batch',
      Trigger: 'api',
      TriggeredBy: admin.id,
      Outcome: 'success',
      Rows: 3,
      Files: [file],
    });
  });

  it('prepares the stamp while writing and commits it only after the upload, holding up no transition', async () => {
    const a = await t.factory.programImage({ Status: 3, Renditions: [1, 2] });
    const inReview = await t.factory.programImage({ Status: 2 });
    const before = filesIn(exportsDir(t.dir));
    const transfer = t.app.get(Transfer);
    const upload = transfer.upload.bind(transfer);
    let uploading!: () => void;
    const reached = new Promise<void>((resolve) => (uploading = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const spy = jest.spyOn(transfer, 'upload').mockImplementation(async (...args) => {
      uploading();
      await gate;
      return upload(...args);
    });
    const other = new pg.Client({ connectionString: t.database.url });
    await other.connect();
    try {
      const pending = run();
      pending.then(undefined, () => undefined);
      await reached;

      // the stamp is done but not visible: the upload has not succeeded yet
      const [stamper] = await t.db.query<{ pid: number; state: string }[]>(
        `SELECT pid, state FROM pg_stat_activity WHERE application_name = 'smartcrop-batch-stamp'`,
      );
      expect(stamper.state).toBe('idle in transaction');
      expect(await t.db.query(`SELECT status FROM smartcrop_programimage WHERE id = $1`, [a.id])).toEqual([
        { status: 3 },
      ]);
      expect(filesIn(exportsDir(t.dir))).toEqual(before);

      // a QA approval (to Completed, same provider) on a connection of the stamper's counter slot goes
      // through: the open stamp holds no counter row a transition needs
      const slot = stamper.pid % 16;
      let approver: pg.Client | undefined;
      for (let i = 0; i < 64 && !approver; i++) {
        const c = new pg.Client({ connectionString: t.database.url });
        await c.connect();
        const [{ pid }] = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
        if (pid % 16 === slot) approver = c;
        else await c.end();
      }
      expect(approver).toBeDefined();
      try {
        await approver!.query(`SET statement_timeout = '3s'`);
        await approver!.query(`UPDATE smartcrop_programimage SET status = 3 WHERE id = $1`, [inReview.id]);
      } finally {
        await approver!.end();
      }

      release();
      const res = await pending;
      expect(res.status).toBe(200);
      const [file] = res.body.Data.Files as string[];
      expect(filesIn(exportsDir(t.dir))).toEqual([...before, file].sort());
      expect(
        await t.db.query(
          `SELECT id::int, status, output_file_name FROM smartcrop_programimage WHERE id = ANY($1) ORDER BY id`,
          [[a.id, inReview.id]],
        ),
      ).toEqual([
        { id: a.id, status: 5, output_file_name: file },
        { id: inReview.id, status: 3, output_file_name: null },
      ]);
      // the dashboard counters moved with the rows
      const counted = await other.query(
        `SELECT status, sum(n)::int AS n FROM smartcrop_status_counter WHERE provider_name = 'PS_'
          GROUP BY status HAVING sum(n) <> 0 ORDER BY status`,
      );
      const actual = await other.query(
        `SELECT status, count(*)::int AS n FROM smartcrop_programimage WHERE provider_name = 'PS_'
          GROUP BY status ORDER BY status`,
      );
      expect(counted.rows).toEqual(actual.rows);
    } finally {
      release();
      spy.mockRestore();
      await other.end();
    }
  });

  it('uploads nothing and stamps nothing when the stamp cannot be prepared', async () => {
    const a = await t.factory.programImage({ Status: 3 });
    const before = filesIn(exportsDir(t.dir));
    await t.db.query(`
      CREATE FUNCTION test_refuse_export() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit refused'; END $$;
      CREATE TRIGGER test_refuse_export BEFORE INSERT ON programimage_audit
        FOR EACH ROW WHEN (NEW.action = 'export') EXECUTE FUNCTION test_refuse_export();`);
    try {
      const res = await run().expect(500);
      expect(JSON.stringify(res.body)).not.toMatch(/audit refused|programimage/);
    } finally {
      await t.db.query(
        `DROP TRIGGER test_refuse_export ON programimage_audit; DROP FUNCTION test_refuse_export()`,
      );
    }
    expect(filesIn(exportsDir(t.dir))).toEqual(before);
    expect(await t.db.query(`SELECT status FROM smartcrop_programimage WHERE id = $1`, [a.id])).toEqual([
      { status: 3 },
    ]);
    const [last] = await t.db.query(
      `SELECT outcome, error FROM smartcrop_job_run WHERE job = 'batch' ORDER BY id DESC LIMIT 1`,
    );
    expect(last.outcome).toBe('failed');

    const again = await run().expect(200);
    expect(again.body.Data).toMatchObject({ Outcome: 'success', Rows: 1 });
  });

  it('never reuses a delivered file name: a run within the same second takes the next free second', async () => {
    await t.factory.programImage({ Status: 3 });
    const next = await t.factory.deliveredSeconds('batch', (stamp) => `SmartCrop_${stamp}.csv`);
    const res = await run().expect(200);
    expect(res.body.Data.Files).toEqual([`SmartCrop_${next}.csv`]);
  });

  it('records nothing_to_export and writes no file when no image is eligible', async () => {
    await t.factory.programImage({ Status: 1 });
    const before = filesIn(exportsDir(t.dir));
    const res = await run().expect(200);
    expect(res.body.Data).toMatchObject({ Outcome: 'nothing_to_export', Rows: 0, Files: [] });
    expect(filesIn(exportsDir(t.dir))).toEqual(before);
  });

  it('with QA disabled, exports unlocked Operator-done images too (legacy path, same job)', async () => {
    const op = await t.createUser('QA');
    await t.db.query(`UPDATE smartcrop_setting SET value = 'true' WHERE key = 'qc_disabled'`);
    const done = await t.factory.programImage({ Status: 2 });
    const locked = await t.factory.programImage({ Status: 2, CurrentState: 1, LockedBy: op.id });
    const queued = await t.factory.programImage({ Status: 1 });

    const res = await run('/filewatcher/batch/run').expect(200);
    expect(res.body.Data).toMatchObject({ Outcome: 'success', Rows: 1 });
    const rows = readCsv(join(exportsDir(t.dir), res.body.Data.Files[0]));
    expect(rows.slice(1).map((r) => r[1])).toEqual([String(done.id)]);
    const status = await t.db.query(
      `SELECT id::int, status FROM smartcrop_programimage WHERE id = ANY($1) ORDER BY id`,
      [[done.id, locked.id, queued.id]],
    );
    expect(status).toEqual([
      { id: done.id, status: 5 },
      { id: locked.id, status: 2 },
      { id: queued.id, status: 1 },
    ]);
  });

  it('answers 409 while the job is running elsewhere, and only Admin may trigger it', async () => {
    const holder = new pg.Client({ connectionString: t.database.url });
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtext('smartcrop:job:batch'))`);
      const res = await run().expect(409);
      expect(res.body.Message).toMatch(/already running/);
    } finally {
      await holder.end();
    }
    const operator = await t.createUser('Operator');
    await t.http().post('/batchjob/run').set('Authorization', `Bearer ${operator.token}`).expect(403);
  });

  it('two API triggers at once: one runs, the other gets 409 or finds nothing left', async () => {
    await t.factory.programImage({ Status: 3, Renditions: [1, 2, 3] });
    const [x, y] = await Promise.all([run(), run()]);
    const codes = [x.status, y.status].sort();
    const outcomes = [x, y].filter((r) => r.status === 200).map((r) => r.body.Data.Outcome);
    expect(codes[0]).toBe(200);
    expect(outcomes.filter((o) => o === 'success')).toHaveLength(1);
    if (codes[1] === 200) expect(outcomes).toContain('nothing_to_export');
    else expect(codes[1]).toBe(409);
  });
});
