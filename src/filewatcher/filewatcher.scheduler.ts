import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { JobAlreadyRunning } from '../jobs/job-runner.js';
import { DownloadService } from './download.service.js';
import { IngestService } from './ingest.service.js';

/** FILEWATCHER_CRON: download from the configured sources, then ingest the staging folder (once across replicas). */
@Injectable()
export class FilewatcherScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(FilewatcherScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly downloads: DownloadService,
    private readonly ingest: IngestService,
  ) {}

  onApplicationBootstrap(): void {
    const cron = this.config.filewatcher.cron;
    if (!cron) return;
    const job = CronJob.from({ cronTime: cron, onTick: () => void this.tick(), timeZone: 'UTC' });
    this.registry.addCronJob('filewatcher', job);
    job.start();
  }

  async tick(): Promise<void> {
    if (this.config.filewatcher.s3Sources.length)
      await this.downloads.fromS3().catch((err: unknown) => this.logger.warn({ err }, 'S3 download failed'));
    if (this.config.sftp)
      await this.downloads
        .fromSftp()
        .catch((err: unknown) => this.logger.warn({ err }, 'SFTP download failed'));
    try {
      await this.ingest.runStaging('cron', null);
    } catch (err) {
      if (err instanceof JobAlreadyRunning)
        this.logger.log('ingest already running elsewhere; this tick skips');
      else this.logger.error({ err }, 'scheduled ingest failed');
    }
  }
}
