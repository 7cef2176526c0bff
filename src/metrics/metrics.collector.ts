import { Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { DeskMetrics } from './desk-metrics.js';
import { MetricsRepository } from './metrics.repository.js';

const STAGE: Record<number, string> = { 1: 'operator', 2: 'qa' };
const STATE: Record<number, string> = { 0: 'queued', 1: 'locked' };
const FINISHED: Record<number, string> = { 3: 'completed', 4: 'rejected', 5: 'exported' };

/**
 * Fills the database-wide gauges at scrape time (one bounded statement, MetricsRepository) and the pool
 * gauges from pg's own counts, then renders the registry. A failed read leaves those gauges empty and
 * says so in smartcrop_metrics_database_up, so the process metrics still answer while the database is down.
 */
@Injectable()
export class MetricsCollector {
  private readonly logger = new Logger(MetricsCollector.name);
  private readonly pool: Pool;
  private readonly gauge;

  constructor(
    private readonly desk: DeskMetrics,
    private readonly repo: MetricsRepository,
    db: DataSource,
  ) {
    // TypeORM's postgres driver keeps its pg.Pool as `master` (untyped in TypeORM)
    this.pool = (db.driver as unknown as { master: Pool }).master;
    const g = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
      new Gauge({ name, help, labelNames, registers: [desk.registry] });
    this.gauge = {
      up: g('smartcrop_metrics_database_up', '1 when this scrape read the database, else 0', []),
      queue: g('smartcrop_queue_images', 'Images at the Operator and QA stages, queued or locked', [
        'provider',
        'stage',
        'state',
      ]),
      finished: g('smartcrop_finished_images', 'Images Completed, Rejected or Exported', [
        'provider',
        'status',
      ]),
      autoCropped: g(
        'smartcrop_autocropped_images',
        'Images whose Operator stage auto-crop did (outcome all), and those of them QA sent back (sent_back)',
        ['provider', 'outcome'],
      ),
      oldest: g(
        'smartcrop_queue_oldest_age_seconds',
        'Age of the oldest queued (unlocked) image per provider and stage; absent when that queue is empty',
        ['provider', 'stage'],
      ),
      runs: g('smartcrop_job_runs', 'Job runs in the ledger (all processes), by job and outcome', [
        'job',
        'outcome',
      ]),
      lastSuccess: g(
        'smartcrop_job_last_success_timestamp_seconds',
        'When each job last finished without error (success, nothing_to_export, no_files), Unix seconds',
        ['job'],
      ),
      pool: g('smartcrop_db_pool_connections', 'Connections of this process pool: in_use, idle, total', [
        'state',
      ]),
      waiting: g('smartcrop_db_pool_waiting', 'Queries of this process waiting for a pool connection', []),
    };
  }

  async render(): Promise<{ contentType: string; body: string }> {
    await this.refresh();
    return { contentType: this.desk.registry.contentType, body: await this.desk.registry.metrics() };
  }

  private async refresh(): Promise<void> {
    const g = this.gauge;
    g.pool.set({ state: 'total' }, this.pool.totalCount);
    g.pool.set({ state: 'idle' }, this.pool.idleCount);
    g.pool.set({ state: 'in_use' }, this.pool.totalCount - this.pool.idleCount);
    g.waiting.set(this.pool.waitingCount);
    for (const k of ['queue', 'finished', 'autoCropped', 'oldest', 'runs', 'lastSuccess'] as const)
      g[k].reset();
    try {
      const s = await this.repo.scrape();
      for (const c of s.counts) {
        if (STAGE[c.status]) {
          g.queue.inc({ provider: c.provider, stage: STAGE[c.status], state: STATE[c.state] }, c.n);
        } else g.finished.inc({ provider: c.provider, status: FINISHED[c.status] }, c.n);
      }
      // every provider shows both stages and states, so an emptied queue reads 0 rather than vanishing
      for (const p of new Set(s.counts.map((c) => c.provider)))
        for (const stage of Object.values(STAGE))
          for (const state of Object.values(STATE)) g.queue.inc({ provider: p, stage, state }, 0);
      for (const a of s.autoCropped) {
        g.autoCropped.set({ provider: a.provider, outcome: 'all' }, a.cropped);
        g.autoCropped.set({ provider: a.provider, outcome: 'sent_back' }, a.sentBack);
      }
      for (const o of s.oldest) g.oldest.set({ provider: o.provider, stage: STAGE[o.stage] }, o.age);
      for (const r of s.runs) g.runs.set({ job: r.job, outcome: r.outcome }, r.n);
      for (const l of s.lastSuccess) g.lastSuccess.set({ job: l.job }, l.at);
      g.up.set(1);
    } catch (err) {
      g.up.set(0);
      this.logger.warn({ err: (err as Error).message }, 'Metrics scrape could not read the database');
    }
  }
}
