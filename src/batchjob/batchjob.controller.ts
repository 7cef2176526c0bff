import { Controller, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type AuthUser } from '../common/auth.decorators.js';
import { ApiJobTrigger, toRunResponse, JobRunResponse } from '../jobs/job-report.js';
import { JobStartedDto, WaitQuery } from '../jobs/job-run.dto.js';
import { JobsService } from '../jobs/jobs.service.js';
import { BatchJobService } from './batchjob.service.js';

const SUMMARY = 'Exports Completed renditions as SmartCrop_YYYYMMDD_HHmmss.csv and stamps them Exported. ';

@ApiTags('batchjob')
@Controller('batchjob')
export class BatchJobController {
  constructor(
    private readonly batch: BatchJobService,
    private readonly jobs: JobsService,
  ) {}

  @Post('run')
  @HttpCode(200)
  @ApiOperation({ summary: SUMMARY })
  @ApiJobTrigger(JobRunResponse, 'The batch job is already running')
  run(
    @CurrentUser() user: AuthUser,
    @Query() q: WaitQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobRunResponse | JobStartedDto> {
    return this.jobs.trigger(q.wait, res, () => this.batch.run('api', user.id).then(toRunResponse));
  }
}
