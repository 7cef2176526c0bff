import { Module } from '@nestjs/common';
import { BatchJobModule } from '../batchjob/batchjob.module.js';
import { DumpDataModule } from '../dumpdata/dumpdata.module.js';
import { FilewatcherModule } from '../filewatcher/filewatcher.module.js';
import { SmartCropModule } from '../smartcrop/smartcrop.module.js';
import { ExportScheduler } from './export.scheduler.js';
import { FilewatcherScheduler } from './filewatcher.scheduler.js';
import { JobRegistry } from './job-registry.js';

/**
 * The floor above the domains: the jobs' cron ticks and the name → job registry used by the CLI. It imports
 * the domain modules for their services; nothing below it imports this folder.
 */
@Module({
  imports: [BatchJobModule, DumpDataModule, FilewatcherModule, SmartCropModule],
  providers: [ExportScheduler, FilewatcherScheduler, JobRegistry],
  exports: [JobRegistry, ExportScheduler],
})
export class JobSchedulerModule {}
