import { Injectable } from '@nestjs/common';
import { BatchJobService } from '../batchjob/batchjob.service.js';
import { DumpDataService } from '../dumpdata/dumpdata.service.js';
import { IngestService } from '../filewatcher/ingest.service.js';
import { AnalysisJob } from '../smartcrop/suggest/analysis.job.js';
import type { JobTrigger } from '../jobs/job-run.repository.js';
import type { JobRunReport } from '../jobs/job-runner.js';

export interface JobArgs {
  /** dump only: days of reports and audit (1..30). */
  dateRange?: number;
  /** analyse only: queue the images analysed by an older engine (the only mode for now). */
  stale?: boolean;
}

export type JobHandler = (trigger: JobTrigger, userId: number | null, args: JobArgs) => Promise<JobRunReport>;

/** Job name → how to run it, for the scheduler and the CLI. A new job is one line here. */
@Injectable()
export class JobRegistry {
  readonly handlers: Readonly<Record<string, JobHandler>>;

  constructor(batch: BatchJobService, dump: DumpDataService, ingest: IngestService, analyse: AnalysisJob) {
    this.handlers = {
      batch: (trigger, userId) => batch.run(trigger, userId),
      dump: (trigger, userId, args) => dump.run(trigger, userId, args.dateRange ?? 1),
      ingest: (trigger, userId) => ingest.runStaging(trigger, userId),
      analyse: (trigger, userId) => analyse.run(trigger, userId),
    };
  }

  get(name: string): JobHandler | undefined {
    return Object.hasOwn(this.handlers, name) ? this.handlers[name] : undefined;
  }
}
