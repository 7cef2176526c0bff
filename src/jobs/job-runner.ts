import { AsyncLocalStorage } from 'node:async_hooks';
import { BeforeApplicationShutdown, ConflictException, Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { AdvisoryLock } from '../infra/database/advisory-lock.js';
import { utcStamp } from '../infra/transfer/file-names.js';
import { JobRunRepository, type JobOutcome, type JobTrigger } from './job-run.repository.js';
import { RunProgress } from './run-progress.js';

export interface JobResult {
  outcome: Exclude<JobOutcome, 'running' | 'failed' | 'interrupted'>;
  rows?: number;
  files?: string[];
  summary?: object;
}

export interface JobRunReport extends JobResult {
  runId: number;
}

/** A job's work: given its ledger row's id and a progress reporter for long work. */
export type JobWork = (runId: number, progress: RunProgress) => Promise<JobResult>;

const committedBefore = new WeakMap<object, Omit<JobResult, 'outcome'>>();

/**
 * Marks what a failing run had already committed (rows, files, summary), so that its ledger row says so
 * instead of nothing. Returns the error itself, to be rethrown: what it answers over HTTP stays the same.
 */
export function failedAfter(err: unknown, done: Omit<JobResult, 'outcome'>): unknown {
  const error = err instanceof Error ? err : new Error(String(err));
  committedBefore.set(error, done);
  return error;
}

export class JobAlreadyRunning extends ConflictException {
  constructor(job: string) {
    super(`The ${job} job is already running; try again when it has finished`);
  }
}

/** How long shutdown waits for a running job before letting the process go (the run is then interrupted). */
export const SHUTDOWN_WAIT_MS = 60_000;

/**
 * Runs a job once across every process sharing the database: a PostgreSQL advisory lock per job, held
 * for the whole run. A second caller gets JobAlreadyRunning (409 over HTTP; a cron tick just skips).
 * Every run is a row in the ledger, with its outcome, counts, files and (sanitised) error.
 * On shutdown, a run in progress is given SHUTDOWN_WAIT_MS to finish; a run cut short stays 'running'
 * and the next run of that job marks it interrupted.
 */
@Injectable()
export class JobRunner implements BeforeApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  private readonly active = new Set<Promise<unknown>>();
  private closing = false;
  /** set by started(): told the run's id the moment its ledger row exists */
  private readonly onStarted = new AsyncLocalStorage<(runId: number) => void>();

  constructor(
    private readonly lock: AdvisoryLock,
    private readonly runs: JobRunRepository,
  ) {}

  run(job: string, trigger: JobTrigger, userId: number | null, work: JobWork): Promise<JobRunReport> {
    return this.track(this.locked(job, trigger, userId, undefined, work)).then((r) => {
      if (!r) throw new JobAlreadyRunning(job);
      return r;
    });
  }

  /**
   * A cron tick: runs unless the job is running elsewhere or this tick (its scheduled second) already
   * ran in another process. Returns null when skipped, for either reason.
   */
  runTick(job: string, tick: Date, work: JobWork): Promise<JobRunReport | null> {
    if (this.closing) return Promise.resolve(null);
    return this.track(this.locked(job, 'cron', null, tick.toISOString(), work));
  }

  /**
   * The UTC stamp (`YYYYMMDD_HHmmss`) for a run's file names: `at`, one second later for each stamp whose
   * names an earlier run of the job already delivered. A second run within the same second (a manual
   * trigger right after the cron's) must not overwrite the first one's files: a batch manifest's images are
   * stamped with its name. Call it while running the job: runs of one job never overlap, so the ledger check
   * cannot race.
   */
  async fileStamp(job: string, at: Date, names: (stamp: string) => string[]): Promise<string> {
    for (let t = at.getTime(); ; t += 1000) {
      const stamp = utcStamp(new Date(t));
      if (!(await this.runs.delivered(job, names(stamp)))) return stamp;
    }
  }

  /**
   * Calls `trigger` (something that starts a job through run()) and resolves with the run's id as soon as
   * its ledger row exists, while the job goes on in the background: `?wait=false`. What fails before the
   * run starts (409 while it runs elsewhere, a bad folder) rejects as usual; what fails after is the run's
   * outcome in the ledger, already recorded and logged by the runner.
   */
  started(trigger: () => Promise<unknown>): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      let runId: number | undefined;
      const told = (id: number) => {
        runId ??= id;
        resolve(id);
      };
      this.onStarted.run(told, trigger).then(
        () => {
          if (runId === undefined) reject(new Error('the job finished without starting a run'));
        },
        (err: unknown) => {
          if (runId === undefined) reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }

  private async locked(
    job: string,
    trigger: JobTrigger,
    userId: number | null,
    tick: string | undefined,
    work: JobWork,
  ): Promise<JobRunReport | null> {
    const attempt = await this.lock.tryWith(`smartcrop:job:${job}`, async () => {
      if (tick && (await this.runs.tickRan(job, tick))) return null;
      // holding the lock, any 'running' row of this job belongs to a process that died mid-run
      await this.runs.markInterrupted(job);
      const runId = await this.runs.start(job, trigger, userId, tick ? { Tick: tick } : {});
      this.logger.log({ job, trigger, runId }, `${job} run ${runId} started`);
      this.onStarted.getStore()?.(runId);
      const progress = new RunProgress(`${job} run ${runId}`, this.logger, (state) =>
        this.runs.progress(runId, state),
      );
      try {
        const result = await work(runId, progress);
        await progress.close();
        await this.runs.finish(runId, result);
        this.logger.log(
          { job, runId, outcome: result.outcome, rows: result.rows ?? 0 },
          `${job} run ${runId} finished`,
        );
        return { runId, ...result };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await progress.close();
        const done = err instanceof Error ? committedBefore.get(err) : undefined;
        await this.runs.finish(runId, { ...done, outcome: 'failed', error: message });
        this.logger.error({ job, runId, err }, `${job} run ${runId} failed`);
        throw err;
      }
    });
    if (!attempt.acquired) {
      if (tick) this.logger.log({ job, tick }, `${job} tick skipped: the job is running elsewhere`);
      return null;
    }
    return attempt.result;
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.active.add(p);
    const done = () => this.active.delete(p);
    p.then(done, done);
    return p;
  }

  /** Whether a run started by this process is still going. */
  get busy(): boolean {
    return this.active.size > 0;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.active.size === 0) return;
    this.logger.log(`waiting up to ${SHUTDOWN_WAIT_MS / 1000}s for ${this.active.size} running job(s)`);
    const settled = Promise.allSettled([...this.active]).then(() => true);
    const finished = await Promise.race([settled, sleep(SHUTDOWN_WAIT_MS, false, { ref: false })]);
    if (!finished) this.logger.warn('jobs still running at shutdown: their runs will be marked interrupted');
  }
}
