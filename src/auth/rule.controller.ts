import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEnvelope, ApiEnvelopeArray, ApiErrors } from '../common/api-docs.js';
import { CurrentUser, type AuthUser } from '../common/auth.decorators.js';
import { CreateRuleDto, RuleDto, RuleIdDto, UpdateRuleDto } from './rule.dto.js';
import { RuleService } from './rule.service.js';

@ApiTags('rule')
@Controller('rule')
export class RuleController {
  constructor(private readonly rules: RuleService) {}

  @Post('Create')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create a rule: Percentage (0–100) of programmes sampled at Status; one active rule per status.',
  })
  @ApiEnvelope(RuleDto)
  @ApiErrors([409, 'The status already has an active rule'])
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateRuleDto): Promise<RuleDto> {
    return this.rules.createRule(actor, body.Status, body.Percentage);
  }

  @Post('Delete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a rule (soft delete); 400 when it is already inactive.' })
  @ApiEnvelope(RuleDto)
  @ApiErrors([404, 'No rule with that id'])
  delete(@CurrentUser() actor: AuthUser, @Body() body: RuleIdDto): Promise<RuleDto> {
    return this.rules.deleteRule(actor, body.Id);
  }

  @Post('Update')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change a rule’s status, percentage or active flag.' })
  @ApiEnvelope(RuleDto)
  @ApiErrors([404, 'No rule with that id'], [409, 'The status already has an active rule'])
  update(@CurrentUser() actor: AuthUser, @Body() body: UpdateRuleDto): Promise<RuleDto> {
    return this.rules.updateRule(actor, body);
  }

  @Get('Get')
  @ApiOperation({ summary: 'The active rules.' })
  @ApiEnvelopeArray(RuleDto)
  get(): Promise<RuleDto[]> {
    return this.rules.activeRules();
  }
}
