import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../common/paging.dto.js';

export const JOB_NAMES = ['batch', 'dump', 'ingest'] as const;

export class JobRunsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: JOB_NAMES, description: 'Only runs of this job' })
  @IsOptional()
  @IsIn(JOB_NAMES, { message: `must be one of ${JOB_NAMES.join(', ')}` })
  job?: (typeof JOB_NAMES)[number];
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
}
