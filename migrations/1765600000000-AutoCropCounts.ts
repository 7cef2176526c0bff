import type { MigrationInterface, QueryRunner } from 'typeorm';

// the connection's counter slot, as smartcrop_counter_apply picks it (migrations/1765100000000-ExportBatchTable.ts)
const SLOT = `coalesce(nullif(current_setting('smartcrop.counter_slot', true), '')::smallint, (pg_backend_pid() % 16)::smallint)`;

/** Adds the (provider, cropped, sent back) deltas of a SELECT to the counter, skipping providers that net to zero. */
const applyDeltas = (deltas: string) => `
  INSERT INTO smartcrop_autocrop_counter AS c (provider_name, slot, cropped, sent_back)
  SELECT k.provider_name, ${SLOT}, sum(k.cropped), sum(k.sent_back)
    FROM (${deltas}) k
   GROUP BY k.provider_name
  HAVING sum(k.cropped) <> 0 OR sum(k.sent_back) <> 0
  ON CONFLICT (provider_name, slot) DO UPDATE
     SET cropped = c.cropped + excluded.cropped, sent_back = c.sent_back + excluded.sent_back;`;
const plus = (rows: string, sign: string) =>
  `SELECT provider_name, ${sign}1 AS cropped, CASE WHEN auto_crop = 2 THEN ${sign}1 ELSE 0 END AS sent_back
     FROM ${rows} WHERE auto_crop IS NOT NULL`;

const RECOUNT_STATUS = `
        LOCK TABLE smartcrop_programimage IN SHARE MODE;
        DELETE FROM smartcrop_status_counter;
        INSERT INTO smartcrop_status_counter (provider_name, status, current_state, slot, n)
        SELECT provider_name, status, current_state, 0, count(*) FROM smartcrop_programimage
         GROUP BY provider_name, status, current_state;
        DELETE FROM smartcrop_provider_stat;
        INSERT INTO smartcrop_provider_stat (provider_name, last_ingested_at)
        SELECT provider_name, max(created_at) FROM smartcrop_programimage GROUP BY provider_name;`;
const RECOUNT_AUTOCROP = `
        DELETE FROM smartcrop_autocrop_counter;
        INSERT INTO smartcrop_autocrop_counter (provider_name, slot, cropped, sent_back)
        SELECT provider_name, 0, count(*), count(*) FILTER (WHERE auto_crop = 2) FROM smartcrop_programimage
         WHERE auto_crop IS NOT NULL GROUP BY provider_name;`;

/**
 * The dashboard counts auto-cropped work apart (issue 19), as cheaply as its other counts.
 *
 * - `smartcrop_programimage.auto_crop`: NULL for an image no auto-crop touched, 1 once the service has
 *   cropped it and moved it on from the Operator stage, 2 once QA has sent that work back. It stays set
 *   whatever happens to the image afterwards (an Operator's re-crop, approval, export), so an image counts
 *   once. Nullable without a default: adding it rewrites no row.
 * - `smartcrop_autocrop_counter`: per provider, sharded like smartcrop_status_counter, kept by
 *   statement-level triggers. Only rows whose (provider, auto_crop) changed move it: claims, lock renewals,
 *   hand-overs and exports net to zero and touch no counter row.
 * - The two dashboard views gain `auto_cropped` and `auto_cropped_sent_back`, and
 *   smartcrop_recount_counters() rebuilds this counter too.
 *
 * Images auto-cropped before this migration are found in the audit table (an `auto_crop` row, and a
 * `qa_send_back` after it).
 */
export class AutoCropCounts1765600000000 implements MigrationInterface {
  name = 'AutoCropCounts1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE smartcrop_programimage ADD COLUMN auto_crop smallint CHECK (auto_crop IN (1, 2));
      UPDATE smartcrop_programimage p
         SET auto_crop = CASE WHEN EXISTS (
                               SELECT 1 FROM programimage_audit b
                                WHERE b.image_id = p.id AND b.action = 'qa_send_back' AND b.id > a.first_id)
                              THEN 2 ELSE 1 END
        FROM (SELECT image_id, min(id) AS first_id FROM programimage_audit WHERE action = 'auto_crop'
               GROUP BY image_id) a
       WHERE p.id = a.image_id;

      CREATE TABLE smartcrop_autocrop_counter (
        provider_name  text NOT NULL,
        slot           smallint NOT NULL,
        cropped        bigint NOT NULL,
        sent_back      bigint NOT NULL,
        PRIMARY KEY (provider_name, slot)
      );

      CREATE FUNCTION smartcrop_autocrop_counter_ins() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${applyDeltas(plus('new_rows', ''))}
        RETURN NULL;
      END $$;
      CREATE FUNCTION smartcrop_autocrop_counter_del() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${applyDeltas(plus('old_rows', '-'))}
        RETURN NULL;
      END $$;
      -- linear whatever plan is cached: no join of old and new rows (see CounterUpdateLinear)
      CREATE FUNCTION smartcrop_autocrop_counter_upd() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${applyDeltas(`${plus('old_rows', '-')} UNION ALL ${plus('new_rows', '')}`)}
        RETURN NULL;
      END $$;
      CREATE TRIGGER trg_programimage_autocrop_counter_ins AFTER INSERT ON smartcrop_programimage
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION smartcrop_autocrop_counter_ins();
      CREATE TRIGGER trg_programimage_autocrop_counter_upd AFTER UPDATE ON smartcrop_programimage
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION smartcrop_autocrop_counter_upd();
      CREATE TRIGGER trg_programimage_autocrop_counter_del AFTER DELETE ON smartcrop_programimage
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION smartcrop_autocrop_counter_del();

