import { ApiProperty } from '@nestjs/swagger';
import { int32 } from '../common/api-docs.js';

export class LookupItem {
  @ApiProperty({ ...int32, example: 1 }) Id!: number;
  @ApiProperty({ example: 'Poster' }) Title!: string;
}

export class RejectReasonItem {
  @ApiProperty({ ...int32, example: 1 }) Id!: number;
  @ApiProperty({ example: 'Low resolution' }) Reason!: string;
}

export class AspectRatioItem {
  @ApiProperty({ ...int32, example: 1 }) Id!: number;
  @ApiProperty({ example: '16:9' }) Title!: string;
  @ApiProperty({ ...int32, example: 16 }) Width!: number;
  @ApiProperty({ ...int32, example: 9 }) Height!: number;
}
