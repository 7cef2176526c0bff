import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, type TestApp } from '../../harness/app.js';
import { makeImage } from '../fixtures.js';
import { AnalysisWorker } from '../../../src/smartcrop/suggest/analysis.worker.js';
import { imageHost } from './image-host.js';

const IMAGES = 12;

describe('two processes analysing one queue', () => {
  let a: TestApp;
  let b: TestApp;
  let host: Awaited<ReturnType<typeof imageHost>>;

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await host?.close();
  });

  it('analyses each image exactly once, whichever process takes it', async () => {
    const bytes = await makeImage(480, 270, 'jpeg');
    const paths = Array.from({ length: IMAGES }, (_, i) => `/img${i}.jpg`);
    host = await imageHost(Object.fromEntries(paths.map((p) => [p, { bytes }])));
    const env = { FETCH_ALLOW_HOSTS: '127.0.0.1', ANALYSIS_CONCURRENCY: '2', ANALYSIS_POLL_MS: '50' };
    a = await startTestApp(env);
    for (const p of paths) await a.factory.queue({ Provider: 'Replicas', ImageUrl: host.url(p) });
    b = await startTestApp(env, { database: a.database });

    let done = 0;
    for (let i = 0; i < 600 && done < IMAGES; i++) {
      await sleep(100);
      const [row] = await a.db.query<{ n: number }[]>(
        "SELECT count(*)::int AS n FROM smartcrop_image_analysis WHERE state = 'done'",
      );
      done = row.n;
    }
    expect(done).toBe(IMAGES);
    expect(paths.map((p) => host.hits(p))).toEqual(paths.map(() => 1));
    const attempts = await a.db.query<{ attempts: number }[]>(
      'SELECT attempts FROM smartcrop_image_analysis',
    );
    expect(attempts.map((r) => r.attempts)).toEqual(paths.map(() => 1));
    expect(a.app.get(AnalysisWorker).count + b.app.get(AnalysisWorker).count).toBe(IMAGES);
  });
});
