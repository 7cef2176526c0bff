import { Module } from '@nestjs/common';
import { DownloadRepository } from './download.repository.js';
import { DownloadService } from './download.service.js';
import { FilewatcherController } from './filewatcher.controller.js';
import { FilewatcherScheduler } from './filewatcher.scheduler.js';
import { IngestRepository } from './ingest.repository.js';
import { IngestService } from './ingest.service.js';

@Module({
  controllers: [FilewatcherController],
  providers: [IngestRepository, IngestService, DownloadRepository, DownloadService, FilewatcherScheduler],
  exports: [IngestService],
})
export class FilewatcherModule {}
