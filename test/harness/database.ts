import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url) throw new Error('TEST_PG_ADMIN_URL is not set: run tests through `npm test` (jest global setup)');
  return url;
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

const templateName = () => `t_${process.env.TEST_RUN_ID}_template`;

/**
 * The migrated template of this run, built once by whichever test file gets here first (an advisory
 * lock serialises the workers). Its connection is closed before anyone clones it.
 */
async function ensureTemplate(): Promise<string> {
  const name = templateName();
  await withAdmin(async (c) => {
    await c.query(`SELECT pg_advisory_lock(hashtext($1))`, [name]);
    try {
      const exists = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
      if (exists.rowCount) return;
      await c.query(`CREATE DATABASE "${name}_building"`);
      const ds = new DataSource({
        type: 'postgres',
        url: databaseUrl(`${name}_building`),
        migrations,
        migrationsTransactionMode: 'each',
      });
      await ds.initialize();
      await ds.runMigrations();
      await ds.destroy();
      // renamed only when whole, so a failed build is never cloned
      await c.query(`ALTER DATABASE "${name}_building" RENAME TO "${name}"`);
    } finally {
      await c.query(`SELECT pg_advisory_unlock(hashtext($1))`, [name]);
    }
  });
  return name;
}

/**
 * A fresh database for one test file: cloned from the migrated template in milliseconds, or empty
 * (`{ migrated: false }`) for the migration test.
 */
export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `t_${process.env.TEST_RUN_ID}_${randomBytes(5).toString('hex')}`;
  const template = opts.migrated === false ? '' : ` TEMPLATE "${await ensureTemplate()}"`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"${template}`));
  return {
    url: databaseUrl(name),
    name,
    drop: () =>
      withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
