import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { dateTime, int32, int64 } from '../common/api-docs.js';
import { PageQuery } from '../common/paging.dto.js';

export const JOB_NAMES = ['batch', 'dump', 'ingest'] as const;

export class JobRunsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: JOB_NAMES, example: 'batch', description: 'Only runs of this job' })
  @IsOptional()
  @IsIn(JOB_NAMES, { message: `must be one of ${JOB_NAMES.join(', ')}` })
  job?: (typeof JOB_NAMES)[number];
}

/** The run summary a job writes (its keys differ per job), shown as it was stored. */
export const SUMMARY = {
  type: 'object',
  additionalProperties: true,
  example: { images: 120, renditions: 600, target: 'folder' },
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
}
