import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth.decorators.js';
import { AuthService } from './auth.service.js';
import { LoginRequest, LoginResponse } from './login.dto.js';

@ApiTags('user')
@Controller('user')
export class UserController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('Login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with e-mail and password; returns a bearer token. Public.' })
  @ApiOkResponse({ type: LoginResponse })
  login(@Body() body: LoginRequest): Promise<LoginResponse> {
    return this.auth.login(body);
  }
}
