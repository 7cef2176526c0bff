import { Module } from '@nestjs/common';
import { BatchJobModule } from '../batchjob/batchjob.module.js';
import { DownloadRepository } from './download.repository.js';
import { DownloadService } from './download.service.js';
import { FilewatcherController } from './filewatcher.controller.js';
import { IngestRepository } from './ingest.repository.js';
import { IngestService } from './ingest.service.js';

@Module({
  // the legacy POST /filewatcher/batch/run is the batch export under the filewatcher's path
  imports: [BatchJobModule],
  controllers: [FilewatcherController],
  providers: [IngestRepository, IngestService, DownloadRepository, DownloadService],
  exports: [IngestService, DownloadService],
})
export class FilewatcherModule {}
