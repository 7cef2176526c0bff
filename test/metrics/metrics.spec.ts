import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LockSweeper } from '../../src/smartcrop/lock-sweeper.js';
import { MetricsServer } from '../../src/metrics/metrics.server.js';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { writeManifest } from '../harness/xlsx.js';
import { as, claim, makeImage, serveBytes } from '../smartcrop/fixtures.js';
import { parseProm, series, sum, type Sample } from './prom.js';

const PS_HEADER = [
  'Program ID',
  'Title',
  'Episode Title',
  'Season',
  'Episode',
  'Image URL',
  'Image Type',
  'Language',
  'Rights',
  'Notes',
];

describe('GET /metrics on its own listener', () => {
  let t: TestApp;
  let admin: TestUser;
  let op: TestUser;
  let source: Awaited<ReturnType<typeof serveBytes>>;
  let url: string;

  beforeAll(async () => {
    source = await serveBytes(await makeImage(1920, 1080, 'jpeg'));
    // the source image is served on loopback, which the fetch guard opens only when told
    t = await startTestApp({ METRICS_PORT: '0', FETCH_ALLOW_HOSTS: '127.0.0.1' });
    admin = await t.createUser('Admin');
    op = await t.createUser('Operator');
    url = t.app.get(MetricsServer).url()!;
  });
  afterAll(async () => {
    await t.close();
    await source.close();
  });

  const scrape = async (): Promise<Sample[]> => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseProm(await res.text());
  };

  it('listens on loopback only, serves nothing else there, and is not on the API port', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect((await fetch(url.replace('/metrics', '/dashboard/Totals'))).status).toBe(404);
    await t.http().get('/metrics').set('Authorization', `Bearer ${admin.token}`).expect(404);
  });

  it('after ingest, claim, save and hand-over, agrees with /dashboard/Totals and counts what happened', async () => {
    const unknownBefore = sum(await scrape(), 'smartcrop_http_request_duration_seconds_count', {
      route: 'unknown',
    });
    const inbox = join(t.config.filewatcher.ingestRoot, 'metrics');
    mkdirSync(inbox, { recursive: true });
    await writeManifest(join(inbox, 'PS_metrics.xlsx'), PS_HEADER, [
      [7001, 'Morning', null, null, null, source.url, 'Poster', 'en', null, null],
      [7001, 'Morning', null, null, null, `${source.url}#b`, 'Backdrop', 'en', null, null],
      [7002, 'Noon', null, null, null, source.url, 'Poster', 'en', null, null],
      [7003, 'Night', null, null, null, source.url, 'Poster', 'en', null, null],
    ]);
    await as(t, admin)
      .post(`/filewatcher/run-local?folder_path=${encodeURIComponent(inbox)}`, {})
      .expect(200);

    const claimed = (await claim(t, op).expect(200)).body.Data as { ImageId: number; ProgramId: number }[];
    expect(claimed.map((c) => c.ProgramId)).toEqual([7001, 7001]);
    for (const c of claimed) {
      await as(t, op)
        .post('/image/SaveCropedImages', {
          ProgramId: c.ProgramId,
          ImageId: c.ImageId,
          Crops: [{ AspectRatioId: 1, X: 0, Y: 0, Width: 1600, Height: 900 }],
        })
        .expect(200);
    }
    await as(t, op).get('/image/UpdateStatus?programId=7001&status=2').expect(200);
    await as(t, op).get('/no/such/route/42').expect(404);
    // two images marked as auto-crop and QA's send-back mark them, so both auto-crop series have a value
    await t.db.query(
      `UPDATE smartcrop_programimage SET auto_crop = CASE WHEN link_object_id = 7002 THEN 2 ELSE 1 END
        WHERE link_object_id IN (7002, 7003)`,
    );

    const m = await scrape();
    const totals = (await as(t, op).get('/dashboard/Totals').expect(200)).body.Data as Record<string, number>;
    expect(totals).toMatchObject({
      Total: 4,
      OperatorQueued: 2,
      QAQueued: 2,
      AutoCropped: 2,
      AutoCroppedSentBack: 1,
    });
    const queue = (stage: string, state: string) => sum(m, 'smartcrop_queue_images', { stage, state });
    const finished = (status: string) => sum(m, 'smartcrop_finished_images', { status });
    expect({
      Total: sum(m, 'smartcrop_queue_images') + sum(m, 'smartcrop_finished_images'),
      OperatorQueued: queue('operator', 'queued'),
      OperatorLocked: queue('operator', 'locked'),
      QAQueued: queue('qa', 'queued'),
      QALocked: queue('qa', 'locked'),
      Completed: finished('completed'),
      Rejected: finished('rejected'),
      Exported: finished('exported'),
      AutoCropped: sum(m, 'smartcrop_autocropped_images', { outcome: 'all' }),
      AutoCroppedSentBack: sum(m, 'smartcrop_autocropped_images', { outcome: 'sent_back' }),
    }).toEqual(totals);
    expect(series(m, 'smartcrop_queue_images', { stage: 'qa', state: 'locked' })).toEqual([
      {
        name: 'smartcrop_queue_images',
        labels: { provider: 'PressSite', stage: 'qa', state: 'locked' },
        value: 0,
      },
    ]);

    // counters of this process, each equal to what the desk did
    expect(sum(m, 'smartcrop_images_claimed_total', { stage: 'operator' })).toBe(2);
    expect(sum(m, 'smartcrop_renditions_saved_total', { via: 'save' })).toBe(2);
    expect(sum(m, 'smartcrop_transitions_total', { action: 'operator_done' })).toBe(totals.QAQueued);
    expect(sum(m, 'smartcrop_lock_expiries_total')).toBe(0);

    // the oldest queued image of each stage, by the database clock
    const ages: { stage: number; age: number }[] = await t.db.query(
      `SELECT status AS stage, extract(epoch FROM now() - min(created_at))::float8 AS age
         FROM smartcrop_programimage WHERE current_state = 0 AND status IN (1, 2) GROUP BY status ORDER BY status`,
    );
    for (const [stage, a] of [
      ['operator', ages[0]],
      ['qa', ages[1]],
    ] as const) {
      const [s] = series(m, 'smartcrop_queue_oldest_age_seconds', { provider: 'PressSite', stage });
      expect(s.value).toBeGreaterThanOrEqual(0);
      expect(s.value).toBeLessThanOrEqual(a.age);
    }

    // job runs from the ledger
    const runs = (await as(t, admin).get('/jobs/runs?job=ingest').expect(200)).body.Data.Items as {
      Outcome: string;
      FinishedAt: string;
    }[];
    expect(runs).toHaveLength(1);
    expect(sum(m, 'smartcrop_job_runs', { job: 'ingest', outcome: runs[0].Outcome })).toBe(1);
    expect(sum(m, 'smartcrop_job_last_success_timestamp_seconds', { job: 'ingest' })).toBeCloseTo(
      Date.parse(runs[0].FinishedAt) / 1000,
      2,
    );

    // request durations by route template, unknown paths as one label
    const count = (method: string, route: string, status: string) =>
      sum(m, 'smartcrop_http_request_duration_seconds_count', { method, route, status });
    expect(count('GET', '/image/GetImageInfo', '200')).toBe(1);
    expect(count('POST', '/image/SaveCropedImages', '200')).toBe(2);
    expect(count('POST', '/filewatcher/run-local', '200')).toBe(1);
    expect(count('GET', 'unknown', '404') - unknownBefore).toBe(1);
    const routes = new Set(
      series(m, 'smartcrop_http_request_duration_seconds_count').map((s) => s.labels.route),
    );
    expect([...routes].filter((r) => r.includes('42') || r.includes('?'))).toEqual([]);

    // pool, event loop and the default process metrics
    expect(
      series(m, 'smartcrop_db_pool_connections')
        .map((s) => s.labels.state)
        .sort(),
    ).toEqual(['idle', 'in_use', 'total']);
    expect(sum(m, 'smartcrop_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    expect(series(m, 'smartcrop_db_pool_waiting')).toHaveLength(1);
    expect(series(m, 'nodejs_eventloop_lag_seconds')).toHaveLength(1);
    expect(series(m, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(sum(m, 'smartcrop_metrics_database_up')).toBe(1);
  });

  it('counts lock expiries by the sweep, and releases as transitions', async () => {
    await claim(t, op).expect(200); // programme 7002
    const before = await scrape();
    await t.db.query(
      `UPDATE smartcrop_programimage SET last_activity_at = now() - interval '1 day' WHERE current_state = 1`,
    );
    expect(await t.app.get(LockSweeper).sweep()).toBe(1);
    await claim(t, op).expect(200); // programme 7002 again (oldest), now 7003 is left
    await as(t, op).get(`/image/UpdateUserLockStatus?userId=${op.id}`).expect(200);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) =>
      sum(after, name, labels) - sum(before, name, labels);
    expect(delta('smartcrop_lock_expiries_total')).toBe(1);
    expect(delta('smartcrop_images_claimed_total', { stage: 'operator' })).toBe(1);
    expect(delta('smartcrop_transitions_total', { action: 'release' })).toBe(1);
  });
});
