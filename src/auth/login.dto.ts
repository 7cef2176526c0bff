import { ApiProperty } from '@nestjs/swagger';
import { int32 } from '../common/api-docs.js';
import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class LoginRequest {
  @ApiProperty({ example: 'admin@smartcrop.local' })
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(254)
  EmailID!: string;

  @ApiProperty({ example: 'correct horse battery staple', format: 'password' })
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(1024)
  Password!: string;
}

export class UserSummary {
  @ApiProperty({ ...int32, example: 1 }) UserId!: number;
  @ApiProperty({ example: 'operator@smartcrop.local' }) EmailID!: string;
  @ApiProperty({ example: 'Ada' }) FirstName!: string;
  @ApiProperty({ example: 'Lovelace' }) LastName!: string;
  @ApiProperty({ example: 'Operator' }) Role!: string;
}

export class LoginResponse {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjd9.c2lnbmF0dXJl', description: 'A JWT' })
  Token!: string;
  @ApiProperty({ example: 'Bearer' }) TokenType!: string;
  @ApiProperty({ ...int32, example: 28800, description: 'Seconds until the token expires' })
  ExpiresIn!: number;
  @ApiProperty({ type: UserSummary }) User!: UserSummary;
}
