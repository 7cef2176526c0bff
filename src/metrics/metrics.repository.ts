import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ScrapeRows {
  /** Summed counter rows, one per (provider, status, state) with images. */
  counts: { provider: string; status: number; state: number; n: number }[];
  /** The oldest queued image per provider and stage (1, 2), age in seconds by the database clock. */
  oldest: { provider: string; stage: number; age: number }[];
  runs: { job: string; outcome: string; n: number }[];
  lastSuccess: { job: string; at: number }[];
  /** Images auto-crop did the Operator stage of, per provider, and those of them QA sent back. */
  autoCropped: { provider: string; cropped: number; sentBack: number }[];
}

/** Outcomes of a run that finished without error: a quiet night (nothing to export, no files) is a success. */
export const SUCCESS_OUTCOMES = ['success', 'nothing_to_export', 'no_files'];

/**
 * Everything a scrape reads, in one statement on one connection, whatever the number of images:
 * - counts: the sharded dashboard counters (migrations/1764500000000-DashboardCounters.ts), a few rows
 *   per provider, never the image table;
 * - oldest: per provider (smartcrop_provider_stat, one row each) and stage, the head of the claim index
 *   ix_programimage_queue (provider_name, status, created_at, id) WHERE current_state = 0 AND status IN
 *   (1, 2): LIMIT 1 in index order stops at the first live entry. `status IN (1, 2)` repeats the index
 *   predicate so the planner may use it;
 * - runs, lastSuccess: the job-run ledger, one row per run (a few a day);
 * - autoCropped: the sharded auto-crop counter (migrations/1765600000000-AutoCropCounts.ts).
 */
export const SCRAPE_SQL = `
SELECT
  (SELECT coalesce(json_agg(c), '[]') FROM (
     SELECT provider_name AS provider, status, current_state AS state, sum(n)::float8 AS n
       FROM smartcrop_status_counter GROUP BY 1, 2, 3 HAVING sum(n) <> 0) c) AS counts,
  (SELECT coalesce(json_agg(o), '[]') FROM (
     SELECT s.provider_name AS provider, st.stage, extract(epoch FROM now() - h.created_at)::float8 AS age
       FROM smartcrop_provider_stat s
      CROSS JOIN (VALUES (1::smallint), (2::smallint)) st (stage)
      CROSS JOIN LATERAL (
        SELECT p.created_at FROM smartcrop_programimage p
         WHERE p.provider_name = s.provider_name AND p.status = st.stage AND p.current_state = 0
           AND p.status IN (1, 2)
         ORDER BY p.created_at, p.id LIMIT 1) h) o) AS oldest,
  (SELECT coalesce(json_agg(r), '[]') FROM (
     SELECT job, outcome, count(*)::float8 AS n FROM smartcrop_job_run GROUP BY 1, 2) r) AS runs,
  (SELECT coalesce(json_agg(l), '[]') FROM (
     SELECT job, extract(epoch FROM max(finished_at))::float8 AS at FROM smartcrop_job_run
      WHERE outcome = ANY($1::text[]) AND finished_at IS NOT NULL GROUP BY 1) l) AS "lastSuccess",
  (SELECT coalesce(json_agg(a), '[]') FROM (
     SELECT provider_name AS provider, sum(cropped)::float8 AS cropped, sum(sent_back)::float8 AS "sentBack"
       FROM smartcrop_autocrop_counter GROUP BY 1 HAVING sum(cropped) <> 0) a) AS "autoCropped"`;

@Injectable()
export class MetricsRepository {
  constructor(private readonly db: DataSource) {}

  async scrape(): Promise<ScrapeRows> {
    const rows: ScrapeRows[] = await this.db.query(SCRAPE_SQL, [SUCCESS_OUTCOMES]);
    return rows[0];
  }
}
