import type { Logger } from '@nestjs/common';

/** A running job's progress as the ledger holds it and GET /jobs/runs/{RunId} shows it. */
export interface ProgressState {
  Done: number;
  Total?: number;
  Unit: string;
  /** the file being worked on, when there is one */
  File?: string;
  UpdatedAt: string;
}

export interface ProgressOptions {
  /** at most one log line per this many ms (5 s) */
  logEveryMs?: number;
  /** at most one ledger write per this many ms (2 s) */
  writeEveryMs?: number;
  now?: () => number;
}

/**
 * The progress of one run, for long work (a million-row export, a large manifest): `update()` is cheap
 * enough to call for every chunk. It logs a line (file, rows done, rows/s) at most every 5 s and writes the
 * ledger row's progress at most every 2 s, through `write` on a pooled connection of its own: a job's
 * long transaction would hide anything it wrote itself until it commits. One write is in flight at a time;
 * a write that fails is logged and the next one tries again, so progress never fails a job.
 */
export class RunProgress {
  private readonly logEveryMs: number;
  private readonly writeEveryMs: number;
  private readonly now: () => number;
  private readonly started: number;
  private lastLog: number;
  private lastWrite = -Infinity;
  private state: ProgressState | undefined;
  private writing: Promise<void> | undefined;
  private dirty = false;
  private closed = false;

  constructor(
    private readonly label: string,
    private readonly logger: Pick<Logger, 'log' | 'warn'>,
    private readonly write: (state: ProgressState) => Promise<void>,
    opts: ProgressOptions = {},
  ) {
    this.logEveryMs = opts.logEveryMs ?? 5_000;
    this.writeEveryMs = opts.writeEveryMs ?? 2_000;
    this.now = opts.now ?? Date.now;
    this.started = this.now();
    this.lastLog = this.started;
  }

  /** `done` units of `unit` (rows) so far, out of `total` when known, on `file` when given. */
  update(done: number, opts: { total?: number; file?: string; unit?: string } = {}): void {
    if (this.closed) return;
    const at = this.now();
    this.state = {
      Done: done,
      ...(opts.total !== undefined ? { Total: opts.total } : {}),
      Unit: opts.unit ?? 'rows',
      ...(opts.file ? { File: opts.file } : {}),
      UpdatedAt: new Date(at).toISOString(),
    };
    this.dirty = true;
    if (at - this.lastLog >= this.logEveryMs) {
      this.lastLog = at;
      const perSecond = Math.round(done / Math.max((at - this.started) / 1000, 0.001));
      const of = opts.total !== undefined ? ` / ${opts.total}` : '';
      this.logger.log(
        { file: opts.file, done, total: opts.total, perSecond },
        `${this.label}: ${done}${of} ${this.state.Unit}${opts.file ? ` of ${opts.file}` : ''}, ${perSecond} ${this.state.Unit}/s`,
      );
    }
    if (!this.writing && at - this.lastWrite >= this.writeEveryMs) this.startWrite(at);
  }

  /** Writes the latest state now (the end of a phase: a test or an operator sees where it stands). */
  async flush(): Promise<void> {
    await this.writing;
    if (this.dirty && !this.closed) this.startWrite(this.now());
    await this.writing;
  }

  /** Waits for a write in flight and stops writing: the run is about to be recorded as finished. */
  async close(): Promise<void> {
    this.closed = true;
    await this.writing;
  }

  private startWrite(at: number): void {
    const state = this.state!;
    this.lastWrite = at;
    this.dirty = false;
    this.writing = this.write(state)
      .catch((err: unknown) => {
        this.dirty = true;
        this.logger.warn(
          { err: err instanceof Error ? err.message : String(err) },
          `${this.label}: progress not recorded`,
        );
      })
      .finally(() => {
        this.writing = undefined;
      });
  }
}
