import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { AdvisoryLock } from '../infra/database/advisory-lock.js';
import { JobRunRepository, type JobOutcome, type JobTrigger } from './job-run.repository.js';

export interface JobResult {
  outcome: Exclude<JobOutcome, 'running' | 'failed' | 'interrupted'>;
  rows?: number;
  files?: string[];
  summary?: object;
}

export interface JobRunReport extends JobResult {
  runId: number;
}

export class JobAlreadyRunning extends ConflictException {
  constructor(job: string) {
    super(`The ${job} job is already running; try again when it has finished`);
  }
}

/**
 * Runs a job once across every process sharing the database: a PostgreSQL advisory lock per job, held
 * for the whole run. A second caller gets JobAlreadyRunning (409 over HTTP; a cron tick just skips).
 * Every run is a row in the ledger, with its outcome, counts, files and (sanitised) error.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);

  constructor(
    private readonly lock: AdvisoryLock,
    private readonly runs: JobRunRepository,
  ) {}

  async run(
    job: string,
    trigger: JobTrigger,
    userId: number | null,
    work: (runId: number) => Promise<JobResult>,
  ): Promise<JobRunReport> {
    const attempt = await this.lock.tryWith(`smartcrop:job:${job}`, async () => {
      // holding the lock, any 'running' row of this job belongs to a process that died mid-run
      await this.runs.markInterrupted(job);
      const runId = await this.runs.start(job, trigger, userId);
      this.logger.log({ job, trigger, runId }, `${job} run ${runId} started`);
      try {
        const result = await work(runId);
        await this.runs.finish(runId, result);
        this.logger.log(
          { job, runId, outcome: result.outcome, rows: result.rows ?? 0 },
          `${job} run ${runId} finished`,
        );
        return { runId, ...result };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await this.runs.finish(runId, { outcome: 'failed', error: message });
        this.logger.error({ job, runId, err }, `${job} run ${runId} failed`);
        throw err;
      }
    });
    if (!attempt.acquired) throw new JobAlreadyRunning(job);
    return attempt.result;
  }
}
