import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import type { ProgressState } from './run-progress.js';

export type JobTrigger = 'cron' | 'api' | 'cli';
export type JobOutcome = 'running' | 'success' | 'nothing_to_export' | 'no_files' | 'failed' | 'interrupted';

export interface JobRunRow {
  Id: number;
  Job: string;
  Trigger: JobTrigger;
  TriggeredBy: number | null;
  StartedAt: Date;
  FinishedAt: Date | null;
  Outcome: JobOutcome;
  Rows: number;
  Files: string[];
  Error: string | null;
  Summary: Record<string, unknown>;
  Progress: ProgressState | null;
}

// ids are bigint, which pg hands over as text; the wire's ids are numbers (far below 2^53)
const COLUMNS = `id::float8 AS "Id", job AS "Job", trigger AS "Trigger", triggered_by AS "TriggeredBy", started_at AS "StartedAt",
  finished_at AS "FinishedAt", outcome AS "Outcome", rows::float8 AS "Rows", files AS "Files", error AS "Error", summary AS "Summary",
  progress AS "Progress"`;

/** The job-run ledger (`smartcrop_job_run`): one row per run of any job, whatever triggered it. */
@Injectable()
export class JobRunRepository {
  constructor(private readonly db: DataSource) {}

  async start(
    job: string,
    trigger: JobTrigger,
    userId: number | null,
    summary: object = {},
  ): Promise<number> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO smartcrop_job_run (job, trigger, triggered_by, summary) VALUES ($1, $2, $3, $4) RETURNING id`,
      [job, trigger, userId, summary],
    );
    return Number(rows[0].id);
  }

  /**
   * Records a run's outcome. With `within`, on that connection, inside whatever transaction it has open:
   * the batch export commits its outcome with its stamp. The clock, not now(): inside a transaction now()
   * is when it began, before the file was even written.
   */
  async finish(
    id: number,
    result: { outcome: JobOutcome; rows?: number; files?: string[]; error?: string; summary?: object },
    within?: pg.Client,
  ): Promise<void> {
    const sql = `UPDATE smartcrop_job_run SET finished_at = clock_timestamp(), outcome = $2, rows = $3, files = $4, error = $5,
                        summary = summary || $6
                  WHERE id = $1`;
    const params = [
      id,
      result.outcome,
      result.rows ?? 0,
      result.files ?? [],
      result.error ?? null,
      result.summary ?? {},
    ];
    if (within) await within.query(sql, params);
    else await this.db.query(sql, params);
  }

  /** A running job's live progress; autocommitted on a pooled connection, so it shows while the job works. */
  async progress(id: number, state: ProgressState): Promise<void> {
    await this.db.query(`UPDATE smartcrop_job_run SET progress = $2 WHERE id = $1 AND outcome = 'running'`, [
      id,
      state,
    ]);
  }

  async get(id: number): Promise<JobRunRow | undefined> {
    const rows = await this.db.query<JobRunRow[]>(`SELECT ${COLUMNS} FROM smartcrop_job_run WHERE id = $1`, [
      id,
    ]);
    return rows[0];
  }

  /** Whether an earlier run of this job delivered a file of any of these names. */
  async delivered(job: string, names: string[]): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM smartcrop_job_run WHERE job = $1 AND files && $2::text[] LIMIT 1`,
      [job, names],
    );
    return rows.length > 0;
  }

  /** Whether a cron tick of this job (its scheduled second, ISO) already has a run: ticks run once. */
  async tickRan(job: string, tick: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM smartcrop_job_run WHERE job = $1 AND trigger = 'cron' AND summary->>'Tick' = $2 LIMIT 1`,
      [job, tick],
    );
    return rows.length > 0;
  }

  /** Runs left 'running' by a process that died: nobody holds their lock any more. */
  async markInterrupted(job: string): Promise<number> {
    const rows: unknown[] = await this.db.query(
      `UPDATE smartcrop_job_run SET outcome = 'interrupted', finished_at = now(),
              error = coalesce(error, 'the process running it stopped before it finished')
        WHERE job = $1 AND outcome = 'running' RETURNING id`,
      [job],
    );
    return rows.length;
  }

  async page(
    job: string | undefined,
    offset: number,
    limit: number,
  ): Promise<{ items: JobRunRow[]; total: number }> {
    const [items, count] = await Promise.all([
      this.db.query<JobRunRow[]>(
        `SELECT ${COLUMNS} FROM smartcrop_job_run WHERE ($1::text IS NULL OR job = $1)
          ORDER BY started_at DESC, id DESC LIMIT $2 OFFSET $3`,
        [job ?? null, limit, offset],
      ),
      this.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM smartcrop_job_run WHERE ($1::text IS NULL OR job = $1)`,
        [job ?? null],
      ),
    ]);
    return { items, total: count[0].n };
  }
}
