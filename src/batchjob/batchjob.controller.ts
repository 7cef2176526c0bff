import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEnvelope, ApiErrors } from '../common/api-docs.js';
import { CurrentUser, type AuthUser } from '../common/auth.decorators.js';
import { JobRunResponse, toRunResponse } from '../jobs/job-report.js';
import { BatchJobService } from './batchjob.service.js';

@ApiTags('batchjob')
@Controller('batchjob')
export class BatchJobController {
  constructor(private readonly batch: BatchJobService) {}

  @Post('run')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exports Completed renditions as SmartCrop_YYYYMMDD_HHmmss.csv and stamps them Exported.',
  })
  @ApiEnvelope(JobRunResponse)
  @ApiErrors([409, 'The batch job is already running'])
  run(@CurrentUser() user: AuthUser): Promise<JobRunResponse> {
    return this.batch.run('api', user.id).then(toRunResponse);
  }
}

/** The legacy path to the same batch export. */
@ApiTags('filewatcher')
@Controller('filewatcher')
export class LegacyBatchController {
  constructor(private readonly batch: BatchJobService) {}

  @Post('batch/run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Legacy alias of POST /batchjob/run.' })
  @ApiEnvelope(JobRunResponse)
  @ApiErrors([409, 'The batch job is already running'])
  run(@CurrentUser() user: AuthUser): Promise<JobRunResponse> {
    return this.batch.run('api', user.id).then(toRunResponse);
  }
}
