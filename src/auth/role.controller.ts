import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEnvelope, ApiEnvelopeArray, ApiErrors } from '../common/api-docs.js';
import { CurrentUser, Roles, type AuthUser } from '../common/auth.decorators.js';
import { RoleService } from './role.service.js';
import { QcDisableQuery, QcStatusDto, RenameRoleDto, RoleNameDto } from './rule.dto.js';
import { RoleDto } from './user.dto.js';

@ApiTags('role')
@Controller('role')
export class RoleController {
  constructor(private readonly roles: RoleService) {}

  @Post('Create')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a role (unique name).' })
  @ApiEnvelope(RoleDto)
  @ApiErrors([409, 'The role already exists'])
  create(@CurrentUser() actor: AuthUser, @Body() body: RoleNameDto): Promise<RoleDto> {
    return this.roles.createRole(actor, body.Role);
  }

  @Post('Delete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Delete a role; 409 while users hold it or for the built-in Admin, Operator, QA.',
  })
  @ApiEnvelope(RoleDto)
  @ApiErrors([404, 'No role with that name'], [409, 'A built-in role, or one users still hold'])
  delete(@CurrentUser() actor: AuthUser, @Body() body: RoleNameDto): Promise<RoleDto> {
    return this.roles.deleteRole(actor, body.Role);
  }

  @Post('Update')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rename a role (not the built-in ones).' })
  @ApiEnvelope(RoleDto)
  @ApiErrors([404, 'No role with that id'], [409, 'A built-in role, or the new name is taken'])
  update(@CurrentUser() actor: AuthUser, @Body() body: RenameRoleDto): Promise<RoleDto> {
    return this.roles.renameRole(actor, body.Id, body.Role);
  }

  @Get('Get')
  @ApiOperation({ summary: 'The roles users can be given.' })
  @ApiEnvelopeArray(RoleDto)
  get(): Promise<RoleDto[]> {
    return this.roles.listRoles();
  }

  @Get('QCdisable')
  @ApiOperation({
    summary:
      'Switch the QA stage off or on (?disable=true|false; without it, flips). Refuses (409) to switch it off while QA items are locked.',
  })
  @ApiEnvelope(QcStatusDto)
  @ApiErrors([409, 'QA items are locked'])
  qcDisable(@CurrentUser() actor: AuthUser, @Query() q: QcDisableQuery): Promise<QcStatusDto> {
    return this.roles.setQc(actor, q.disable === undefined ? undefined : q.disable === 'true');
  }

  @Get('QCdisablestatus')
  @Roles()
  @ApiOperation({ summary: 'Whether the QA stage is switched off.' })
  @ApiEnvelope(QcStatusDto)
  qcDisableStatus(): Promise<QcStatusDto> {
    return this.roles.qcStatus();
  }
}
