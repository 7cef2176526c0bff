import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The update counter trigger no longer joins its old and new transition tables.
 *
 * PL/pgSQL caches the plan of a parameterless query after its first run. On a pooled connection whose
 * first updates touched a row or two (claims, transitions), the cached plan joined old_rows to new_rows
 * with a nested loop. A later bulk UPDATE on the same connection (an export stamping 100k rows, a bulk
 * release) then ran it quadratically: minutes of CPU for 200k rows.
 *
 * Instead, every old row counts -1 and every new row +1 under its (provider, status, state) key. An
 * unchanged key nets to zero and is skipped, so lock renewals still touch no counter. Linear in the rows
 * whatever plan is cached.
 */
export class CounterUpdateLinear1764600000000 implements MigrationInterface {
  name = 'CounterUpdateLinear1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION smartcrop_counter_upd() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM smartcrop_counter_apply(k.provider_name, k.status, k.current_state, sum(k.delta)::bigint)
           FROM (
             SELECT provider_name, status, current_state, -1 AS delta FROM old_rows
             UNION ALL
             SELECT provider_name, status, current_state, 1 FROM new_rows
           ) k
          GROUP BY k.provider_name, k.status, k.current_state
         HAVING sum(k.delta) <> 0;
        RETURN NULL;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION smartcrop_counter_upd() RETURNS trigger LANGUAGE plpgsql AS $$
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
    `);
  }
}
