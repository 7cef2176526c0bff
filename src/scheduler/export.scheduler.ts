import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { BatchJobService } from '../batchjob/batchjob.service.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DumpDataService } from '../dumpdata/dumpdata.service.js';
import { JobRunner, type JobRunReport, type JobWork } from '../jobs/job-runner.js';

/** The nightly dump covers the last day; other ranges are for the API and the CLI. */
const CRON_DUMP_RANGE = 1;

/**
 * BATCHJOB_CRON and DUMPDATA_CRON (UTC; empty disables). Every process schedules the ticks; the job's
 * advisory lock plus the tick's ledger row make one tick run once, and a tick finding the job still
 * running logs and skips.
 */
@Injectable()
export class ExportScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ExportScheduler.name);
  private readonly names: string[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly runner: JobRunner,
    private readonly batch: BatchJobService,
    private readonly dump: DumpDataService,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule('batch', this.config.exports.batchCron);
    this.schedule('dump', this.config.exports.dumpCron);
  }

  private schedule(job: 'batch' | 'dump', expression: string): void {
    if (!expression.trim()) return;
    const name = `smartcrop:${job}`;
    const cron = CronJob.from({
      cronTime: expression,
      timeZone: 'UTC',
      start: true,
      onTick: () => {
        // the scheduled second: the same in every process whatever each one's small delay
        void this.tick(job, new Date(Math.floor(Date.now() / 1000) * 1000)).catch(() => undefined);
      },
    });
    this.registry.addCronJob(name, cron);
    this.names.push(name);
    this.logger.log({ job, cron: expression }, `${job} scheduled`);
  }

  /** One cron tick of `job` (public for tests that fire the same tick in several processes). */
  async tick(job: 'batch' | 'dump', at: Date): Promise<JobRunReport | null> {
    const work: JobWork = (runId, progress) =>
      job === 'batch'
        ? this.batch.export(runId, null, progress)
        : this.dump.dump(runId, CRON_DUMP_RANGE, progress);
    try {
      const report = await this.runner.runTick(job, at, work);
      if (!report) this.logger.log({ job, tick: at.toISOString() }, `${job} tick skipped`);
      return report;
    } catch (err) {
      // already recorded in the ledger by the runner; a failed tick must not crash the process
      this.logger.error({ job, err: err instanceof Error ? err.message : String(err) }, `${job} tick failed`);
      throw err;
    }
  }

  beforeApplicationShutdown(): void {
    for (const name of this.names) {
      if (this.registry.doesExist('cron', name)) void this.registry.getCronJob(name).stop();
    }
  }
}
