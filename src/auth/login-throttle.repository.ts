import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ThrottleCount {
  failures: number;
  /** Seconds until this key's window closes. */
  wait: number;
}

/** Fixed-window failure counters per key, shared by every process through PostgreSQL. */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly db: DataSource) {}

  /** The failures of each of `keys` in its current window (keys with none are left out). */
  async counts(keys: string[], windowSeconds: number): Promise<Map<string, ThrottleCount>> {
    const rows: { key: string; failures: number; wait: number }[] = await this.db.query(
      `SELECT key, failures,
              ceil(extract(epoch FROM window_start + make_interval(secs => $2) - now()))::int AS wait
         FROM smartcrop_login_throttle
        WHERE key = ANY($1) AND window_start + make_interval(secs => $2) > now()`,
      [keys, windowSeconds],
    );
    return new Map(rows.map((r) => [r.key, { failures: r.failures, wait: Math.max(1, r.wait) }]));
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
