import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../common/auth.decorators.js';
import { RoleService } from './role.service.js';
import {
  QcDisableQuery,
  QcStatusDto,
  RenameRoleDto,
  RoleNameDto,
  RuleDto,
  CreateRuleDto,
  RuleIdDto,
  UpdateRuleDto,
} from './rule.dto.js';
import { RoleDto } from './user.dto.js';

@ApiTags('role')
@Controller('role')
export class RoleController {
  constructor(private readonly roles: RoleService) {}

  @Post('Create')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a role (unique name). Admin.' })
  @ApiOkResponse({ type: RoleDto })
  create(@CurrentUser() actor: AuthUser, @Body() body: RoleNameDto): Promise<RoleDto> {
    return this.roles.createRole(actor, body.Role);
  }

  @Post('Delete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Delete a role; 409 while users hold it or for the built-in Admin, Operator, QA. Admin.',
  })
  @ApiOkResponse({ type: RoleDto })
  delete(@CurrentUser() actor: AuthUser, @Body() body: RoleNameDto): Promise<RoleDto> {
    return this.roles.deleteRole(actor, body.Role);
  }

  @Post('Update')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rename a role (not the built-in ones). Admin.' })
  @ApiOkResponse({ type: RoleDto })
  update(@CurrentUser() actor: AuthUser, @Body() body: RenameRoleDto): Promise<RoleDto> {
    return this.roles.renameRole(actor, body.Id, body.Role);
  }

  @Get('Get')
  @ApiOperation({ summary: 'The roles users can be given. Admin.' })
  @ApiOkResponse({ type: [RoleDto] })
  get(): Promise<RoleDto[]> {
    return this.roles.listRoles();
  }

  @Get('QCdisable')
  @ApiOperation({
    summary:
      'Switch the QA stage off or on (?disable=true|false; without it, flips). Refuses (409) to switch it off while QA items are locked. Admin.',
  })
  @ApiOkResponse({ type: QcStatusDto })
  qcDisable(@CurrentUser() actor: AuthUser, @Query() q: QcDisableQuery): Promise<QcStatusDto> {
    return this.roles.setQc(actor, q.disable === undefined ? undefined : q.disable === 'true');
  }

  @Get('QCdisablestatus')
  @Roles()
  @ApiOperation({ summary: 'Whether the QA stage is switched off. Any signed-in user.' })
  @ApiOkResponse({ type: QcStatusDto })
  qcDisableStatus(): Promise<QcStatusDto> {
    return this.roles.qcStatus();
  }
}

@ApiTags('rule')
@Controller('rule')
export class RuleController {
  constructor(private readonly roles: RoleService) {}

  @Post('Create')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Create a rule: Percentage (0–100) of programmes sampled at Status; one active rule per status. Admin.',
  })
  @ApiOkResponse({ type: RuleDto })
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateRuleDto): Promise<RuleDto> {
    return this.roles.createRule(actor, body.Status, body.Percentage);
  }

  @Post('Delete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a rule (soft delete). Admin.' })
  @ApiOkResponse({ type: RuleDto })
  delete(@CurrentUser() actor: AuthUser, @Body() body: RuleIdDto): Promise<RuleDto> {
    return this.roles.deleteRule(actor, body.Id);
  }

  @Post('Update')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change a rule’s status, percentage or active flag. Admin.' })
  @ApiOkResponse({ type: RuleDto })
  update(@CurrentUser() actor: AuthUser, @Body() body: UpdateRuleDto): Promise<RuleDto> {
    return this.roles.updateRule(actor, body);
  }

  @Get('Get')
  @ApiOperation({ summary: 'The active rules. Admin.' })
  @ApiOkResponse({ type: [RuleDto] })
  get(): Promise<RuleDto[]> {
    return this.roles.activeRules();
  }
}
