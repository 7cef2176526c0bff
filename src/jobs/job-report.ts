import { ApiProperty } from '@nestjs/swagger';
import type { JobRunReport } from './job-runner.js';

/** What a job trigger (API) answers: the ledger row's id and the run's result, PascalCase on the wire. */
export class JobRunResponse {
  @ApiProperty() RunId!: number;
  @ApiProperty({ enum: ['success', 'nothing_to_export', 'no_files'] }) Outcome!: string;
  @ApiProperty() Rows!: number;
  @ApiProperty({ type: [String] }) Files!: string[];
  @ApiProperty({ type: Object }) Summary!: object;
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
