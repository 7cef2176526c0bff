import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Autovacuum for the work queue and its counters, which are updated all day long (every claim and every
 * transition rewrites rows). With the default thresholds (20% of the table) a 300k-image queue waits for
 * 60k dead rows, then one long vacuum of the table and its eight indexes competes with the claims for the
 * CPU; meanwhile dead index entries pile up under the claim's partial indexes. Small, frequent vacuums
 * keep the indexes lean and the claim rate steady (bench/claim.bench.ts, sustained run).
 */
export class QueueAutovacuum1764800000000 implements MigrationInterface {
  name = 'QueueAutovacuum1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE smartcrop_programimage SET (
        autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 2000,
        autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_cost_delay = 1
      );
      ALTER TABLE smartcrop_status_counter SET (
        autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, fillfactor = 50
      );
      ALTER TABLE programimage_audit SET (autovacuum_vacuum_insert_scale_factor = 0.05);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE programimage_audit RESET (autovacuum_vacuum_insert_scale_factor);
      ALTER TABLE smartcrop_status_counter RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, fillfactor);
      ALTER TABLE smartcrop_programimage RESET (
        autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, autovacuum_analyze_scale_factor,
        autovacuum_vacuum_cost_delay
      );
    `);
  }
}
