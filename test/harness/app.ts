import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { JwtService } from '@nestjs/jwt';
import argon2 from 'argon2';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { factory, type Factory } from './factory.js';
import { validated } from './openapi-validator.js';

export interface TestUser {
  id: number;
  email: string;
  password: string;
  role: string;
  token: string;
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  db: DataSource;
  database: TestDatabase;
  /** Test data on this app's database (harness/factory.ts). */
  factory: Factory;
  /** Temp dir holding storage, ingest root and exports for this app. */
  dir: string;
  /** A supertest agent whose answers are also checked against `openapi.json` (see openapi-validator). */
  http(): ReturnType<typeof request>;
  /** Creates a user with the role (and a fresh e-mail) and returns it with a valid token. */
  createUser(role: string, opts?: { email?: string; password?: string; active?: boolean }): Promise<TestUser>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'Sm4rtCrop-test-password';
let passwordHash: Promise<string> | undefined;
let userSeq = 0;

/** Settings every test app gets; a test passes overrides (e.g. S3 endpoints, short lock TTL). */
export function testEnv(dir: string, databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JWT_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: 'admin@test.local',
    ADMIN_PASSWORD: TEST_PASSWORD,
    STORAGE_DIR: join(dir, 'storage'),
    INGEST_ROOT: join(dir, 'ingest'),
    EXPORT_LOCAL_DIR: join(dir, 'exports'),
    EMBEDDED_PG_DIR: join(dir, 'pg-unused'),
    FILEWATCHER_CRON: '',
    BATCHJOB_CRON: '',
    DUMPDATA_CRON: '',
    DB_POOL_SIZE: '4',
    // the analysis worker runs only where a test asks for it (ANALYSIS_CONCURRENCY) or drains it by hand
    ANALYSIS_CONCURRENCY: '0',
  };
}

/**
 * Boots the real application (every module, guard, pipe and filter) on a fresh database cloned from the
 * template. Pass `database` to start a second instance on the same database (multi-process tests), and
 * `logStream` to read its log lines.
 */
export async function startTestApp(
  overrides: Record<string, string> = {},
  opts: { database?: TestDatabase; logStream?: DestinationStream } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'smartcrop-app-'));
  const database = opts.database ?? (await createTestDatabase());
  const config = loadConfig({ ...testEnv(dir, database.url), ...overrides });
  const app = await createApp(config, { logStream: opts.logStream });
  await app.init();
  const db = app.get(DataSource);
  const jwt = app.get(JwtService);
  const data = factory(db);

  const createUser: TestApp['createUser'] = async (role, o = {}) => {
    const password = o.password ?? TEST_PASSWORD;
    const hash = o.password
      ? await argon2.hash(password)
      : await (passwordHash ??= argon2.hash(TEST_PASSWORD));
    const email = o.email ?? `${role.toLowerCase()}${++userSeq}.${randomBytes(3).toString('hex')}@test.local`;
    const id = await data.user({ role, email, passwordHash: hash, active: o.active });
    const token = await jwt.signAsync({ sub: id, role }, { expiresIn: 3600 });
    return { id, email, password, role, token };
  };

  return {
    app,
    config,
    db,
    database,
    factory: data,
    dir,
    http: () => validated(request(app.getHttpServer())),
    createUser,
    close: async () => {
      await app.close();
      if (!opts.database) await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
