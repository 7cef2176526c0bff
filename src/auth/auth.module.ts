import { Global, Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { JwtModule } from '@nestjs/jwt';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { resolveJwtSecret } from './jwt-secret.js';
import { PasswordService } from './password.service.js';
import { AdminAuditRepository } from './admin-audit.repository.js';
import { LoginThrottle } from './login-throttle.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { RoleController } from './role.controller.js';
import { RoleRepository } from './role.repository.js';
import { RoleService } from './role.service.js';
import { RuleController } from './rule.controller.js';
import { RuleRepository } from './rule.repository.js';
import { RuleService } from './rule.service.js';
import { UserController } from './user.controller.js';
import { UserCache } from './user-cache.js';
import { UserService } from './user.service.js';
import { UserRepository } from './user.repository.js';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // a KeyObject, not the string: given a string, jsonwebtoken first tries it as a public key on every
        // verify and throws and catches; that was a tenth of the CPU of an authenticated request
        secret: createSecretKey(Buffer.from(resolveJwtSecret(config))),
        signOptions: { algorithm: 'HS256' as const },
        verifyOptions: { algorithms: ['HS256' as const] },
      }),
    }),
  ],
  controllers: [UserController, RoleController, RuleController],
  providers: [
    AuthService,
    AuthGuard,
    PasswordService,
    UserRepository,
    UserService,
    RoleRepository,
    RuleRepository,
    RoleService,
    RuleService,
    AdminAuditRepository,
    LoginThrottleRepository,
    LoginThrottle,
    UserCache,
  ],
  exports: [AuthGuard, UserRepository, UserCache, PasswordService, JwtModule],
})
export class AuthModule {}
