import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { analysesImages, type AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { AnalysisRepository } from './analysis.repository.js';
import { AnalysisService } from './analysis.service.js';
import { AutoCropService } from './autocrop.service.js';

/** The rest after an image that took `busyMs`, so that a slot works `share` percent of the time. */
export const restAfter = (busyMs: number, share: number): number => (busyMs * (100 - share)) / share;

/** A claimed image is handed back to the queue if its worker has not finished it in this long. */
export const LEASE_SECONDS = 300;

/**
 * The background analysis of queued images, in processes whose PROCESS_ROLE is worker or all and that
 * run background jobs (see `enabled`): up to ANALYSIS_CONCURRENCY images at once, each claimed from the
 * PostgreSQL queue (SKIP LOCKED), so any number of processes share the queue and each image is analysed
 * once. An idle slot polls every ANALYSIS_POLL_MS. Analysis never touches a lock on the image, so claiming work is never held up by it.
 * Each slot works ANALYSIS_CPU_SHARE percent of the time: after an image it rests in proportion to the time
 * that image took. Where the analysis shares the machine with HTTP this is what keeps the claims' median
 * (bench:analysis: a niced process alone still raised it ~40% on two cores; the cores and PostgreSQL are
 * shared whatever the priority).
 */
@Injectable()
export class AnalysisWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AnalysisWorker.name);
  private readonly slots: Promise<void>[] = [];
  private readonly stop = new AbortController();
  private processed = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: AnalysisRepository,
    private readonly analysis: AnalysisService,
    private readonly autocrop: AutoCropService,
  ) {}

  /**
   * Off in an API-only process, with ANALYSIS_CONCURRENCY=0, and where background jobs do not run
   * (BACKGROUND_JOBS=false: workers 2..N of WEB_CONCURRENCY), so a cluster analyses in worker 1 only,
   * as it sweeps locks and runs crons there.
   */
  get enabled(): boolean {
    return analysesImages(this.config);
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    for (let i = 0; i < this.config.analysis.concurrency; i++) this.slots.push(this.loop());
    const { concurrency, cpuShare } = this.config.analysis;
    this.logger.log({ concurrency, cpuShare }, 'Image analysis worker started');
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await Promise.allSettled(this.slots);
  }

  private async loop(): Promise<void> {
    while (!this.stop.signal.aborted) {
      let worked = false;
      const started = performance.now();
      try {
        worked = (await this.drainOnce()) > 0;
      } catch (err) {
        this.logger.warn({ err }, 'Analysis queue unavailable; retrying');
      }
      const rest = worked
        ? restAfter(performance.now() - started, this.config.analysis.cpuShare)
        : this.config.analysis.pollMs;
      if (rest > 0) await sleep(rest, undefined, { signal: this.stop.signal }).catch(() => undefined);
    }
  }

  /** Claims and analyses at most one due image; returns how many it took (0 when none is due). */
  async drainOnce(): Promise<number> {
    const [job] = await this.repo.claim(1, LEASE_SECONDS);
    if (!job) return 0;
    const outcome = await this.analysis.run(job);
    this.processed++;
    if (outcome === 'done') {
      // a confident programme of an auto-crop provider moves on now; a failure here leaves it to Operators
      await this.autocrop.afterAnalysis(job.image_id).catch((err: unknown) => {
        this.logger.warn(
          { err, imageId: job.image_id },
          'Auto-crop failed; the programme stays with Operators',
        );
      });
    }
    return 1;
  }

  /** Images this process has analysed (any outcome). */
  get count(): number {
    return this.processed;
  }
}
