import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role, type AuthUser } from '../common/auth.decorators.js';
import { AdminAuditRepository } from './admin-audit.repository.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordService } from './password.service.js';
import { RoleRepository } from './role.repository.js';
import type { RegisterUserDto, RoleDto, UpdatePasswordDto, UpdateUserDto, UserDto } from './user.dto.js';
import { UserCache } from './user-cache.js';
import { UserRepository, type UserRow } from './user.repository.js';

/** Users: registration, changes, passwords, soft deletion. Every change is audited; no hash ever leaves. */
@Injectable()
export class UserService {
  constructor(
    private readonly db: DataSource,
    private readonly users: UserRepository,
    private readonly roles: RoleRepository,
    private readonly passwords: PasswordService,
    private readonly audit: AdminAuditRepository,
    private readonly userCache: UserCache,
    private readonly throttle: LoginThrottle,
  ) {}

  list(): Promise<UserDto[]> {
    return this.users.list();
  }

  async register(actor: AuthUser, dto: RegisterUserDto): Promise<UserDto> {
    const role = await this.roles.findByName(dto.Role);
    if (!role) throw new BadRequestException(`Unknown role "${dto.Role}"`);
    this.requireStrong(dto.Password, dto.EmailID, [dto.FirstName, dto.LastName]);
    const passwordHash = await this.passwords.hash(dto.Password);
    const id = await this.db.transaction(async (m) => {
      const created = await this.users.create(
        {
          email: dto.EmailID.trim(),
          firstName: dto.FirstName,
          lastName: dto.LastName,
          passwordHash,
          roleId: role.id,
        },
        m,
      );
      if (created)
        await this.audit.record(
          actor.id,
          'register',
          'user',
          created,
          { email: dto.EmailID, role: role.role },
          m,
        );
      return created;
    });
    if (!id) throw new ConflictException(`A user with the e-mail ${dto.EmailID} already exists`);
    return this.view(id);
  }

  async update(actor: AuthUser, dto: UpdateUserDto): Promise<UserDto> {
    const user = await this.require(dto.EmailID);
    const role = dto.Role === undefined ? undefined : await this.roles.findByName(dto.Role);
    if (dto.Role !== undefined && !role) throw new BadRequestException(`Unknown role "${dto.Role}"`);
    if (user.id === actor.id && (dto.IsActive === false || (role && role.role !== (Role.Admin as string)))) {
      throw new ConflictException('You cannot deactivate yourself or take away your own Admin role');
    }
    if (dto.Password) this.requireStrong(dto.Password, user.email, [user.firstName, user.lastName]);
    const passwordHash = dto.Password ? await this.passwords.hash(dto.Password) : undefined;
    await this.db.transaction(async (m) => {
      await this.users.update(
        user.id,
        {
          firstName: dto.FirstName,
          lastName: dto.LastName,
          passwordHash,
          roleId: role?.id,
          isActive: dto.IsActive,
        },
        m,
      );
      const { Password: _, ...changed } = dto;
      await this.audit.record(
        actor.id,
        'update',
        'user',
        user.id,
        { ...changed, passwordChanged: !!dto.Password },
        m,
      );
    });
    this.userCache.evict(user.id);
    return this.view(user.id);
  }

  /**
   * Anyone may change their own password with the old one; an Admin may set anyone's without it. A caller
   * who is not Admin gets the same 403 for an unknown e-mail as for someone else's, so the answer never
   * tells which e-mails exist. The old-password check is throttled like a sign-in. Every token issued
   * before the change stops working (the user's token_version moves on).
   */
  async updatePassword(actor: AuthUser, dto: UpdatePasswordDto, clientAddress: string): Promise<UserDto> {
    const isAdmin = actor.role === (Role.Admin as string);
    const user = await this.users.findByEmail(dto.EmailID);
    if (!isAdmin && user?.id !== actor.id)
      throw new ForbiddenException('You may only change your own password');
    if (!user) throw new NotFoundException(`No user with the e-mail ${dto.EmailID}`);
    if (user.id === actor.id || dto.OldPassword !== undefined) {
      if (!dto.OldPassword && !isAdmin) throw new BadRequestException('OldPassword is required');
      if (dto.OldPassword !== undefined) await this.checkOldPassword(user, dto.OldPassword, clientAddress);
    }
    this.requireStrong(dto.NewPassword, user.email, [user.firstName, user.lastName]);
    const passwordHash = await this.passwords.hash(dto.NewPassword);
    await this.db.transaction(async (m) => {
      await this.users.update(user.id, { passwordHash }, m);
      await this.audit.record(actor.id, 'update_password', 'user', user.id, {}, m);
    });
    this.userCache.evict(user.id);
    return this.view(user.id);
  }

  private async checkOldPassword(user: UserRow, oldPassword: string, clientAddress: string): Promise<void> {
    await this.throttle.check(user.email, clientAddress);
    if (!(await this.passwords.verify(user.passwordHash, oldPassword))) {
      await this.throttle.failed(user.email, clientAddress);
      // 400, not 401: the caller is signed in; only the old password they typed is wrong
      throw new BadRequestException('The old password is incorrect');
    }
    await this.throttle.succeeded(user.email, clientAddress);
  }

  private requireStrong(password: string, email: string, names: string[]): void {
    const weakness = this.passwords.weakness(password, email, names);
    if (weakness) throw new BadRequestException(`The password ${weakness}`);
  }

  /** The roles this user may be given: every role but the one they hold. */
  async roleDetails(email: string): Promise<RoleDto[]> {
    const user = await this.require(email);
    return (await this.roles.list()).filter((r) => r.Id !== user.roleId);
  }

  /** Soft delete: the user can no longer sign in, existing tokens stop working, their locks are released. */
  async delete(actor: AuthUser, email: string): Promise<UserDto> {
    const user = await this.require(email);
    if (user.id === actor.id) throw new ConflictException('You cannot delete yourself');
    await this.db.transaction(async (m) => {
      await this.users.update(user.id, { isActive: false }, m);
      await this.audit.record(actor.id, 'delete', 'user', user.id, { email: user.email }, m);
    });
    this.userCache.evict(user.id);
    return this.view(user.id);
  }

  private async require(email: string): Promise<UserRow> {
    const user = await this.users.findByEmail(email);
    if (!user) throw new NotFoundException(`No user with the e-mail ${email}`);
    return user;
  }

  private async view(id: number): Promise<UserDto> {
    const u = (await this.users.findById(id))!;
    return {
      UserId: u.id,
      EmailID: u.email,
      FirstName: u.firstName,
      LastName: u.lastName,
      Role: u.role,
      IsActive: u.isActive,
      CreatedAt: u.createdAt,
    };
  }
}
