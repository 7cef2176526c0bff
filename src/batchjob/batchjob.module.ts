import { Module } from '@nestjs/common';
import { BatchJobController, LegacyBatchController } from './batchjob.controller.js';
import { BatchJobService } from './batchjob.service.js';

@Module({
  controllers: [BatchJobController, LegacyBatchController],
  providers: [BatchJobService],
  exports: [BatchJobService],
})
export class BatchJobModule {}
