import { Controller, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiEnvelope, ApiErrors } from '../common/api-docs.js';
import { CurrentUser, type AuthUser } from '../common/auth.decorators.js';
import { BatchJobService } from '../batchjob/batchjob.service.js';
import { ApiJobTrigger, toRunResponse, JobRunResponse } from '../jobs/job-report.js';
import { JobStartedDto, WaitQuery } from '../jobs/job-run.dto.js';
import { JobsService } from '../jobs/jobs.service.js';
import { DownloadService, type DownloadResult } from './download.service.js';
import { DownloadResultDto, IngestSummaryDto, RunLocalQuery } from './filewatcher.dto.js';
import { IngestService, type IngestSummary } from './ingest.service.js';

@ApiTags('filewatcher')
@Controller('filewatcher')
export class FilewatcherController {
  constructor(
    private readonly ingest: IngestService,
    private readonly downloads: DownloadService,
    private readonly jobs: JobsService,
    private readonly batch: BatchJobService,
  ) {}

  @Post('run-local')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Ingest every manifest in a folder under INGEST_ROOT: each file all or nothing, moved to processed/ or rejected/ ' +
      '(with <name>.error.txt); duplicates skipped. Returns the run summary (wait=false: 202 with { RunId } at once). ' +
      '409 while another ingest runs.',
  })
  @ApiJobTrigger(IngestSummaryDto, 'Another ingest is running', 'The run summary')
  runLocal(
    @CurrentUser() user: AuthUser,
    @Query() q: RunLocalQuery,
    @Query() w: WaitQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IngestSummary | JobStartedDto> {
    return this.jobs.trigger(w.wait, res, () => this.ingest.runLocal(q.folder_path, user.id));
  }

  @Post('download-s3')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Download new .xlsx manifests from the configured S3 sources into the staging folder.',
  })
  @ApiEnvelope(DownloadResultDto)
  @ApiErrors([409, 'No S3 manifest sources are configured'], 503)
  downloadS3(): Promise<DownloadResult> {
    return this.downloads.fromS3();
  }

  @Post('download-sftp')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Download new .xlsx manifests from the configured SFTP directory into the staging folder.',
  })
  @ApiEnvelope(DownloadResultDto)
  @ApiErrors([409, 'SFTP is not configured'], 503)
  downloadSftp(): Promise<DownloadResult> {
    return this.downloads.fromSftp();
  }

  @Post('batch/run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Legacy alias of POST /batchjob/run.' })
  @ApiJobTrigger(JobRunResponse, 'The batch job is already running')
  runBatch(
    @CurrentUser() user: AuthUser,
    @Query() q: WaitQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobRunResponse | JobStartedDto> {
    return this.jobs.trigger(q.wait, res, () => this.batch.run('api', user.id).then(toRunResponse));
  }
}
