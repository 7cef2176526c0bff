import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { requestPoolOptions } from '../../src/infra/database/connection-options.js';
import { loadConfig } from '../../src/config/config.js';
import { startTestApp, type TestApp } from '../harness/app.js';

/**
 * The request pool is opened and its hot statements prepared at boot, and idle connections are kept:
 * otherwise the first requests after a start, and after every quiet spell longer than pg-pool's idle
 * timeout, each paid a new connection (authentication included) and the parse and plan of the claim
 * and operator-done statements (bench/claim.bench.ts: up to 435 ms and 281 ms under load, the paced p99).
 */
describe('the request pool, warm from boot', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DB_POOL_SIZE: '3' });
  });
  afterAll(() => t?.close());

  const pool = () => (t.app.get(DataSource).driver as unknown as { master: Pool }).master;

  it('keeps idle connections instead of closing them after 10 s', () => {
    const options = requestPoolOptions(loadConfig({ NODE_ENV: 'test', DB_POOL_SIZE: '5' }).database);
    expect([options.max, options.min]).toEqual([5, 5]);
  });

  it('holds every connection of the pool before the first request, each with the hot statements prepared', async () => {
    expect(pool().totalCount).toBe(3);
    const clients: PoolClient[] = await Promise.all([1, 2, 3].map(() => pool().connect()));
    try {
      expect(pool().totalCount).toBe(3);
      for (const c of clients) {
        const { rows } = await c.query<{ name: string }>(
          'SELECT name FROM pg_prepared_statements ORDER BY name',
        );
        expect(rows.map((r) => r.name)).toEqual(
          expect.arrayContaining([
            'smartcrop_claim',
            'smartcrop_transition_operator_done',
            'smartcrop_user_by_id',
          ]),
        );
      }
    } finally {
      for (const c of clients) c.release();
    }
  });
});
