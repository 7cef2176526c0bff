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
}

export const PROVIDER_SORTS = ['ProviderName', 'Total', 'OperatorQueued', 'LastIngestedAt'] as const;
export type ProviderSort = (typeof PROVIDER_SORTS)[number];

export class ProviderListQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: PROVIDER_SORTS,
    default: 'ProviderName',
    description: 'Sort column (largest first for counts and dates)',
  })
  @IsOptional()
  @IsIn(PROVIDER_SORTS, { message: `must be one of ${PROVIDER_SORTS.join(', ')}` })
  sortBy: ProviderSort = 'ProviderName';
}
