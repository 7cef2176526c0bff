import 'reflect-metadata';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import { createApp } from '../src/app.factory.js';
import { loadConfig, type AppConfig } from '../src/config/config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/infra/database/embedded-postgres.js';
import { benchEnv } from './bench-env.js';

export interface BenchApp {
  app: NestExpressApplication;
  config: AppConfig;
  /** http://127.0.0.1:port of the listening app */
  base: string;
  /** The database URL the app uses. */
  url: string;
  /** A raw pool on the same database, for seeding and for the "raw" side of comparisons. */
  pool: pg.Pool;
  dir: string;
  /** A bearer token for a user of the role (created on first ask). */
  token(role: 'Admin' | 'Operator' | 'QA'): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real application on a throwaway database for a benchmark: DATABASE_URL when set (its database is
 * used as is), else an embedded PostgreSQL in a temp dir. The app listens on a loopback port.
 */
export async function startBenchApp(
  extraEnv: Record<string, string> = {},
  opts: { durable?: boolean; poolMax?: number } = {},
): Promise<BenchApp> {
  const dir = mkdtempSync(join(tmpdir(), 'smartcrop-bench-'));
  chmodSync(dir, 0o755); // as root, the embedded server runs as `postgres` and must reach its data dir
  let embedded: EmbeddedDatabase | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres(join(dir, 'pg'), 0, {
      persistent: false,
      durable: opts.durable ?? false,
    });
    url = embedded.url;
  }
  // no image analysis: it would work through every image a bench seeds beside what the bench measures
  const config = loadConfig(benchEnv(dir, url, { ANALYSIS_CONCURRENCY: '0', ...extraEnv }));
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const pool = new pg.Pool({ connectionString: url, max: opts.poolMax ?? 70 });
  // pool.end() resolves before its clients' sockets close; the embedded server stopping right after
  // then reaches a closing client, and an unheard pool 'error' would end the run after its figures
  pool.on('error', () => undefined);
  const jwt = app.get(JwtService);
  const tokens = new Map<string, string>();
  return {
    app,
    config,
    base,
    url,
    pool,
    dir,
    token: async (role) => {
      const cached = tokens.get(role);
      if (cached) return cached;
      const rows = await pool.query<{ id: number }>(
        `INSERT INTO smartcrop_user (email, first_name, last_name, password_hash, role_id)
         SELECT $1, 'Bench', $2, 'not-a-hash', id FROM smartcrop_role WHERE role = $2 RETURNING id`,
        [`${role.toLowerCase()}-${Date.now()}@bench.local`, role],
      );
      const token = await jwt.signAsync({ sub: rows.rows[0].id, role }, { expiresIn: 86_400 });
      tokens.set(role, token);
      return token;
    },
    close: async () => {
      await app.close();
      await pool.end();
      await embedded?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Samples the process's resident memory until stopped; returns the peak in MB. */
export function rssSampler(everyMs = 25): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.round(Math.max(peak, process.memoryUsage().rss) / 1048576);
    },
  };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
