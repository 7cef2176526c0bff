import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../common/paging.dto.js';

export class TotalsDto {
  @ApiProperty({ example: 1_000_000 }) Total!: number;
  @ApiProperty({ example: 612_000 }) OperatorQueued!: number;
  @ApiProperty({ example: 75 }) OperatorLocked!: number;
  @ApiProperty({ example: 40_210 }) QAQueued!: number;
  @ApiProperty({ example: 25 }) QALocked!: number;
  @ApiProperty({ example: 12_000 }) Completed!: number;
  @ApiProperty({ example: 3_100 }) Rejected!: number;
  @ApiProperty({ example: 332_590 }) Exported!: number;
}

export class ProviderTotalsDto {
  @ApiProperty({ example: 'PressSite' }) ProviderName!: string;
  @ApiProperty({ example: 250_000 }) Total!: number;
  @ApiProperty({ example: 150_000 }) OperatorQueued!: number;
  @ApiProperty({ example: 9_000 }) QAQueued!: number;
  @ApiProperty({ example: 3_000 }) Completed!: number;
  @ApiProperty({ example: 800 }) Rejected!: number;
  @ApiProperty({ example: 87_200 }) Exported!: number;
  @ApiProperty({ example: '2026-11-25T02:00:00.000Z', nullable: true, type: Date })
  LastIngestedAt!: Date | null;
  @ApiProperty({
    example: '2026-11-20T06:00:00.000Z',
    nullable: true,
    type: Date,
    description:
      'When the oldest image still queued (not locked) at the Operator stage came in; null when none is queued',
  })
  OperatorOldestQueuedAt!: Date | null;
  @ApiProperty({
    example: '2026-11-24T18:30:00.000Z',
    nullable: true,
    type: Date,
    description: 'The same for the QA stage',
  })
  QAOldestQueuedAt!: Date | null;
}

export const PROVIDER_SORTS = [
  'ProviderName',
  'Total',
  'OperatorQueued',
  'LastIngestedAt',
  'OperatorOldestQueuedAt',
  'QAOldestQueuedAt',
] as const;
export type ProviderSort = (typeof PROVIDER_SORTS)[number];

export class ProviderListQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: PROVIDER_SORTS,
    default: 'ProviderName',
    description: 'Sort column (largest first for counts and LastIngestedAt; oldest first for the queue ages)',
  })
  @IsOptional()
  @IsIn(PROVIDER_SORTS, { message: `must be one of ${PROVIDER_SORTS.join(', ')}` })
  sortBy: ProviderSort = 'ProviderName';
}
