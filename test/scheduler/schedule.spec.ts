import { join } from 'node:path';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ExportScheduler } from '../../src/scheduler/export.scheduler.js';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { filesIn, readCsv } from '../harness/export-files.js';

describe('cron ticks across three app instances on one database', () => {
  let apps: TestApp[];

  beforeAll(async () => {
    const first = await startTestApp();
    apps = [
      first,
      await startTestApp({}, { database: first.database }),
      await startTestApp({}, { database: first.database }),
    ];
  });
  afterAll(async () => {
    for (const t of apps.slice().reverse()) await t.close();
  });

  it('the same batch tick fired in every instance at once runs once', async () => {
    const [t] = apps;
    const images = [
      await t.factory.programImage({ Status: 3, Renditions: [1, 2] }),
      await t.factory.programImage({ Status: 3 }),
    ];
    const tick = new Date('2026-11-25T02:00:00Z');

    const reports = await Promise.all(apps.map((a) => a.app.get(ExportScheduler).tick('batch', tick)));
    expect(reports.filter((r) => r !== null)).toHaveLength(1);
    // a late instance firing the same tick after the run finished does not run it again
    expect(await apps[2].app.get(ExportScheduler).tick('batch', tick)).toBeNull();

    const runs = await t.db.query(
      `SELECT trigger, outcome, rows::int FROM smartcrop_job_run WHERE job = 'batch'`,
    );
    expect(runs).toEqual([{ trigger: 'cron', outcome: 'success', rows: 3 }]);
    const files = apps.flatMap((a) => filesIn(join(a.dir, 'exports')).map((f) => join(a.dir, 'exports', f)));
    expect(files).toHaveLength(1);
    expect(readCsv(files[0]).slice(1)).toHaveLength(3);
    const stamped = await t.db.query(
      `SELECT count(*)::int AS n FROM programimage_audit WHERE action = 'export' AND image_id = ANY($1)`,
      [images.map((i) => i.id)],
    );
    expect(stamped[0].n).toBe(2);

    // the next tick is a new run (nothing left to export)
    const next = await apps[1].app.get(ExportScheduler).tick('batch', new Date('2026-11-26T02:00:00Z'));
    expect(next).toMatchObject({ outcome: 'nothing_to_export' });
  });

  it('a tick finding the job running elsewhere skips; a run cut off by a dead process is marked interrupted', async () => {
    const [t] = apps;
    await t.db.query(`INSERT INTO smartcrop_job_run (job, trigger) VALUES ('dump', 'cron')`);
    const runner = apps[0].app.get(JobRunner);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const long = runner.run('dump', 'api', null, async () => {
      await gate;
      return { outcome: 'success' };
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(await apps[1].app.get(ExportScheduler).tick('dump', new Date('2026-11-25T03:00:00Z'))).toBeNull();
    release();
    await long;
    const runs = await t.db.query(
      `SELECT trigger, outcome FROM smartcrop_job_run WHERE job = 'dump' ORDER BY id`,
    );
    expect(runs).toEqual([
      { trigger: 'cron', outcome: 'interrupted' },
      { trigger: 'api', outcome: 'success' },
    ]);
  });
});

describe('graceful shutdown and the dump endpoint', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.createUser('Admin');
  });
  afterAll(() => t.close());

  it.each(['0', '31', 'abc', '2.5'])('date_range=%s is 400', async (v) => {
    await t
      .http()
      .post(`/dumpdata/run?date_range=${v}`)
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(400);
  });

  it('date_range missing is 400', async () => {
    await t.http().post('/dumpdata/run').set('Authorization', `Bearer ${admin.token}`).expect(400);
  });

  it('the folder target puts three files in dump/ and the audit file in audit/, and leaves no local copy', async () => {
    await t.factory.programImage({ Status: 3, Renditions: [1, 2] });
    await t.http().post('/batchjob/run').set('Authorization', `Bearer ${admin.token}`).expect(200);
    const res = await t
      .http()
      .post('/dumpdata/run?date_range=30')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    const files = res.body.Data.Files as string[];
    const dump = filesIn(join(t.dir, 'exports', 'dump'));
    expect(dump).toEqual(files.filter((f) => !f.includes('_Audit_')).sort());
    expect(filesIn(join(t.dir, 'exports', 'audit'))).toEqual(files.filter((f) => f.includes('_Audit_')));
    const programme = readCsv(
      join(
        t.dir,
        'exports',
        'dump',
        dump.find((f) => f.includes('_Programme_'))!,
      ),
    );
    expect(programme[0].slice(0, 3)).toEqual(['image_id', 'program_id', 'provider_name']);
    expect(programme.slice(1)).toHaveLength(1);
    const aspect = readCsv(
      join(
        t.dir,
        'exports',
        'dump',
        dump.find((f) => f.includes('_Aspect_'))!,
      ),
    );
    expect(aspect.slice(1)).toHaveLength(2);
    const summary = readCsv(
      join(
        t.dir,
        'exports',
        'dump',
        dump.find((f) => f.includes('_Summary_'))!,
      ),
    );
    expect(summary.slice(1)).toHaveLength(30); // one provider × 30 days
    expect(filesIn(join(t.dir, 'exports', '.work', `dump-${res.body.Data.RunId}`))).toEqual([]);
  });

  it('a dump never overwrites an earlier one: a stamp any of whose files was delivered is skipped', async () => {
    // earlier dumps delivered an audit file for each of the next seconds
    const next = await t.factory.deliveredSeconds('dump', (stamp) => `SmartCrop_Audit_${stamp}.csv`);
    const res = await t
      .http()
      .post('/dumpdata/run?date_range=1')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    expect(res.body.Data.Files).toEqual(
      ['Programme', 'Aspect', 'Summary', 'Audit'].map((k) => `SmartCrop_${k}_${next}.csv`),
    );
  });

  it('shutdown waits for a running job to finish', async () => {
    const other = await startTestApp({}, { database: t.database });
    const runner = other.app.get(JobRunner);
    let finished = false;
    const run = runner.run('batch', 'cli', null, async () => {
      await new Promise((r) => setTimeout(r, 500));
      finished = true;
      return { outcome: 'nothing_to_export' };
    });
    await new Promise((r) => setTimeout(r, 100));
    await other.close();
    expect(finished).toBe(true);
    await expect(run).resolves.toMatchObject({ outcome: 'nothing_to_export' });
    const [last] = await t.db.query(
      `SELECT trigger, outcome FROM smartcrop_job_run WHERE job = 'batch' ORDER BY id DESC LIMIT 1`,
    );
    expect(last).toEqual({ trigger: 'cli', outcome: 'nothing_to_export' });
  });
});

