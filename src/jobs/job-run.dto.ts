import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageQuery } from '../common/paging.dto.js';

export const JOB_NAMES = ['batch', 'dump', 'ingest'] as const;

export class JobRunsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: JOB_NAMES, description: 'Only runs of this job' })
  @IsOptional()
  @IsIn(JOB_NAMES, { message: `must be one of ${JOB_NAMES.join(', ')}` })
  job?: (typeof JOB_NAMES)[number];
}

/** `?wait=false`: answer 202 with the run's id at once instead of waiting for the run's summary. */
export class WaitQuery {
  @ApiPropertyOptional({
    type: Boolean,
    default: true,
    description:
      'false: answer 202 with { RunId } at once; the run goes on, its outcome in /jobs/runs/{RunId}',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'must be true or false' })
  wait: boolean = true;
}

export class JobRunParams {
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 1, example: 42 })
  @Type(() => Number)
  @IsInt({ message: 'must be a positive integer' })
  @Min(1, { message: 'must be a positive integer' })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'is too large' })
  RunId!: number;
}

/** Live progress of a running job (the last state recorded, once it has finished). */
export class JobProgressDto {
  @ApiProperty({ example: 120000, description: 'units done so far' }) Done!: number;
  @ApiPropertyOptional({ example: 1000000, description: 'units in all, when known' }) Total?: number;
  @ApiProperty({ example: 'rows' }) Unit!: string;
  @ApiPropertyOptional({ example: 'SmartCrop_20261202_020000.csv' }) File?: string;
  @ApiProperty({ example: '2026-12-02T02:00:05.000Z', format: 'date-time' }) UpdatedAt!: string;
}

/** A job started with `?wait=false`. */
export class JobStartedDto {
  @ApiProperty({ example: 42 }) RunId!: number;
}

export class JobRunDto {
  @ApiProperty() Id!: number;
  @ApiProperty({ enum: JOB_NAMES }) Job!: string;
  @ApiProperty({ enum: ['cron', 'api', 'cli'] }) Trigger!: string;
  @ApiProperty({ nullable: true, type: Number }) TriggeredBy!: number | null;
  @ApiProperty() StartedAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) FinishedAt!: Date | null;
  @ApiProperty({ enum: ['running', 'success', 'nothing_to_export', 'no_files', 'failed', 'interrupted'] })
  Outcome!: string;
  @ApiProperty() Rows!: number;
  @ApiProperty({ type: [String] }) Files!: string[];
  @ApiProperty({ nullable: true, type: String }) Error!: string | null;
  @ApiProperty({ type: Object }) Summary!: Record<string, unknown>;
  @ApiProperty({ type: JobProgressDto, nullable: true }) Progress!: JobProgressDto | null;
}
