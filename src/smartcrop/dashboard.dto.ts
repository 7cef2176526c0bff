import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { dateTime, int64 } from '../common/api-docs.js';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../common/paging.dto.js';

const autoCropped = (scope: string) => ({
  ...int64,
  example: 52_000,
  description:
    `Images${scope} whose Operator stage the service did by auto-crop, each counted once whatever happened to it ` +
    'since (also counted in the stage it is at now)',
});
const autoCroppedSentBack = {
  ...int64,
  example: 1_300,
  description: 'Of the AutoCropped images, those QA sent back to the Operator stage (each counted once)',
};

export class TotalsDto {
  @ApiProperty({ ...int64, example: 1_000_000 }) Total!: number;
  @ApiProperty({ ...int64, example: 612_000 }) OperatorQueued!: number;
  @ApiProperty({ ...int64, example: 75 }) OperatorLocked!: number;
  @ApiProperty({ ...int64, example: 40_210 }) QAQueued!: number;
  @ApiProperty({ ...int64, example: 25 }) QALocked!: number;
  @ApiProperty({ ...int64, example: 12_000 }) Completed!: number;
  @ApiProperty({ ...int64, example: 3_100 }) Rejected!: number;
  @ApiProperty({ ...int64, example: 332_590 }) Exported!: number;
  @ApiProperty(autoCropped('')) AutoCropped!: number;
  @ApiProperty(autoCroppedSentBack) AutoCroppedSentBack!: number;
}

export class ProviderTotalsDto {
  @ApiProperty({ example: 'PressSite' }) ProviderName!: string;
  @ApiProperty({ ...int64, example: 250_000 }) Total!: number;
  @ApiProperty({ ...int64, example: 150_000 }) OperatorQueued!: number;
  @ApiProperty({ ...int64, example: 9_000 }) QAQueued!: number;
  @ApiProperty({ ...int64, example: 3_000 }) Completed!: number;
  @ApiProperty({ ...int64, example: 800 }) Rejected!: number;
  @ApiProperty({ ...int64, example: 87_200 }) Exported!: number;
  @ApiProperty(autoCropped(' of the provider')) AutoCropped!: number;
  @ApiProperty(autoCroppedSentBack) AutoCroppedSentBack!: number;
  @ApiProperty({ ...dateTime, example: '2026-11-25T02:00:00.000Z', nullable: true })
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
    example: 'Total',
    description: 'Sort column (largest first for counts and LastIngestedAt; oldest first for the queue ages)',
  })
  @IsOptional()
  @IsIn(PROVIDER_SORTS, { message: `must be one of ${PROVIDER_SORTS.join(', ')}` })
  sortBy: ProviderSort = 'ProviderName';
}
