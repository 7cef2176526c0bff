import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators.js';
import { AdminAuditRepository } from './admin-audit.repository.js';
import type { RuleDto, UpdateRuleDto } from './rule.dto.js';
import { RuleRepository } from './rule.repository.js';

/** The QA sampling rules (one active rule per status), each change audited. */
@Injectable()
export class RuleService {
  constructor(
    private readonly db: DataSource,
    private readonly rules: RuleRepository,
    private readonly audit: AdminAuditRepository,
  ) {}

  activeRules(): Promise<RuleDto[]> {
    return this.rules.active();
  }

  async createRule(actor: AuthUser, status: number, percentage: number): Promise<RuleDto> {
    return this.db.transaction(async (m) => {
      const rule = await this.rules.create(status, percentage, actor.id, m);
      if (!rule)
        throw new ConflictException(`Status ${status} already has an active rule; update or delete it first`);
      await this.audit.record(actor.id, 'create', 'rule', rule.Id, { status, percentage }, m);
      return rule;
    });
  }

  async updateRule(actor: AuthUser, dto: UpdateRuleDto): Promise<RuleDto> {
    return this.db.transaction(async (m) => {
      const rule = await this.rules.find(dto.Id, m);
      if (!rule) throw new NotFoundException(`No rule with id ${dto.Id}`);
      const next: RuleDto = {
        Id: rule.Id,
        Status: dto.Status ?? rule.Status,
        Percentage: dto.Percentage ?? rule.Percentage,
        IsActive: dto.IsActive ?? rule.IsActive,
      };
      if (!(await this.rules.update(next, m))) {
        throw new ConflictException(`Status ${next.Status} already has an active rule`);
      }
      await this.audit.record(actor.id, 'update', 'rule', rule.Id, { from: rule, to: next }, m);
      return next;
    });
  }

  async deleteRule(actor: AuthUser, id: number): Promise<RuleDto> {
    return this.db.transaction(async (m) => {
      const rule = await this.rules.find(id, m);
      if (!rule) throw new NotFoundException(`No rule with id ${id}`);
      if (!rule.IsActive) throw new BadRequestException(`Rule ${id} is already inactive`);
      const next = { ...rule, IsActive: false };
      await this.rules.update(next, m);
      await this.audit.record(actor.id, 'delete', 'rule', id, {}, m);
      return next;
    });
  }
}
