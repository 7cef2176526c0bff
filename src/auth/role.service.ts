import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators.js';
import { AdminAuditRepository } from './admin-audit.repository.js';
import { roleName } from './role-name.js';
import { RoleRepository } from './role.repository.js';
import type { QcStatusDto, RuleDto, UpdateRuleDto } from './rule.dto.js';
import { RuleRepository } from './rule.repository.js';
import { UserCache } from './user-cache.js';
import type { RoleDto } from './user.dto.js';

/** Roles, sampling rules and the QA switch: the desk's own settings, each change audited. */
@Injectable()
export class RoleService {
  constructor(
    private readonly db: DataSource,
    private readonly roles: RoleRepository,
    private readonly rules: RuleRepository,
    private readonly audit: AdminAuditRepository,
    private readonly userCache: UserCache,
  ) {}

  listRoles(): Promise<RoleDto[]> {
    return this.roles.list();
  }

  async createRole(actor: AuthUser, raw: string): Promise<RoleDto> {
    const name = roleName(raw);
    return this.db.transaction(async (m) => {
      const role = await this.roles.create(name, m);
      if (!role) throw new ConflictException(`The role "${name}" already exists`);
      await this.audit.record(actor.id, 'create', 'role', role.Id, { role: role.Role }, m);
      return role;
    });
  }

  async renameRole(actor: AuthUser, id: number, raw: string): Promise<RoleDto> {
    const name = roleName(raw);
    const renamed = await this.db.transaction(async (m) => {
      const role = await this.roles.findById(id, m);
      if (!role) throw new NotFoundException(`No role with id ${id}`);
      if (role.isSystem) throw new ConflictException(`The built-in role "${role.role}" cannot be renamed`);
      if (!(await this.roles.rename(id, name, m)))
        throw new ConflictException(`The role "${name}" already exists`);
      await this.audit.record(actor.id, 'rename', 'role', id, { from: role.role, to: name }, m);
      return { Id: id, Role: name };
    });
    // the holders' role name changed: the guard must not keep the old one
    this.userCache.evict();
    return renamed;
  }

  async deleteRole(actor: AuthUser, name: string): Promise<RoleDto> {
    return this.db.transaction(async (m) => {
      const found = await this.roles.findByName(name, m);
      const role = found && (await this.roles.findById(found.id, m));
      if (!role) throw new NotFoundException(`No role named "${name}"`);
      if (role.isSystem) throw new ConflictException(`The built-in role "${role.role}" cannot be deleted`);
      if (role.users > 0)
        throw new ConflictException(`The role "${role.role}" is held by ${role.users} user(s)`);
      await this.roles.delete(role.id, m);
      await this.audit.record(actor.id, 'delete', 'role', role.id, { role: role.role }, m);
      return { Id: role.id, Role: role.role };
    });
  }

  async qcStatus(): Promise<QcStatusDto> {
    return { QCDisabled: await this.rules.qcDisabled() };
  }

  /** Sets the QA switch (or flips it); refuses to switch QA off while QA items are locked. */
  async setQc(actor: AuthUser, disable?: boolean): Promise<QcStatusDto> {
    return this.db.transaction(async (m) => {
      const target = disable ?? !(await this.rules.qcDisabled(m));
      if ((await this.rules.setQcDisabled(target, actor.id, m)) === 'qa_locked') {
        throw new ConflictException(
          'QA work is in progress (images locked at the QA stage); QA cannot be switched off now',
        );
      }
      await this.audit.record(
        actor.id,
        target ? 'qc_disable' : 'qc_enable',
        'setting',
        'qc_disabled',
        { value: target },
        m,
      );
      return { QCDisabled: target };
    });
  }

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
