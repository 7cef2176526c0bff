import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toPage, type Page } from '../common/response.js';
import type { ProviderListQuery, ProviderSort, ProviderTotalsDto, TotalsDto } from './dashboard.dto.js';

// sort keys map to fixed SQL, never to caller text
const ORDER_BY: Record<ProviderSort, string> = {
  ProviderName: 'provider_name ASC',
  Total: 'total DESC, provider_name ASC',
  OperatorQueued: 'operator_queued DESC, provider_name ASC',
  LastIngestedAt: 'last_ingested_at DESC NULLS LAST, provider_name ASC',
  OperatorOldestQueuedAt: '"OperatorOldestQueuedAt" ASC NULLS LAST, provider_name ASC',
  QAOldestQueuedAt: '"QAOldestQueuedAt" ASC NULLS LAST, provider_name ASC',
};

/**
 * The oldest queued image of a provider at a stage: the head of the claim index ix_programimage_queue
 * (provider_name, status, created_at, id) WHERE current_state = 0 AND status IN (1, 2), so one short
 * index probe per provider and stage whatever the queue length (bench/dashboard.bench.ts). The
 * `status IN (1, 2)` repeats the index predicate so the planner can use it.
 */
const oldestQueued = (stage: 1 | 2) => `(
  SELECT q.created_at FROM smartcrop_programimage q
   WHERE q.provider_name = v.provider_name AND q.status = ${stage} AND q.current_state = 0 AND q.status IN (1, 2)
   ORDER BY q.created_at, q.id LIMIT 1)`;

/**
 * Reads the dashboard views. They sum the sharded counters that triggers keep in step with every change
 * (migrations/1764500000000-DashboardCounters.ts, and 1765600000000-AutoCropCounts.ts for the auto-cropped
 * images), so the cost is a few dozen rows, whatever the table size.
 */
@Injectable()
export class DashboardRepository {
  constructor(private readonly db: DataSource) {}

  async totals(): Promise<TotalsDto> {
    const rows: TotalsDto[] = await this.db.query(
      `SELECT total::float8 AS "Total", operator_queued::float8 AS "OperatorQueued", operator_locked::float8 AS "OperatorLocked",
              qa_queued::float8 AS "QAQueued", qa_locked::float8 AS "QALocked", completed::float8 AS "Completed",
              rejected::float8 AS "Rejected", exported::float8 AS "Exported",
              auto_cropped::float8 AS "AutoCropped", auto_cropped_sent_back::float8 AS "AutoCroppedSentBack"
         FROM view_smartcrop_total`,
    );
    return rows[0];
  }

  /**
   * One round trip: the page and the total count from the same snapshot of the view. The queue ages are
   * computed for every provider (a few dozen probes) so that they can be sorted on.
   */
  async providers(q: ProviderListQuery): Promise<Page<ProviderTotalsDto>> {
    const rows: (ProviderTotalsDto & { full_count: number })[] = await this.db.query(
      `SELECT provider_name AS "ProviderName", total::float8 AS "Total", operator_queued::float8 AS "OperatorQueued",
              qa_queued::float8 AS "QAQueued", completed::float8 AS "Completed", rejected::float8 AS "Rejected",
              exported::float8 AS "Exported", auto_cropped::float8 AS "AutoCropped",
              auto_cropped_sent_back::float8 AS "AutoCroppedSentBack", last_ingested_at AS "LastIngestedAt",
              ${oldestQueued(1)} AS "OperatorOldestQueuedAt", ${oldestQueued(2)} AS "QAOldestQueuedAt",
              count(*) OVER ()::int AS full_count
         FROM view_smartcrop_providerlist_total v
        ORDER BY ${ORDER_BY[q.sortBy]}
        LIMIT $1 OFFSET $2`,
      [q.pageSize, q.offset],
    );
    let total = rows[0]?.full_count ?? 0;
    if (rows.length === 0 && q.offset > 0) {
      // past the last page: still report the true total
      const count: { n: number }[] = await this.db.query(
        'SELECT count(*)::int AS n FROM view_smartcrop_providerlist_total',
      );
      total = count[0].n;
    }
    return toPage(
      rows.map(({ full_count: _, ...item }) => item),
      total,
      q.pageNumber,
      q.pageSize,
    );
  }
}
