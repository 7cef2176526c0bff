import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { int32 } from '../common/api-docs.js';

export class DumpDataQuery {
  @ApiProperty({
    ...int32,
    minimum: 1,
    maximum: 30,
    example: 7,
    description: 'Days of reports and audit to include',
  })
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number from 1 to 30' })
  @Min(1)
  @Max(30)
  date_range!: number;
}
