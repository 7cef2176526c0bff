import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { dateTime, int32 } from '../common/api-docs.js';
import { IsBoolean, IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { MIN_PASSWORD_LENGTH } from './password.service.js';

const Email = () => IsEmail({}, { message: 'must be an e-mail address' });
const Password = () =>
  MinLength(MIN_PASSWORD_LENGTH, { message: `must be at least ${MIN_PASSWORD_LENGTH} characters` });

export class RegisterUserDto {
  @ApiProperty({ example: 'operator@desk.tv' }) @Email() @MaxLength(254) EmailID!: string;
  @ApiProperty({ example: 'Ada' }) @IsString() @MaxLength(100) FirstName!: string;
  @ApiProperty({ example: 'Lovelace' }) @IsString() @MaxLength(100) LastName!: string;
  @ApiProperty({ example: 'a-long-passphrase', minLength: MIN_PASSWORD_LENGTH, format: 'password' })
  @IsString()
  @Password()
  @MaxLength(1024)
  Password!: string;
  @ApiProperty({ example: 'Operator' }) @IsString() @IsNotEmpty() @MaxLength(50) Role!: string;
}

export class UpdateUserDto {
  @ApiProperty({ example: 'operator@desk.tv', description: 'Whom to update' }) @Email() EmailID!: string;
  @ApiPropertyOptional({ example: 'Ada' }) @IsOptional() @IsString() @MaxLength(100) FirstName?: string;
  @ApiPropertyOptional({ example: 'Lovelace' }) @IsOptional() @IsString() @MaxLength(100) LastName?: string;
  @ApiPropertyOptional({
    format: 'password',
    minLength: MIN_PASSWORD_LENGTH,
    example: 'a-new-long-passphrase',
  })
  @IsOptional()
  @IsString()
  @Password()
  @MaxLength(1024)
  Password?: string;
  @ApiPropertyOptional({ example: 'QA' }) @IsOptional() @IsString() @MaxLength(50) Role?: string;
  @ApiPropertyOptional({
    example: false,
    description: 'false deactivates the user (their locks are released)',
  })
  @IsOptional()
  @IsBoolean()
  IsActive?: boolean;
}

export class UpdatePasswordDto {
  @ApiProperty({ example: 'operator@desk.tv' }) @Email() EmailID!: string;
  @ApiPropertyOptional({
    format: 'password',
    example: 'the-old-passphrase',
    description: 'Required unless an Admin sets someone’s password',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  OldPassword?: string;
  @ApiProperty({ format: 'password', minLength: MIN_PASSWORD_LENGTH, example: 'a-new-long-passphrase' })
  @IsString()
  @Password()
  @MaxLength(1024)
  NewPassword!: string;
}

export class EmailDto {
  @ApiProperty({ example: 'operator@desk.tv' }) @Email() EmailID!: string;
}

export class UserDto {
  @ApiProperty({ ...int32, example: 7 }) UserId!: number;
  @ApiProperty({ example: 'operator@desk.tv' }) EmailID!: string;
  @ApiProperty({ example: 'Ada' }) FirstName!: string;
  @ApiProperty({ example: 'Lovelace' }) LastName!: string;
  @ApiProperty({ example: 'Operator' }) Role!: string;
  @ApiProperty({ example: true }) IsActive!: boolean;
  @ApiProperty({ ...dateTime, example: '2026-11-02T08:30:00.000Z' }) CreatedAt!: Date;
}

export class RoleDto {
  @ApiProperty({ ...int32, example: 2 }) Id!: number;
  @ApiProperty({ example: 'Operator' }) Role!: string;
}
