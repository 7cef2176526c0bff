import { Module } from '@nestjs/common';
import { BatchJobController } from './batchjob.controller.js';
import { BatchExportRepository } from './batch-export.repository.js';
import { BatchJobService } from './batchjob.service.js';

@Module({
  controllers: [BatchJobController],
  providers: [BatchExportRepository, BatchJobService],
  exports: [BatchJobService],
})
export class BatchJobModule {}
