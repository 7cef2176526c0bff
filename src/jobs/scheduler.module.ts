import { Module } from '@nestjs/common';
import { BatchJobModule } from '../batchjob/batchjob.module.js';
import { DumpDataModule } from '../dumpdata/dumpdata.module.js';
import { FilewatcherModule } from '../filewatcher/filewatcher.module.js';
import { SmartCropModule } from '../smartcrop/smartcrop.module.js';
import { ExportScheduler } from './export.scheduler.js';
import { JobRegistry } from './job-registry.js';

/** The export jobs' cron ticks and the name → job registry used by the CLI. */
@Module({
  imports: [BatchJobModule, DumpDataModule, FilewatcherModule, SmartCropModule],
  providers: [ExportScheduler, JobRegistry],
  exports: [JobRegistry, ExportScheduler],
})
export class JobSchedulerModule {}
