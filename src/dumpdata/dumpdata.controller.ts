import { Controller, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEnvelope, ApiErrors } from '../common/api-docs.js';
import { CurrentUser, type AuthUser } from '../common/auth.decorators.js';
import { JobRunResponse, toRunResponse } from '../jobs/job-report.js';
import { DumpDataQuery } from './dumpdata.dto.js';
import { DumpDataService } from './dumpdata.service.js';

@ApiTags('dumpdata')
@Controller('dumpdata')
export class DumpDataController {
  constructor(private readonly dump: DumpDataService) {}

  @Post('run')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Writes the programme, aspect, summary and audit CSVs for the last date_range days.',
  })
  @ApiEnvelope(JobRunResponse)
  @ApiErrors([409, 'The dump job is already running'])
  run(@Query() q: DumpDataQuery, @CurrentUser() user: AuthUser): Promise<JobRunResponse> {
    return this.dump.run('api', user.id, q.date_range).then(toRunResponse);
  }
}
