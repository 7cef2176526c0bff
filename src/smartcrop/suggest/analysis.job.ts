import { Injectable } from '@nestjs/common';
import type { JobTrigger } from '../../jobs/job-run.repository.js';
import { JobRunner, type JobRunReport } from '../../jobs/job-runner.js';
import { AnalysisRepository } from './analysis.repository.js';
import { ENGINE_VERSION } from './suggestion-engine.js';

/**
 * `npm run job -- analyse --stale`: queues again every waiting image (Operator or QA stage) whose
 * suggestions came from another engine version, or whose analysis failed, for the analysis workers to
 * take. Explicit by design: a new engine version never rewrites suggestions by itself at boot.
 */
@Injectable()
export class AnalysisJob {
  constructor(
    private readonly runner: JobRunner,
    private readonly repo: AnalysisRepository,
  ) {}

  run(trigger: JobTrigger, userId: number | null): Promise<JobRunReport> {
    return this.runner.run('analyse', trigger, userId, async () => {
      const queued = await this.repo.queueStale(ENGINE_VERSION);
      return { outcome: 'success', rows: queued, summary: { queued, engineVersion: ENGINE_VERSION } };
    });
  }
}
