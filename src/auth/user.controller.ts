import { Body, Controller, Get, HttpCode, Ip, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles, type AuthUser } from '../common/auth.decorators.js';
import { AuthService } from './auth.service.js';
import { LoginRequest, LoginResponse } from './login.dto.js';
import { EmailDto, RegisterUserDto, RoleDto, UpdatePasswordDto, UpdateUserDto, UserDto } from './user.dto.js';
import { UserService } from './user.service.js';

@ApiTags('user')
@Controller('user')
export class UserController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UserService,
  ) {}

  @Public()
  @Post('Login')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Sign in with e-mail and password; returns a bearer token. Failed attempts are throttled (429). Public.',
  })
  @ApiOkResponse({ type: LoginResponse })
  login(@Body() body: LoginRequest, @Ip() ip: string): Promise<LoginResponse> {
    return this.auth.login(body, ip);
  }

  @Post('Register')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create a user (unique e-mail, password ≥ 10 characters, an existing role). Admin.',
  })
  @ApiOkResponse({ type: UserDto })
  register(@CurrentUser() actor: AuthUser, @Body() body: RegisterUserDto): Promise<UserDto> {
    return this.users.register(actor, body);
  }

  @Post('Update')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change a user’s names, password, role or active flag (false releases their locks). Admin.',
  })
  @ApiOkResponse({ type: UserDto })
  update(@CurrentUser() actor: AuthUser, @Body() body: UpdateUserDto): Promise<UserDto> {
    return this.users.update(actor, body);
  }

  @Post('UpdatePassword')
  @HttpCode(200)
  @Roles()
  @ApiOperation({
    summary:
      'Change your own password (OldPassword required; wrong ones are throttled like sign-ins, 429), or, as Admin, anyone’s. ' +
      'Earlier tokens of that user stop working. A non-Admin naming any other e-mail, known or not, gets 403. Any signed-in user.',
  })
  @ApiOkResponse({ type: UserDto })
  updatePassword(
    @CurrentUser() actor: AuthUser,
    @Body() body: UpdatePasswordDto,
    @Ip() ip: string,
  ): Promise<UserDto> {
    return this.users.updatePassword(actor, body, ip);
  }

  @Post('UserRoleDetails')
  @HttpCode(200)
  @ApiOperation({ summary: 'The roles the user may be given (every role but the one held). Admin.' })
  @ApiOkResponse({ type: [RoleDto] })
  userRoleDetails(@Query() q: EmailDto): Promise<RoleDto[]> {
    return this.users.roleDetails(q.EmailID);
  }

  @Get('UserList')
  @ApiOperation({ summary: 'Every user, active or not (never a password hash). Admin.' })
  @ApiOkResponse({ type: [UserDto] })
  userList(): Promise<UserDto[]> {
    return this.users.list();
  }

  @Post('Delete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Deactivate a user (soft delete): their token stops working, their locks are released. Admin.',
  })
  @ApiOkResponse({ type: UserDto })
  delete(@CurrentUser() actor: AuthUser, @Body() body: EmailDto): Promise<UserDto> {
    return this.users.delete(actor, body.EmailID);
  }
}
