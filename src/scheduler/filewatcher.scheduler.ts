import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { JobRunner } from '../jobs/job-runner.js';
import { DownloadService } from '../filewatcher/download.service.js';
import { IngestService } from '../filewatcher/ingest.service.js';

/** FILEWATCHER_CRON: download from the configured sources, then ingest the staging folder (once across replicas). */
@Injectable()
export class FilewatcherScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(FilewatcherScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly downloads: DownloadService,
    private readonly ingest: IngestService,
    private readonly jobs: JobRunner,
  ) {}

  onApplicationBootstrap(): void {
    const cron = this.config.filewatcher.cron;
    if (!cron) return;
    const job = CronJob.from({
      cronTime: cron,
      // the scheduled second: the same in every process, so one tick runs once across replicas
      onTick: () => void this.tick(new Date(Math.floor(Date.now() / 1000) * 1000)),
      timeZone: 'UTC',
    });
    this.registry.addCronJob('filewatcher', job);
    job.start();
  }

  async tick(at: Date): Promise<void> {
    if (this.config.filewatcher.s3Sources.length) {
      await this.downloads
        .fromS3()
        .catch((err: unknown) => this.logger.warn({ err }, 'S3 manifest download failed'));
    }
    if (this.config.sftp) {
      await this.downloads
        .fromSftp()
        .catch((err: unknown) => this.logger.warn({ err }, 'SFTP manifest download failed'));
    }
    await this.jobs
      .runTick('ingest', at, () => this.ingest.stagingResult())
      .catch((err: unknown) => this.logger.error({ err }, 'scheduled ingest failed'));
  }
}
