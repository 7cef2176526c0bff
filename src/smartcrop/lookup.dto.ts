import { ApiProperty } from '@nestjs/swagger';
import { int32 } from '../common/api-docs.js';
import { IntField } from '../common/int.decorators.js';

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
  @ApiProperty({ ...int32, example: 1280, description: 'Smallest rendition width accepted (0 = no minimum)' })
  MinWidth!: number;
  @ApiProperty({ ...int32, example: 720, description: 'Smallest rendition height accepted (0 = no minimum)' })
  MinHeight!: number;
}

export class UpdateAspectRatioMinimumDto {
  @ApiProperty({ example: 1 }) @IntField() Id!: number;
  @ApiProperty({ example: 1280 }) @IntField({ min: 0 }) MinWidth!: number;
  @ApiProperty({ example: 720 }) @IntField({ min: 0 }) MinHeight!: number;
}
