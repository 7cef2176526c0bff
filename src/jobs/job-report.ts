import { applyDecorators, type Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ApiEnvelope, ApiErrors, int64 } from '../common/api-docs.js';
import { JobStartedDto, SUMMARY } from './job-run.dto.js';
import type { JobRunReport } from './job-runner.js';

/** What a job trigger (API) answers: the ledger row's id and the run's result, PascalCase on the wire. */
export class JobRunResponse {
  @ApiProperty({ ...int64, example: 6, description: 'The job-run ledger row (GET /jobs/runs)' })
  RunId!: number;
  @ApiProperty({ enum: ['success', 'nothing_to_export', 'no_files'], example: 'success' }) Outcome!: string;
  @ApiProperty({ ...int64, example: 600 }) Rows!: number;
  @ApiProperty({ type: [String], example: ['SmartCrop_20261201_020000.csv'] }) Files!: string[];
  @ApiProperty(SUMMARY) Summary!: object;
}

export function toRunResponse(r: JobRunReport): JobRunResponse {
  return {
    RunId: r.runId,
    Outcome: r.outcome,
    Rows: r.rows ?? 0,
    Files: r.files ?? [],
    Summary: r.summary ?? {},
  };
}

/**
 * The answers of an API job trigger: `result` once the run has finished (wait=true, the default), 202 with
 * the run's id at once (wait=false), and 409 (`busy`) while the job runs.
 */
export function ApiJobTrigger(result: Type<unknown>, busy: string, finished = 'The finished run') {
  return applyDecorators(
    ApiEnvelope(result, { description: `${finished} (the default, wait=true)` }),
    ApiEnvelope(JobStartedDto, { status: 202, description: 'wait=false: the run started' }),
    ApiErrors([409, busy]),
  );
}
