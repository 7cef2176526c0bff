import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../../src/config/config.js';
import type { AnalysisRepository } from '../../../src/smartcrop/suggest/analysis.repository.js';
import type { AnalysisService } from '../../../src/smartcrop/suggest/analysis.service.js';
import type { AutoCropService } from '../../../src/smartcrop/suggest/autocrop.service.js';
import { AnalysisWorker } from '../../../src/smartcrop/suggest/analysis.worker.js';

/**
 * The worker's loop paced by ANALYSIS_CPU_SHARE, with the queue and the analysis replaced by a queue of
 * IMAGES jobs that each take WORK_MS: the pacing is arithmetic over the loop, the database plays no part
 * in it (analysis.spec.ts and analysis-replicas.spec.ts run the real queue).
 */
const IMAGES = 3;
const WORK_MS = 40;

async function run(env: Record<string, string>): Promise<{ ms: number; finished: number[] }> {
  const config = loadConfig({ NODE_ENV: 'test', ANALYSIS_CONCURRENCY: '1', ANALYSIS_POLL_MS: '50', ...env });
  let left = IMAGES;
  const finished: number[] = [];
  const t0 = performance.now();
  const repo = {
    claim: () => Promise.resolve(left-- > 0 ? [{ image_id: String(left) }] : []),
  } as unknown as AnalysisRepository;
  const analysis = {
    run: async () => {
      await sleep(WORK_MS);
      finished.push(performance.now() - t0);
      return 'failed';
    },
  } as unknown as AnalysisService;
  const worker = new AnalysisWorker(config, repo, analysis, {} as AutoCropService);
  worker.onApplicationBootstrap();
  while (worker.count < IMAGES) await sleep(5);
  const ms = performance.now() - t0;
  await worker.beforeApplicationShutdown();
  return { ms, finished };
}

describe('the analysis worker paced by ANALYSIS_CPU_SHARE', () => {
  it('rests (100 − share) / share of each image’s time before the next, and not at all at 100', async () => {
    // share 20: after each 40 ms image a rest of 160 ms, so three images take at least 40 + 200 + 200 ms.
    // Node's timers may fire up to a millisecond before performance.now() says they are due, and the rest
    // is four times the image's measured time, so the gaps are held to 5% (unpaced, a gap is 40 ms).
    const paced = await run({ ANALYSIS_CPU_SHARE: '20' });
    expect(paced.ms).toBeGreaterThanOrEqual(0.95 * (WORK_MS + 2 * (WORK_MS + 4 * WORK_MS)));
    for (let i = 1; i < IMAGES; i++)
      expect(paced.finished[i] - paced.finished[i - 1]).toBeGreaterThanOrEqual(0.95 * 5 * WORK_MS);

    const full = await run({ ANALYSIS_CPU_SHARE: '100' });
    expect(full.ms).toBeLessThan(paced.ms);
    expect(full.ms).toBeLessThan(IMAGES * 5 * WORK_MS);
  });

  it('stops at shutdown without waiting out a rest', async () => {
    const config = loadConfig({ NODE_ENV: 'test', ANALYSIS_CONCURRENCY: '1', ANALYSIS_CPU_SHARE: '1' });
    let jobs = 1;
    const repo = {
      claim: () => Promise.resolve(jobs-- > 0 ? [{ image_id: '1' }] : []),
    } as unknown as AnalysisRepository;
    const analysis = { run: async () => (await sleep(WORK_MS), 'failed') } as unknown as AnalysisService;
    const worker = new AnalysisWorker(config, repo, analysis, {} as AutoCropService);
    worker.onApplicationBootstrap();
    while (worker.count < 1) await sleep(5);
    // share 1: a rest of 99 × 40 ms ≈ 4 s is under way now
    const t0 = performance.now();
    await worker.beforeApplicationShutdown();
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
