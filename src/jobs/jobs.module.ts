import { Global, Module } from '@nestjs/common';
import { JobRunRepository } from './job-run.repository.js';
import { JobRunner } from './job-runner.js';
import { JobsController } from './jobs.controller.js';
import { JobsService } from './jobs.service.js';

@Global()
@Module({
  controllers: [JobsController],
  providers: [JobRunRepository, JobRunner, JobsService],
  exports: [JobRunRepository, JobRunner, JobsService],
})
export class JobsModule {}
