import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed-login counters, kept in PostgreSQL so the throttle holds across every API process: one row per
 * throttled key ('email:…' or 'ip:…') with the failures in the current window.
 */
export class AuthExtras1764100000000 implements MigrationInterface {
  name = 'AuthExtras1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE smartcrop_login_throttle (
        key           text PRIMARY KEY,
        failures      integer NOT NULL,
        window_start  timestamptz NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE smartcrop_login_throttle`);
  }
}
