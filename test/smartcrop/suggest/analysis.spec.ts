import { startTestApp, type TestApp } from '../../harness/app.js';
import { zeroPng } from '../hostile-corpus.js';
import { AnalysisWorker } from '../../../src/smartcrop/suggest/analysis.worker.js';
import { AnalysisRepository } from '../../../src/smartcrop/suggest/analysis.repository.js';
import { ENGINE_VERSION } from '../../../src/smartcrop/suggest/suggestion-engine.js';
import { JobRegistry } from '../../../src/scheduler/job-registry.js';
import { loadConfig } from '../../../src/config/config.js';
import { composite, headPatches, inside } from './composites.js';
import { imageHost } from './image-host.js';

describe('background analysis of queued images', () => {
  let t: TestApp;
  let host: Awaited<ReturnType<typeof imageHost>>;
  let face: Awaited<ReturnType<typeof composite>>;
  let seq = 0;

  beforeAll(async () => {
    const [patch] = await headPatches();
    face = await composite({
      width: 1600,
      height: 900,
      background: 'blobs',
      patch,
      scale: 0.4,
      at: { x: 0.95, y: 0.2 },
      seed: 5,
    });
    const truncated = face.jpeg.subarray(0, Math.floor(face.jpeg.length / 3));
    host = await imageHost({
      '/face.jpg': { bytes: face.jpeg },
      '/gone.jpg': { status: 404 },
      '/corrupt.jpg': { bytes: truncated },
      '/text.jpg': { bytes: Buffer.from('<html>not an image</html>') },
      '/bomb.png': { bytes: zeroPng(60000, 60000) },
      '/flaky.jpg': { status: 503 },
    });
    t = await startTestApp({
      FETCH_ALLOW_HOSTS: '127.0.0.1',
      ANALYSIS_MAX_ATTEMPTS: '3',
      SOURCE_FETCH_TIMEOUT_MS: '3000',
    });
  });
  afterAll(async () => {
    await t?.close();
    await host?.close();
  });

  const queue = async (path: string, o: { width?: number | null; height?: number | null } = {}) => {
    const [programId] = await t.factory.queue({
      Provider: `Analyse${++seq}`,
      ImageUrl: host.url(path),
      ...(o.width === undefined ? {} : { Width: o.width }),
      ...(o.height === undefined ? {} : { Height: o.height }),
    });
    const [row] = await t.db.query<{ id: string }[]>(
      'SELECT id FROM smartcrop_programimage WHERE link_object_id = $1',
      [programId],
    );
    return row.id;
  };
  const state = (id: string) => t.app.get(AnalysisRepository).stateOf(id);
  /** Drains the queue by hand (no background loop in tests unless asked for). */
  const drain = async () => {
    const worker = t.app.get(AnalysisWorker);
    while ((await worker.drainOnce()) > 0);
  };

  it('queues every new image as pending and records the true size, format and a suggestion per ratio', async () => {
    const id = await queue('/face.jpg', { width: 400, height: 300 });
    expect((await state(id))?.state).toBe('pending');
    await drain();
    const s = await state(id);
    expect(s).toMatchObject({
      state: 'done',
      source_width: 1600,
      source_height: 900,
      source_format: 'jpeg',
      source_bytes: String(face.jpeg.length),
      engine_version: ENGINE_VERSION,
      attempts: 1,
    });
    // the manifest said 400x300: corrected
    const [img] = await t.db.query<{ width: number; height: number }[]>(
      'SELECT width, height FROM smartcrop_programimage WHERE id = $1',
      [id],
    );
    expect(img).toEqual({ width: 1600, height: 900 });
    const rows = await t.app.get(AnalysisRepository).suggestions([id]);
    const ratios = await t.app.get(AnalysisRepository).ratios();
    expect(rows.map((r) => r.aspectratioid)).toEqual(ratios.map((r) => r.id));
    for (const r of rows) {
      const ratio = ratios.find((x) => x.id === r.aspectratioid)!;
      expect(r.width * ratio.height).toBe(r.height * ratio.width);
      expect(r.x + r.width).toBeLessThanOrEqual(1600);
      expect(r.y + r.height).toBeLessThanOrEqual(900);
      // the face sits at the right edge: every crop keeps it whole
      expect(inside({ x: r.x, y: r.y, width: r.width, height: r.height }, face.face, 2)).toBe(true);
    }
  });

  it.each([
    ['/gone.jpg', /^unreachable: .*404/],
    ['/corrupt.jpg', /^not-an-image: /],
    ['/text.jpg', /^not-an-image: /],
    ['/bomb.png', /^too-large: .*megapixels/],
  ])('records %s as failed with its reason, after one attempt', async (path, reason) => {
    const before = host.hits(path);
    const id = await queue(path);
    await drain();
    await drain();
    const s = await state(id);
    expect(s?.state).toBe('failed');
    expect(s?.reason).toMatch(reason);
    expect(s?.attempts).toBe(1);
    expect(host.hits(path) - before).toBe(1);
  });

  it('retries a transient failure later, with backoff, and gives up after ANALYSIS_MAX_ATTEMPTS', async () => {
    const id = await queue('/flaky.jpg');
    await drain();
    let s = await state(id);
    expect(s).toMatchObject({ state: 'pending', attempts: 1 });
    expect(s?.reason).toMatch(/^retrying: .*503/);
    const [due] = await t.db.query<{ wait: number }[]>(
      'SELECT extract(epoch FROM next_attempt_at - now())::int AS wait FROM smartcrop_image_analysis WHERE image_id = $1',
      [id],
    );
    expect(due.wait).toBeGreaterThan(20);
    await drain(); // not due yet: untouched
    expect((await state(id))?.attempts).toBe(1);
    for (let i = 0; i < 2; i++) {
      await t.db.query('UPDATE smartcrop_image_analysis SET next_attempt_at = now() WHERE image_id = $1', [
        id,
      ]);
      await drain();
    }
    s = await state(id);
    expect(s).toMatchObject({ state: 'failed', attempts: 3 });
    expect(s?.reason).toMatch(/^unreachable: gave up after 3 attempts/);
    await t.db.query('UPDATE smartcrop_image_analysis SET next_attempt_at = now() WHERE image_id = $1', [id]);
    await drain();
    expect((await state(id))?.attempts).toBe(3);
  });

  it('re-analyses images of an older engine version only when the analyse job is run', async () => {
    const id = await queue('/face.jpg');
    await drain();
    await t.db.query('UPDATE smartcrop_image_analysis SET engine_version = $2 WHERE image_id = $1', [
      id,
      ENGINE_VERSION - 1,
    ]);
    await drain(); // nothing implicit: still the old version
    expect((await state(id))?.engine_version).toBe(ENGINE_VERSION - 1);
    const report = await t.app.get(JobRegistry).get('analyse')!('cli', null, { stale: true });
    expect(report.outcome).toBe('success');
    expect(report.rows).toBeGreaterThanOrEqual(1);
    expect((await state(id))?.state).toBe('pending');
    await drain();
    expect(await state(id)).toMatchObject({ state: 'done', engine_version: ENGINE_VERSION });
  });

  it('runs the worker only in the worker and all roles, with a concurrency above 0', () => {
    const enabled = (env: Record<string, string>) =>
      new AnalysisWorker(
        loadConfig({ ...env, NODE_ENV: 'test' }),
        t.app.get(AnalysisRepository),
        null as never,
        null as never,
      ).enabled;
    expect(enabled({})).toBe(true);
    expect(enabled({ PROCESS_ROLE: 'worker' })).toBe(true);
    expect(enabled({ PROCESS_ROLE: 'api' })).toBe(false);
    expect(enabled({ PROCESS_ROLE: 'all', ANALYSIS_CONCURRENCY: '0' })).toBe(false);
    expect(() => loadConfig({ PROCESS_ROLE: 'both' })).toThrow(/PROCESS_ROLE/);
  });
});
