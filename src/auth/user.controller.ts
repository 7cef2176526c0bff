import { Body, Controller, Get, HttpCode, Ip, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEnvelope, ApiEnvelopeArray, ApiErrors } from '../common/api-docs.js';
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
    summary: 'Sign in with e-mail and password; returns a bearer token. Failed attempts are throttled (429).',
  })
  @ApiEnvelope(LoginResponse)
  @ApiErrors([401, 'E-mail or password is incorrect'], 429)
  login(@Body() body: LoginRequest, @Ip() ip: string): Promise<LoginResponse> {
    return this.auth.login(body, ip);
  }

  @Post('Register')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Create a user (unique e-mail, password ≥ 10 characters, an existing role); 400 for an unknown role.',
  })
  @ApiEnvelope(UserDto)
  @ApiErrors([409, 'A user with the e-mail already exists'])
  register(@CurrentUser() actor: AuthUser, @Body() body: RegisterUserDto): Promise<UserDto> {
    return this.users.register(actor, body);
  }

  @Post('Update')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Change a user’s names, password, role or active flag (false releases their locks); 400 for an unknown role.',
  })
  @ApiEnvelope(UserDto)
  @ApiErrors(
    [404, 'No user with the e-mail'],
    [409, 'You cannot deactivate yourself or drop your own Admin role'],
  )
  update(@CurrentUser() actor: AuthUser, @Body() body: UpdateUserDto): Promise<UserDto> {
    return this.users.update(actor, body);
  }

  @Post('UpdatePassword')
  @HttpCode(200)
  @Roles()
  @ApiOperation({
    summary:
      'Change your own password (OldPassword required; wrong ones are throttled like sign-ins, 429), or, as Admin, anyone’s. ' +
      'Earlier tokens of that user stop working. A non-Admin naming any other e-mail, known or not, gets 403.',
  })
  @ApiEnvelope(UserDto)
  @ApiErrors(
    [403, 'You may only change your own password'],
    [404, 'No user with the e-mail (Admin only)'],
    429,
  )
  updatePassword(
    @CurrentUser() actor: AuthUser,
    @Body() body: UpdatePasswordDto,
    @Ip() ip: string,
  ): Promise<UserDto> {
    return this.users.updatePassword(actor, body, ip);
  }

  @Post('UserRoleDetails')
  @HttpCode(200)
  @ApiOperation({ summary: 'The roles the user may be given (every role but the one held).' })
  @ApiEnvelopeArray(RoleDto)
  @ApiErrors([404, 'No user with the e-mail'])
  userRoleDetails(@Query() q: EmailDto): Promise<RoleDto[]> {
    return this.users.roleDetails(q.EmailID);
  }

  @Get('UserList')
  @ApiOperation({ summary: 'Every user, active or not (never a password hash).' })
  @ApiEnvelopeArray(UserDto)
  userList(): Promise<UserDto[]> {
    return this.users.list();
  }

  @Post('Delete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Deactivate a user (soft delete): their token stops working, their locks are released.',
  })
  @ApiEnvelope(UserDto)
  @ApiErrors([404, 'No user with the e-mail'], [409, 'You cannot delete yourself'])
  delete(@CurrentUser() actor: AuthUser, @Body() body: EmailDto): Promise<UserDto> {
    return this.users.delete(actor, body.EmailID);
  }
}
