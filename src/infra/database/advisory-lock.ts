import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { query } from './query.js';

/**
 * PostgreSQL session advisory locks, so that work which must run once (a cron tick, a job run) runs
 * once however many API processes share the database. The lock lives on one pooled connection held
 * for the duration of `fn`; if the process dies the connection closes and PostgreSQL frees the lock.
 */
@Injectable()
export class AdvisoryLock {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `fn` holding the named lock; returns `{ acquired: false }` at once if another holder has it. */
  async tryWith<T>(
    name: string,
    fn: () => Promise<T>,
  ): Promise<{ acquired: true; result: T } | { acquired: false }> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const rows = await query<{ ok: boolean }>(runner, 'SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
        name,
      ]);
      if (!rows[0]?.ok) return { acquired: false };
      try {
        return { acquired: true, result: await fn() };
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
      }
    } finally {
      await runner.release();
    }
  }
}
