import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { int32 } from '../common/api-docs.js';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IntField } from '../common/int.decorators.js';

const Status = () => IsInt({ message: 'must be an integer status 1 to 5' });

export class CreateRuleDto {
  @ApiProperty({
    ...int32,
    example: 2,
    description: 'The stage the rule applies to (2: the share of programmes sent to QA)',
  })
  @Status()
  @Min(1, { message: 'must be a status from 1 to 5' })
  @Max(5, { message: 'must be a status from 1 to 5' })
  Status!: number;

  @ApiProperty({ ...int32, example: 30, minimum: 0, maximum: 100 })
  @IsInt({ message: 'must be an integer from 0 to 100' })
  @Min(0, { message: 'must be from 0 to 100' })
  @Max(100, { message: 'must be from 0 to 100' })
  Percentage!: number;
}

export class RuleIdDto {
  @ApiProperty({ example: 1 }) @IntField() Id!: number;
}

export class UpdateRuleDto extends RuleIdDto {
  @ApiPropertyOptional({ ...int32, example: 2 })
  @IsOptional()
  @Status()
  @Min(1, { message: 'must be a status from 1 to 5' })
  @Max(5, { message: 'must be a status from 1 to 5' })
  Status?: number;

  @ApiPropertyOptional({ ...int32, example: 50 })
  @IsOptional()
  @IsInt({ message: 'must be an integer from 0 to 100' })
  @Min(0, { message: 'must be from 0 to 100' })
  @Max(100, { message: 'must be from 0 to 100' })
  Percentage?: number;

  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() IsActive?: boolean;
}

export class RuleDto {
  @ApiProperty({ ...int32, example: 1 }) Id!: number;
  @ApiProperty({ ...int32, example: 2 }) Status!: number;
  @ApiProperty({ ...int32, example: 30 }) Percentage!: number;
  @ApiProperty({ example: true }) IsActive!: boolean;
}

export class RoleNameDto {
  @ApiProperty({ example: 'Supervisor' }) @IsString() @IsNotEmpty() @MaxLength(50) Role!: string;
}

export class RenameRoleDto extends RoleNameDto {
  @ApiProperty({ example: 4 }) @IntField() Id!: number;
}

export class QcDisableQuery {
  @ApiPropertyOptional({
    // a boolean as the query string carries one ("true"/"false"), so generated clients send a boolean
    type: Boolean,
    example: true,
    description: 'Set explicitly; without it the switch flips',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value[0] : value))
  disable?: 'true' | 'false';
}

export class QcStatusDto {
  @ApiProperty({ example: false }) QCDisabled!: boolean;
}
