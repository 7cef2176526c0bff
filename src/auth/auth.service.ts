import {
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { LoginThrottle } from './login-throttle.js';
import type { LoginRequest, LoginResponse } from './login.dto.js';
import { PasswordService } from './password.service.js';
import { UserRepository } from './user.repository.js';

/** "8h" / "30m" / "3600" → seconds. */
export function durationSeconds(value: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(value);
  if (!m) throw new Error(`bad duration ${value}`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UserRepository,
    private readonly passwords: PasswordService,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
  ) {}

  /** Failed attempts are throttled (login-throttle.ts) before any password work is done. */
  async login(req: LoginRequest, clientAddress: string): Promise<LoginResponse> {
    await this.throttle.check(req.EmailID, clientAddress);

    const user = await this.users.findByEmail(req.EmailID.trim());
    // Unknown e-mail, wrong password and inactive account all get the same answer, after the same work.
    const ok = await this.passwords.verify(user?.passwordHash, req.Password);
    if (!user || !ok || !user.isActive) {
      await this.throttle.failed(req.EmailID, clientAddress);
      throw new UnauthorizedException('E-mail or password is incorrect');
    }
    await this.throttle.succeeded(req.EmailID, clientAddress);
    const expiresIn = durationSeconds(this.config.auth.jwtExpiresIn);
    const token = await this.jwt.signAsync(
      { sub: user.id, role: user.role, ver: user.tokenVersion },
      { expiresIn },
    );
    return {
      Token: token,
      TokenType: 'Bearer',
      ExpiresIn: expiresIn,
      User: {
        UserId: user.id,
        EmailID: user.email,
        FirstName: user.firstName,
        LastName: user.lastName,
        Role: user.role,
      },
    };
  }

  /** First start with no users: create the Admin from ADMIN_EMAIL/ADMIN_PASSWORD, or a generated password. */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const email = this.config.auth.adminEmail ?? 'admin@smartcrop.local';
    const generated = !this.config.auth.adminPassword;
    const password = this.config.auth.adminPassword ?? randomBytes(12).toString('base64url');
    const created = await this.users.createFirstAdmin(email, await this.passwords.hash(password));
    if (!created) return;
    if (generated) {
      // Printed once, to the console only (not the structured log), so an operator can sign in the first time.
      process.stdout.write(
        `\n  First start: created the Admin user ${email} with the generated password ${password}\n` +
          `  Sign in with POST /user/Login and change it with POST /user/UpdatePassword.\n\n`,
      );
    } else {
      this.logger.log(`First start: created the Admin user ${email} from ADMIN_EMAIL`);
    }
  }
}
