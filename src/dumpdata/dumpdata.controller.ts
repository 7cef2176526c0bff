import { Controller, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type AuthUser } from '../common/auth.decorators.js';
import { ApiJobTrigger, toRunResponse, JobRunResponse } from '../jobs/job-report.js';
import { JobStartedDto, WaitQuery } from '../jobs/job-run.dto.js';
import { JobsService } from '../jobs/jobs.service.js';
import { DumpDataQuery } from './dumpdata.dto.js';
import { DumpDataService } from './dumpdata.service.js';

@ApiTags('dumpdata')
@Controller('dumpdata')
export class DumpDataController {
  constructor(
    private readonly dump: DumpDataService,
    private readonly jobs: JobsService,
  ) {}

  @Post('run')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Writes the programme, aspect, summary and audit CSVs for the last date_range days.',
  })
  @ApiJobTrigger(JobRunResponse, 'The dump job is already running')
  run(
    @Query() q: DumpDataQuery,
    @Query() w: WaitQuery,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobRunResponse | JobStartedDto> {
    return this.jobs.trigger(w.wait, res, () =>
      this.dump.run('api', user.id, q.date_range).then(toRunResponse),
    );
  }
}
