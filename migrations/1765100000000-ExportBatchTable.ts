import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The batch export prepares its stamping while the CSV is still being written, on a second connection,
 * and commits it the moment the upload succeeds (src/batchjob/batchjob.service.ts). Two things make that
 * possible:
 *
 * - `smartcrop_export_batch`: the images one run exports, fixed once and read by both connections (a temp
 *   table is visible to its own session only). One batch runs at a time (the job's advisory lock); each run
 *   truncates it first and last. Unlogged: it is scratch, rebuilt by every run, and a crash ends the run
 *   that used it anyway.
 * - `smartcrop.counter_slot`: the stamp's transaction stays open through the upload, and its counter
 *   deltas (Completed −n, Exported +n) would hold the counter row of its connection's slot, the same row
 *   an operator's transition to Completed on a connection of the same slot must update: that operator would
 *   wait for the upload. With the setting, the export counts on a slot of its own that no pooled connection
 *   uses (slots 0–15 are pg_backend_pid() % 16).
 */
export class ExportBatchTable1765100000000 implements MigrationInterface {
  name = 'ExportBatchTable1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE smartcrop_export_batch (
        image_id  bigint PRIMARY KEY,
        status    smallint NOT NULL
      );

      CREATE OR REPLACE FUNCTION smartcrop_counter_apply(p_provider text, p_status smallint, p_state smallint, p_delta bigint)
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO smartcrop_status_counter AS c (provider_name, status, current_state, slot, n)
        VALUES (p_provider, p_status, p_state,
                coalesce(nullif(current_setting('smartcrop.counter_slot', true), '')::smallint,
                         (pg_backend_pid() % 16)::smallint),
                p_delta)
        ON CONFLICT (provider_name, status, current_state, slot) DO UPDATE SET n = c.n + excluded.n
      $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION smartcrop_counter_apply(p_provider text, p_status smallint, p_state smallint, p_delta bigint)
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO smartcrop_status_counter AS c (provider_name, status, current_state, slot, n)
        VALUES (p_provider, p_status, p_state, (pg_backend_pid() % 16)::smallint, p_delta)
        ON CONFLICT (provider_name, status, current_state, slot) DO UPDATE SET n = c.n + excluded.n
      $$;
      DROP TABLE smartcrop_export_batch;
    `);
  }
}
