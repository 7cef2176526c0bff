import { Module } from '@nestjs/common';
import { DownloadRepository } from './download.repository.js';
import { DownloadService } from './download.service.js';
import { FilewatcherController } from './filewatcher.controller.js';
import { IngestRepository } from './ingest.repository.js';
import { IngestService } from './ingest.service.js';

@Module({
  controllers: [FilewatcherController],
  providers: [IngestRepository, IngestService, DownloadRepository, DownloadService],
  exports: [IngestService, DownloadService],
})
export class FilewatcherModule {}
