import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dashboard counts kept in step with smartcrop_programimage inside the same transaction as each change,
 * so Totals and ProviderList read a few dozen counter rows instead of counting a million images.
 *
 * - Statement-level triggers with transition tables: a bulk ingest of 100k rows is one counter upsert per
 *   (provider, status, state), not 100k.
 * - Sharded rows (slot = backend pid % 16): concurrent claims of one provider's queue run on different
 *   connections and so touch different counter rows, instead of all queueing on one hot row.
 * - smartcrop_recount_counters() rebuilds the counters from the base table (repair, and the backfill here).
 */
export class DashboardCounters1764500000000 implements MigrationInterface {
  name = 'DashboardCounters1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE smartcrop_status_counter (
        provider_name  text NOT NULL,
        status         smallint NOT NULL,
        current_state  smallint NOT NULL,
        slot           smallint NOT NULL,
        n              bigint NOT NULL,
        PRIMARY KEY (provider_name, status, current_state, slot)
      );
      CREATE TABLE smartcrop_provider_stat (
        provider_name     text PRIMARY KEY,
        last_ingested_at  timestamptz NOT NULL
      );

      CREATE FUNCTION smartcrop_counter_apply(p_provider text, p_status smallint, p_state smallint, p_delta bigint)
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO smartcrop_status_counter AS c (provider_name, status, current_state, slot, n)
        VALUES (p_provider, p_status, p_state, (pg_backend_pid() % 16)::smallint, p_delta)
        ON CONFLICT (provider_name, status, current_state, slot) DO UPDATE SET n = c.n + excluded.n
      $$;

      CREATE FUNCTION smartcrop_counter_ins() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM smartcrop_counter_apply(provider_name, status, current_state, count(*))
           FROM new_rows GROUP BY provider_name, status, current_state;
        INSERT INTO smartcrop_provider_stat AS s (provider_name, last_ingested_at)
        SELECT provider_name, max(created_at) FROM new_rows GROUP BY provider_name
        ON CONFLICT (provider_name) DO UPDATE SET last_ingested_at = greatest(s.last_ingested_at, excluded.last_ingested_at);
        RETURN NULL;
      END $$;

      CREATE FUNCTION smartcrop_counter_del() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM smartcrop_counter_apply(provider_name, status, current_state, -count(*))
           FROM old_rows GROUP BY provider_name, status, current_state;
        RETURN NULL;
      END $$;

      -- only rows whose (provider, status, state) changed move a count; lock renewals touch nothing
      CREATE FUNCTION smartcrop_counter_upd() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM smartcrop_counter_apply(k.provider_name, k.status, k.current_state, sum(k.delta)::bigint)
           FROM (
             SELECT o.provider_name, o.status, o.current_state, -1 AS delta
               FROM old_rows o JOIN new_rows n ON n.id = o.id
              WHERE (o.provider_name, o.status, o.current_state) IS DISTINCT FROM (n.provider_name, n.status, n.current_state)
             UNION ALL
             SELECT n.provider_name, n.status, n.current_state, 1
               FROM old_rows o JOIN new_rows n ON n.id = o.id
              WHERE (o.provider_name, o.status, o.current_state) IS DISTINCT FROM (n.provider_name, n.status, n.current_state)
           ) k
          GROUP BY k.provider_name, k.status, k.current_state
         HAVING sum(k.delta) <> 0;
        RETURN NULL;
      END $$;

      CREATE TRIGGER trg_programimage_counter_ins AFTER INSERT ON smartcrop_programimage
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION smartcrop_counter_ins();
      CREATE TRIGGER trg_programimage_counter_upd AFTER UPDATE ON smartcrop_programimage
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION smartcrop_counter_upd();
      CREATE TRIGGER trg_programimage_counter_del AFTER DELETE ON smartcrop_programimage
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION smartcrop_counter_del();

      -- rebuilds every counter from the base table; takes a lock so no change slips in between
      CREATE FUNCTION smartcrop_recount_counters() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        LOCK TABLE smartcrop_programimage IN SHARE MODE;
        DELETE FROM smartcrop_status_counter;
        INSERT INTO smartcrop_status_counter (provider_name, status, current_state, slot, n)
        SELECT provider_name, status, current_state, 0, count(*) FROM smartcrop_programimage
         GROUP BY provider_name, status, current_state;
        DELETE FROM smartcrop_provider_stat;
        INSERT INTO smartcrop_provider_stat (provider_name, last_ingested_at)
        SELECT provider_name, max(created_at) FROM smartcrop_programimage GROUP BY provider_name;
      END $$;
      SELECT smartcrop_recount_counters();

      CREATE OR REPLACE VIEW view_smartcrop_total AS
      SELECT coalesce(sum(n), 0)::bigint                                              AS total,
             coalesce(sum(n) FILTER (WHERE status = 1 AND current_state = 0), 0)::bigint AS operator_queued,
             coalesce(sum(n) FILTER (WHERE status = 1 AND current_state = 1), 0)::bigint AS operator_locked,
             coalesce(sum(n) FILTER (WHERE status = 2 AND current_state = 0), 0)::bigint AS qa_queued,
             coalesce(sum(n) FILTER (WHERE status = 2 AND current_state = 1), 0)::bigint AS qa_locked,
             coalesce(sum(n) FILTER (WHERE status = 3), 0)::bigint                     AS completed,
             coalesce(sum(n) FILTER (WHERE status = 4), 0)::bigint                     AS rejected,
             coalesce(sum(n) FILTER (WHERE status = 5), 0)::bigint                     AS exported
        FROM smartcrop_status_counter;

      CREATE OR REPLACE VIEW view_smartcrop_providerlist_total AS
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
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW view_smartcrop_total AS
      SELECT count(*)::bigint                                              AS total,
             count(*) FILTER (WHERE status = 1 AND current_state = 0)::bigint AS operator_queued,
             count(*) FILTER (WHERE status = 1 AND current_state = 1)::bigint AS operator_locked,
             count(*) FILTER (WHERE status = 2 AND current_state = 0)::bigint AS qa_queued,
             count(*) FILTER (WHERE status = 2 AND current_state = 1)::bigint AS qa_locked,
             count(*) FILTER (WHERE status = 3)::bigint                     AS completed,
             count(*) FILTER (WHERE status = 4)::bigint                     AS rejected,
             count(*) FILTER (WHERE status = 5)::bigint                     AS exported
        FROM smartcrop_programimage;
      DROP VIEW view_smartcrop_providerlist_total;
      CREATE VIEW view_smartcrop_providerlist_total AS
      SELECT p.provider_name,
             count(*)::bigint                                                AS total,
             count(*) FILTER (WHERE p.status = 1 AND p.current_state = 0)::bigint AS operator_queued,
             count(*) FILTER (WHERE p.status = 2 AND p.current_state = 0)::bigint AS qa_queued,
             count(*) FILTER (WHERE p.status = 3)::bigint                       AS completed,
             count(*) FILTER (WHERE p.status = 4)::bigint                       AS rejected,
             count(*) FILTER (WHERE p.status = 5)::bigint                       AS exported,
             max(p.created_at)                                                  AS last_ingested_at
        FROM smartcrop_programimage p
       GROUP BY p.provider_name;
      DROP TRIGGER trg_programimage_counter_del ON smartcrop_programimage;
      DROP TRIGGER trg_programimage_counter_upd ON smartcrop_programimage;
      DROP TRIGGER trg_programimage_counter_ins ON smartcrop_programimage;
      DROP FUNCTION smartcrop_recount_counters();
      DROP FUNCTION smartcrop_counter_upd();
      DROP FUNCTION smartcrop_counter_del();
      DROP FUNCTION smartcrop_counter_ins();
      DROP FUNCTION smartcrop_counter_apply(text, smallint, smallint, bigint);
      DROP TABLE smartcrop_provider_stat;
      DROP TABLE smartcrop_status_counter;
    `);
  }
}
