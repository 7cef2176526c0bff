import { Global, Module } from '@nestjs/common';
import { JobRunRepository } from './job-run.repository.js';
import { JobRunner } from './job-runner.js';
import { JobsController } from './jobs.controller.js';

@Global()
@Module({
  controllers: [JobsController],
  providers: [JobRunRepository, JobRunner],
  exports: [JobRunRepository, JobRunner],
})
export class JobsModule {}
