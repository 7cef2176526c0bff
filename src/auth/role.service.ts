import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators.js';
import { AdminAuditRepository } from './admin-audit.repository.js';
import { roleName } from './role-name.js';
import { RoleRepository } from './role.repository.js';
import type { QcStatusDto } from './rule.dto.js';
import { RuleRepository } from './rule.repository.js';
import { UserCache } from './user-cache.js';
import type { RoleDto } from './user.dto.js';

/** Roles and the QA switch: the desk's own settings, each change audited. */
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
}
