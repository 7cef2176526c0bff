import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { dateTime, int32, int64 } from '../common/api-docs.js';
import { PageQuery } from '../common/paging.dto.js';

export const JOB_NAMES = ['batch', 'dump', 'ingest', 'analyse'] as const;

export class JobRunsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: JOB_NAMES, example: 'batch', description: 'Only runs of this job' })
  @IsOptional()
  @IsIn(JOB_NAMES, { message: `must be one of ${JOB_NAMES.join(', ')}` })
  job?: (typeof JOB_NAMES)[number];
}

/** `?wait=false`: answer 202 with the run's id at once instead of waiting for the run's summary. */
export class WaitQuery {
  @ApiPropertyOptional({
    type: Boolean,
    default: true,
    example: false,
    description:
      'false: answer 202 with { RunId } at once; the run goes on, its outcome in /jobs/runs/{RunId}',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'must be true or false' })
  wait: boolean = true;
}

export class JobRunParams {
  @ApiProperty({ ...int64, minimum: 1, example: 42 })
  @Type(() => Number)
  @IsInt({ message: 'must be a positive integer' })
  @Min(1, { message: 'must be a positive integer' })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'is too large' })
  RunId!: number;
}

/** Live progress of a running job (the last state recorded, once it has finished). */
export class JobProgressDto {
  @ApiProperty({ ...int64, example: 120000, description: 'units done so far' }) Done!: number;
  @ApiPropertyOptional({ ...int64, example: 1000000, description: 'units in all, when known' })
  Total?: number;
  @ApiProperty({ example: 'rows' }) Unit!: string;
  @ApiPropertyOptional({ example: 'SmartCrop_20261202_020000.csv' }) File?: string;
  @ApiProperty({ ...dateTime, example: '2026-12-02T02:00:05.000Z' }) UpdatedAt!: string;
}

/** A job started with `?wait=false`. */
export class JobStartedDto {
  @ApiProperty({ ...int64, example: 42 }) RunId!: number;
}

/** The run summary a job writes (its keys differ per job), PascalCase at every depth. */
export const SUMMARY = {
  type: 'object',
  additionalProperties: true,
  example: { Images: 120, Renditions: 600, Target: 'folder' },
} as const;

export class JobRunDto {
  @ApiProperty({ ...int64, example: 6 }) Id!: number;
  @ApiProperty({ enum: JOB_NAMES, example: 'batch' }) Job!: string;
  @ApiProperty({ enum: ['cron', 'api', 'cli'], example: 'api' }) Trigger!: string;
  @ApiProperty({ ...int32, nullable: true, example: 1, description: 'The user, for API runs' })
  TriggeredBy!: number | null;
  @ApiProperty({ ...dateTime, example: '2026-12-01T02:00:00.000Z' }) StartedAt!: Date;
  @ApiProperty({ ...dateTime, nullable: true, example: '2026-12-01T02:00:04.512Z' }) FinishedAt!: Date | null;
  @ApiProperty({
    enum: ['running', 'success', 'nothing_to_export', 'no_files', 'failed', 'interrupted'],
    example: 'success',
  })
  Outcome!: string;
  @ApiProperty({ ...int64, example: 600 }) Rows!: number;
  @ApiProperty({ type: [String], example: ['SmartCrop_20261201_020000.csv'] }) Files!: string[];
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why it failed' })
  Error!: string | null;
  @ApiProperty(SUMMARY) Summary!: Record<string, unknown>;
  @ApiProperty({ type: JobProgressDto, nullable: true, example: null }) Progress!: JobProgressDto | null;
}
