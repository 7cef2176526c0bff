import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppConfig } from '../config/config.js';

/**
 * The signing secret: JWT_SECRET when set (always in production, which config enforces). In the
 * embedded default a random secret is generated once and kept beside the embedded database, so tokens
 * survive a restart of the same checkout and no two checkouts share one.
 */
export function resolveJwtSecret(config: AppConfig): string {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  const file = join(dirname(config.database.embeddedDir), 'jwt.secret');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
