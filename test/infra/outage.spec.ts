import pg from 'pg';
import type { Response } from 'supertest';
import { UserCache } from '../../src/auth/user-cache.js';
import { loadConfig } from '../../src/config/config.js';
import { requestPoolOptions } from '../../src/infra/database/connection-options.js';
import { startTestApp, TEST_PASSWORD, type TestApp, type TestUser } from '../harness/app.js';
import { startOwnPostgres, type OwnPostgres } from '../harness/own-postgres.js';

/** Polls until `check` holds or `ms` pass; returns whether it held (the caller asserts). */
async function eventually(check: () => Promise<boolean>, ms = 30_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** How long the test keeps the database frozen at most: a service that hangs gets its answers only after. */
const FREEZE_MS = 25_000;

/**
 * The database going away, for real: this file's own PostgreSQL is shut down, and frozen with SIGSTOP
 * (a server that accepts connections and never answers). Requests get 503 with Retry-After, never a 500
 * or a hang; readiness says so; and the service recovers on its own when the database is back.
 */
describe('the database away', () => {
  let own: OwnPostgres;
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    own = await startOwnPostgres();
    t = await startTestApp(
      { DB_CONNECT_TIMEOUT_MS: '1000', DB_STATEMENT_TIMEOUT_MS: '2000', DB_POOL_SIZE: '4' },
      { database: own.database },
    );
    admin = await t.createUser('Admin');
  });
  afterAll(async () => {
    own.thaw();
    await t?.close();
    await own?.close();
  });

  const get = (path: string) => t.http().get(path).set('Authorization', `Bearer ${admin.token}`);
  const login = () => t.http().post('/user/Login').send({ EmailID: admin.email, Password: TEST_PASSWORD });
  const healthy = async () =>
    (await get('/dashboard/Totals')).status === 200 && (await t.http().get('/health/ready')).status === 200;
  const expectUnavailable = (res: Response, path: string) => {
    expect([path, res.status, res.body.StatusCode, res.body.Data]).toEqual([path, 503, 503, null]);
    expect(res.body.Message).toMatch(/database/i);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  };

  it('answers 503 with Retry-After while the database is down, and recovers when it is back', async () => {
    expect(await healthy()).toBe(true);
    await own.stop();
    try {
      for (const path of ['/dashboard/Totals', '/lookup/GetImageTypeLookup', '/lookup/GetRejectReasonLookup'])
        expectUnavailable(await get(path), path);
      expectUnavailable(await login(), 'Login');
      const ready = await t.http().get('/health/ready');
      expect([ready.status, ready.body.StatusCode]).toEqual([503, 503]);
    } finally {
      await own.start();
    }
    expect(await eventually(healthy)).toBe(true);
    expect((await login()).status).toBe(200);
  });

  it('answers 503 while the database is frozen, before it thaws, and leaves no transaction open', async () => {
    // the guard knows the admin from its cache, so the write below gets as far as its transaction
    expect(await eventually(() => Promise.resolve(t.app.get(UserCache).active))).toBe(true);
    expect(await healthy()).toBe(true);
    own.freeze();
    let thawed = false;
    const safety = setTimeout(() => {
      thawed = true;
      own.thaw();
    }, FREEZE_MS);
    const answered = <T>(p: PromiseLike<T>) => Promise.resolve(p).then((r) => ({ r, frozen: !thawed }));
    try {
      // a write first, while idle pooled connections exist: role/Create's first statement is its BEGIN
      const write = await answered(
        t.http().post('/role/Create').set('Authorization', `Bearer ${admin.token}`).send({ Role: 'Frozen' }),
      );
      const paths = [
        ...Array.from({ length: 6 }, () => '/dashboard/Totals'),
        '/lookup/GetImageTypeLookup',
        '/lookup/GetImageLanguageLookup',
      ];
      const [ready, ...answers] = await Promise.all([
        answered(t.http().get('/health/ready')),
        ...paths.map((p) => answered(get(p))),
      ]);
      expect([write.frozen, ready.frozen, ...answers.map((a) => a.frozen)]).toEqual(
        Array.from({ length: 2 + paths.length }, () => true),
      );
      expectUnavailable(write.r, 'role/Create');
      expect(ready.r.status).toBe(503);
      answers.forEach((a, i) => expectUnavailable(a.r, paths[i]));
    } finally {
      clearTimeout(safety);
      own.thaw();
    }
    expect(await eventually(healthy)).toBe(true);
    // a connection given up while the server was frozen must not come back to the pool with its statement
    // (and its transaction) still going when the server resumes
    const outside = new pg.Client({ connectionString: own.database.url });
    await outside.connect();
    try {
      const stale = await outside.query<{ state: string }>(
        `SELECT state FROM pg_stat_activity WHERE application_name = 'smartcrop' AND state LIKE 'idle in transaction%'`,
      );
      expect(stale.rows).toEqual([]);
    } finally {
      await outside.end();
    }
    for (let i = 0; i < 8; i++) expect((await get('/dashboard/Totals')).status).toBe(200);
  });

  it('closes a pooled connection whose statement the client gave up on, so no transaction outlives it', async () => {
    const settings = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: own.database.url,
      DB_CONNECT_TIMEOUT_MS: '1000',
      DB_STATEMENT_TIMEOUT_MS: '500',
    }).database;
    const pool = new pg.Pool({
      connectionString: own.database.url,
      ...requestPoolOptions(settings),
      application_name: 'smartcrop-pool-test',
      idleTimeoutMillis: 0, // the pool's own idle timeout would close it later anyway, and hide the bug
    });
    pool.on('error', () => undefined); // as TypeORM's pool does: a dropped idle connection is not fatal
    const outside = new pg.Client({ connectionString: own.database.url });
    try {
      const client = await pool.connect();
      client.on('error', () => undefined); // checked out, the caller listens (TypeORM does)
      await client.query('SELECT 1');
      own.freeze();
      try {
        await expect(client.query('BEGIN')).rejects.toThrow('Query read timeout');
        client.release();
      } finally {
        own.thaw();
      }
      await outside.connect();
      // once the server runs the BEGIN it was sent, a connection still open would sit in that transaction
      const open = await eventually(async () => {
        const rows = await outside.query(
          `SELECT 1 FROM pg_stat_activity WHERE application_name = 'smartcrop-pool-test'`,
        );
        return rows.rowCount === 0;
      }, 5_000);
      expect([open, pool.totalCount]).toEqual([true, 0]);
      expect((await pool.query<{ n: number }>('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
    } finally {
      own.thaw();
      await outside.end().catch(() => undefined);
      await pool.end();
    }
  });
});
