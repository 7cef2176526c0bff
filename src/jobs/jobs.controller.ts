import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPaged } from '../common/api-docs.js';
import { toPage, type Page } from '../common/response.js';
import { JobRunRepository, type JobRunRow } from './job-run.repository.js';
import { JobRunDto, JobRunsQuery } from './job-run.dto.js';

@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(private readonly runs: JobRunRepository) {}

  @Get('runs')
  @ApiOperation({
    summary: 'The job-run ledger, newest first (batch, dump, ingest; cron, API or CLI).',
  })
  @ApiPaged(JobRunDto)
  async runsPage(@Query() q: JobRunsQuery): Promise<Page<JobRunRow>> {
    const { items, total } = await this.runs.page(q.job, q.offset, q.pageSize);
    return toPage(items, total, q.pageNumber, q.pageSize);
  }
}
