import { ApiProperty } from '@nestjs/swagger';

export class LookupItem {
  @ApiProperty({ example: 1 }) Id!: number;
  @ApiProperty({ example: 'Poster' }) Title!: string;
}

export class RejectReasonItem {
  @ApiProperty({ example: 1 }) Id!: number;
  @ApiProperty({ example: 'Low resolution' }) Reason!: string;
}

export class AspectRatioItem {
  @ApiProperty({ example: 1 }) Id!: number;
  @ApiProperty({ example: '16:9' }) Title!: string;
  @ApiProperty({ example: 16 }) Width!: number;
  @ApiProperty({ example: 9 }) Height!: number;
}
