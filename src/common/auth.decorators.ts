import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

export enum Role {
  Admin = 'Admin',
  Operator = 'Operator',
  QA = 'QA',
}

/** The signed-in caller, as the auth guard puts it on the request. */
export interface AuthUser {
  id: number;
  email: string;
  role: string;
  firstName: string;
  lastName: string;
}

export const IS_PUBLIC = 'smartcrop:isPublic';
export const ROLES = 'smartcrop:roles';

/** Open to anyone, without a token (login, health, docs). Everything else needs a valid token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * The roles allowed to call a handler (Admin is always allowed). `@Roles()` with no role means any
 * signed-in user. A handler with no @Roles and no @Public is Admin-only: new routes are closed by default.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/**
 * Who may call a handler, read as the guard reads it: `'public'`, `'any'` signed-in user, or the roles
 * (Admin first, always included). The OpenAPI description is built from the same answer.
 */
export function accessOf(
  reflector: Reflector,
  handler: ReturnType<ExecutionContext['getHandler']>,
  controller: ReturnType<ExecutionContext['getClass']>,
): 'public' | 'any' | Role[] {
  const targets = [handler, controller];
  if (reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return 'public';
  const roles = reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
  if (roles?.length === 0) return 'any';
  return [...new Set([Role.Admin, ...(roles ?? [])])];
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const req = ctx.switchToHttp().getRequest<{ user?: AuthUser }>();
  if (!req.user) throw new Error('CurrentUser used on a route without authentication');
  return req.user;
});
