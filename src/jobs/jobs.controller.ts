import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEnvelope, ApiErrors, ApiPaged } from '../common/api-docs.js';
import type { Page } from '../common/response.js';
import { JobRunDto, JobRunParams, JobRunsQuery } from './job-run.dto.js';
import { JobsService } from './jobs.service.js';

@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get('runs')
  @ApiOperation({
    summary: 'The job-run ledger, newest first (batch, dump, ingest; cron, API or CLI).',
  })
  @ApiPaged(JobRunDto)
  runsPage(@Query() q: JobRunsQuery): Promise<Page<JobRunDto>> {
    return this.jobs.page(q.job, q.offset, q.pageNumber, q.pageSize);
  }

  @Get('runs/:RunId')
  @ApiOperation({
    summary: 'One run of a job, with its live Progress while it runs (Done, Total when known, Unit).',
  })
  @ApiEnvelope(JobRunDto)
  @ApiErrors([404, 'No run has this id'])
  run(@Param() p: JobRunParams): Promise<JobRunDto> {
    return this.jobs.get(p.RunId);
  }
}