describe('real cron schedules', () => {
  it('an empty expression schedules nothing; a set one registers the job', async () => {
    const off = await startTestApp();
    const on = await startTestApp(
      { BATCHJOB_CRON: '0 2 * * *', DUMPDATA_CRON: '' },
      { database: off.database },
    );
    try {
      expect([...off.app.get(SchedulerRegistry).getCronJobs().keys()]).not.toContain('smartcrop:batch');
      const jobs = on.app.get(SchedulerRegistry).getCronJobs();
      expect([...jobs.keys()].filter((k) => k.startsWith('smartcrop:'))).toEqual(['smartcrop:batch']);
    } finally {
      await on.close();
      await off.close();
    }
  });

  it('three processes ticking every second: each tick runs once and every image is exported once', async () => {
    const first = await startTestApp({ BATCHJOB_CRON: '* * * * * *' });
    const images = [];
    for (let i = 0; i < 5; i++)
      images.push(await first.factory.programImage({ Status: 3, Renditions: [1, 4] }));
    const more = [
      await startTestApp({ BATCHJOB_CRON: '* * * * * *' }, { database: first.database }),
      await startTestApp({ BATCHJOB_CRON: '* * * * * *' }, { database: first.database }),
    ];
    await new Promise((r) => setTimeout(r, 2500));
    for (const t of more) await t.close();
    try {
      const perTick = await first.db.query(
        `SELECT summary->>'Tick' AS tick, count(*)::int AS n FROM smartcrop_job_run
          WHERE job = 'batch' GROUP BY 1 ORDER BY 1`,
      );
      expect(perTick.length).toBeGreaterThanOrEqual(1);
      expect(perTick.every((r: { n: number }) => r.n === 1)).toBe(true);
      const exported = await first.db.query(
        `SELECT count(*)::int AS n, count(DISTINCT output_file_name)::int AS files FROM smartcrop_programimage
          WHERE id = ANY($1) AND status = 5`,
        [images.map((i) => i.id)],
      );
      expect(exported).toEqual([{ n: 5, files: 1 }]);
      const audit = await first.db.query(
        `SELECT count(*)::int AS n FROM programimage_audit WHERE action = 'export' AND image_id = ANY($1)`,
        [images.map((i) => i.id)],
      );
      expect(audit[0].n).toBe(5);
    } finally {
      await first.close();
    }
  });
});
