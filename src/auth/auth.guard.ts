import {
  Injectable,
  UnauthorizedException,
  ForbiddenException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { accessOf, Role, type AuthUser } from '../common/auth.decorators.js';
import { UserCache } from './user-cache.js';
import { UserRepository } from './user.repository.js';

export interface TokenPayload {
  sub: number;
  role: string;
  /** The user's token_version at sign-in (absent in tokens from before it existed: 0). */
  ver?: number;
}

/**
 * The one global guard. Every route needs a valid bearer token unless marked @Public(). The user comes
 * from the database through UserCache, which drops a user the moment any process changes them, so a
 * deactivated user's token stops working at once and a role change applies at once, and a token from
 * before a password change or reset (an older token_version) stops working at once too. Roles come from @Roles() on the handler or controller; a route with none is Admin-only.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UserRepository,
    private readonly cache: UserCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = accessOf(this.reflector, context.getHandler(), context.getClass());
    if (access === 'public') return true;

    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const user = await this.authenticate(req.headers.authorization);
    req.user = user;

    if (access !== 'any' && !access.includes(user.role as Role))
      throw new ForbiddenException(`This action needs one of the roles: ${access.join(', ')}`);
    return true;
  }

  private async authenticate(header: string | undefined): Promise<AuthUser> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) throw new UnauthorizedException('Sign in first: send Authorization: Bearer <token>');
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(match[1]);
    } catch {
      throw new UnauthorizedException('The token is invalid or has expired; sign in again');
    }
    const id = Number(payload.sub);
    const row = await this.cache.get(id, () => this.users.findById(id));
    if (!row || !row.isActive) throw new UnauthorizedException('This account is no longer active');
    if ((payload.ver ?? 0) !== row.tokenVersion)
      throw new UnauthorizedException('The password was changed since this token was issued; sign in again');
    return { id: row.id, email: row.email, role: row.role, firstName: row.firstName, lastName: row.lastName };
  }
}
