import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether the QA stage is switched off (`smartcrop_setting` key `qc_disabled`; unset means on), written
 * once for the three places that ask: the transitions (operator done goes straight to Completed), the
 * batch export (Operator-done images count as finished) and the QA switch itself. STABLE, so a statement
 * that calls it as `(SELECT smartcrop_qc_disabled())` reads it once.
 */
export class QcDisabledFunction1765400000000 implements MigrationInterface {
  name = 'QcDisabledFunction1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION smartcrop_qc_disabled() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT COALESCE((SELECT value = 'true'::jsonb FROM smartcrop_setting WHERE key = 'qc_disabled'), false)
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION smartcrop_qc_disabled()`);
  }
}
