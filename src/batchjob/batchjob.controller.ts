import { Controller, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiEnvelope, ApiErrors } from '../common/api-docs.js';
import { CurrentUser, type AuthUser } from '../common/auth.decorators.js';
import { toRunResponse, JobRunResponse } from '../jobs/job-report.js';
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
  @ApiEnvelope(JobRunResponse, { description: 'The finished run (the default, wait=true)' })
  @ApiEnvelope(JobStartedDto, { status: 202, description: 'wait=false: the run started' })
  @ApiErrors([409, 'The batch job is already running'])
  run(
    @CurrentUser() user: AuthUser,
    @Query() q: WaitQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobRunResponse | JobStartedDto> {
    return this.jobs.trigger(q.wait, res, () => this.batch.run('api', user.id).then(toRunResponse));
  }
}

/** The legacy path to the same batch export. */
@ApiTags('filewatcher')
@Controller('filewatcher')
export class LegacyBatchController {
  constructor(
    private readonly batch: BatchJobService,
    private readonly jobs: JobsService,
  ) {}

  @Post('batch/run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Legacy alias of POST /batchjob/run.' })
  @ApiEnvelope(JobRunResponse, { description: 'The finished run (the default, wait=true)' })
  @ApiEnvelope(JobStartedDto, { status: 202, description: 'wait=false: the run started' })
  @ApiErrors([409, 'The batch job is already running'])
  run(
    @CurrentUser() user: AuthUser,
    @Query() q: WaitQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobRunResponse | JobStartedDto> {
    return this.jobs.trigger(q.wait, res, () => this.batch.run('api', user.id).then(toRunResponse));
  }
}
