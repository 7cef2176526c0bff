import { Injectable, NotFoundException } from '@nestjs/common';
import type { Response } from 'express';
import { toPage, type Page } from '../common/response.js';
import { JobRunRepository } from './job-run.repository.js';
import type { JobRunDto, JobStartedDto } from './job-run.dto.js';
import { JobRunner } from './job-runner.js';

/** The ledger as the API shows it, and how an API trigger answers (wait for the summary, or 202 at once). */
@Injectable()
export class JobsService {
  constructor(
    private readonly runs: JobRunRepository,
    private readonly runner: JobRunner,
  ) {}

  async page(
    job: string | undefined,
    offset: number,
    pageNumber: number,
    pageSize: number,
  ): Promise<Page<JobRunDto>> {
    const { items, total } = await this.runs.page(job, offset, pageSize);
    return toPage(items, total, pageNumber, pageSize);
  }

  async get(runId: number): Promise<JobRunDto> {
    const run = await this.runs.get(runId);
    if (!run) throw new NotFoundException(`Job run ${runId} does not exist`);
    return run;
  }

  /**
   * An API trigger: with `wait`, the run's summary when it has finished (the default); without, 202 and
   * the run's id as soon as it has started. A second trigger while the job runs is 409 either way.
   */
  async trigger<T>(wait: boolean, res: Response, run: () => Promise<T>): Promise<T | JobStartedDto> {
    if (wait) return run();
    const RunId = await this.runner.started(run);
    res.status(202);
    return { RunId };
  }
}
