import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Fixed-window failure counters per key, shared by every process through PostgreSQL. */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly db: DataSource) {}

  /** Seconds until the most blocked of `keys` may try again, or 0 when none is over `limit`. */
  async retryAfter(keys: string[], limit: number, windowSeconds: number): Promise<number> {
    const rows: { wait: number | null }[] = await this.db.query(
      `SELECT ceil(max(extract(epoch FROM window_start + make_interval(secs => $3) - now())))::int AS wait
         FROM smartcrop_login_throttle
        WHERE key = ANY($1) AND failures >= $2 AND window_start + make_interval(secs => $3) > now()`,
      [keys, limit, windowSeconds],
    );
    return Math.max(0, rows[0]?.wait ?? 0);
  }

  /** Counts a failure against each key in one statement; an expired window starts again at 1. */
  async fail(keys: string[], windowSeconds: number): Promise<void> {
    await this.db.query(
      `INSERT INTO smartcrop_login_throttle AS t (key, failures, window_start)
       SELECT k, 1, now() FROM unnest($1::text[]) k
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_start + make_interval(secs => $2) > now() THEN t.failures + 1 ELSE 1 END,
         window_start = CASE WHEN t.window_start + make_interval(secs => $2) > now() THEN t.window_start ELSE now() END`,
      [keys, windowSeconds],
    );
    // now and then, forget windows long over, so random e-mails tried by a bot do not pile up
    if (Math.random() < 0.01) {
      await this.db.query(
        `DELETE FROM smartcrop_login_throttle WHERE window_start < now() - make_interval(secs => $1 * 10)`,
        [windowSeconds],
      );
    }
  }

  async clear(key: string): Promise<void> {
    await this.db.query(`DELETE FROM smartcrop_login_throttle WHERE key = $1`, [key]);
  }
}