      CREATE OR REPLACE FUNCTION smartcrop_recount_counters() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        ${RECOUNT_STATUS}
        ${RECOUNT_AUTOCROP}
      END $$;
      ${RECOUNT_AUTOCROP}

      CREATE OR REPLACE VIEW view_smartcrop_total AS
      SELECT coalesce(sum(n), 0)::bigint                                              AS total,
             coalesce(sum(n) FILTER (WHERE status = 1 AND current_state = 0), 0)::bigint AS operator_queued,
             coalesce(sum(n) FILTER (WHERE status = 1 AND current_state = 1), 0)::bigint AS operator_locked,
             coalesce(sum(n) FILTER (WHERE status = 2 AND current_state = 0), 0)::bigint AS qa_queued,
             coalesce(sum(n) FILTER (WHERE status = 2 AND current_state = 1), 0)::bigint AS qa_locked,
             coalesce(sum(n) FILTER (WHERE status = 3), 0)::bigint                     AS completed,
             coalesce(sum(n) FILTER (WHERE status = 4), 0)::bigint                     AS rejected,
             coalesce(sum(n) FILTER (WHERE status = 5), 0)::bigint                     AS exported,
             (SELECT coalesce(sum(cropped), 0)::bigint FROM smartcrop_autocrop_counter)   AS auto_cropped,
             (SELECT coalesce(sum(sent_back), 0)::bigint FROM smartcrop_autocrop_counter) AS auto_cropped_sent_back
        FROM smartcrop_status_counter;

      CREATE OR REPLACE VIEW view_smartcrop_providerlist_total AS
      SELECT c.provider_name,
             sum(c.n)::bigint                                                          AS total,
             coalesce(sum(c.n) FILTER (WHERE c.status = 1 AND c.current_state = 0), 0)::bigint AS operator_queued,
             coalesce(sum(c.n) FILTER (WHERE c.status = 2 AND c.current_state = 0), 0)::bigint AS qa_queued,
             coalesce(sum(c.n) FILTER (WHERE c.status = 3), 0)::bigint                 AS completed,
             coalesce(sum(c.n) FILTER (WHERE c.status = 4), 0)::bigint                 AS rejected,
             coalesce(sum(c.n) FILTER (WHERE c.status = 5), 0)::bigint                 AS exported,
             s.last_ingested_at,
             coalesce(a.cropped, 0)::bigint                                             AS auto_cropped,
             coalesce(a.sent_back, 0)::bigint                                           AS auto_cropped_sent_back
        FROM smartcrop_status_counter c
        LEFT JOIN smartcrop_provider_stat s ON s.provider_name = c.provider_name
        LEFT JOIN (SELECT provider_name, sum(cropped) AS cropped, sum(sent_back) AS sent_back
                     FROM smartcrop_autocrop_counter GROUP BY provider_name) a ON a.provider_name = c.provider_name
       GROUP BY c.provider_name, s.last_ingested_at, a.cropped, a.sent_back
      HAVING sum(c.n) > 0;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP VIEW view_smartcrop_total;
      CREATE VIEW view_smartcrop_total AS
      SELECT coalesce(sum(n), 0)::bigint                                              AS total,
             coalesce(sum(n) FILTER (WHERE status = 1 AND current_state = 0), 0)::bigint AS operator_queued,
             coalesce(sum(n) FILTER (WHERE status = 1 AND current_state = 1), 0)::bigint AS operator_locked,
             coalesce(sum(n) FILTER (WHERE status = 2 AND current_state = 0), 0)::bigint AS qa_queued,
             coalesce(sum(n) FILTER (WHERE status = 2 AND current_state = 1), 0)::bigint AS qa_locked,
             coalesce(sum(n) FILTER (WHERE status = 3), 0)::bigint                     AS completed,
             coalesce(sum(n) FILTER (WHERE status = 4), 0)::bigint                     AS rejected,
             coalesce(sum(n) FILTER (WHERE status = 5), 0)::bigint                     AS exported
        FROM smartcrop_status_counter;
      DROP VIEW view_smartcrop_providerlist_total;
      CREATE VIEW view_smartcrop_providerlist_total AS
      SELECT c.provider_name,
             sum(c.n)::bigint                                                          AS total,
             coalesce(sum(c.n) FILTER (WHERE c.status = 1 AND c.current_state = 0), 0)::bigint AS operator_queued,
             coalesce(sum(c.n) FILTER (WHERE c.status = 2 AND c.current_state = 0), 0)::bigint AS qa_queued,
             coalesce(sum(c.n) FILTER (WHERE c.status = 3), 0)::bigint                 AS completed,
             coalesce(sum(c.n) FILTER (WHERE c.status = 4), 0)::bigint                 AS rejected,
             coalesce(sum(c.n) FILTER (WHERE c.status = 5), 0)::bigint                 AS exported,
             s.last_ingested_at
        FROM smartcrop_status_counter c
        LEFT JOIN smartcrop_provider_stat s ON s.provider_name = c.provider_name
       GROUP BY c.provider_name, s.last_ingested_at
      HAVING sum(c.n) > 0;

      CREATE OR REPLACE FUNCTION smartcrop_recount_counters() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        ${RECOUNT_STATUS}
      END $$;
      DROP TRIGGER trg_programimage_autocrop_counter_del ON smartcrop_programimage;
      DROP TRIGGER trg_programimage_autocrop_counter_upd ON smartcrop_programimage;
      DROP TRIGGER trg_programimage_autocrop_counter_ins ON smartcrop_programimage;
      DROP FUNCTION smartcrop_autocrop_counter_upd();
      DROP FUNCTION smartcrop_autocrop_counter_del();
      DROP FUNCTION smartcrop_autocrop_counter_ins();
      DROP TABLE smartcrop_autocrop_counter;
      ALTER TABLE smartcrop_programimage DROP COLUMN auto_crop;
    `);
  }
}
