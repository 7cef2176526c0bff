import type { Pool, QueryConfig } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * `SELECT 1` through the request pool with `query_timeout` set, so a ping stuck on a frozen server
 * discards its connection instead of holding it. The caller bounds the wait for a free connection too.
 */
export async function pingDatabase(db: DataSource, timeoutMs: number): Promise<void> {
  // TypeORM's postgres driver keeps its pg.Pool as `master` (untyped in TypeORM)
  const pool = (db.driver as unknown as { master: Pool }).master;
  // query_timeout is pg's per-query option; its type definitions leave it out of QueryConfig
  await pool.query({ text: 'SELECT 1', query_timeout: timeoutMs } as QueryConfig);
}
