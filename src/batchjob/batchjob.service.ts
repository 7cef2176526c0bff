import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { connectDedicated, copyCsvToFile } from '../infra/transfer/copy-csv.js';
import { utcStamp } from '../infra/transfer/file-names.js';
import { Transfer } from '../infra/transfer/transfer.js';
import type { JobTrigger } from '../jobs/job-run.repository.js';
import { JobRunner, type JobResult, type JobRunReport } from '../jobs/job-runner.js';
import { BatchExportRepository } from './batch-export.repository.js';
import { batchSelect } from './batch-export.sql.js';

const PROGRESS_EVERY = 100_000;

/**
 * The nightly batch manifest: Completed renditions → `SmartCrop_YYYYMMDD_HHmmss.csv` → the export target,
 * and only after the upload succeeded are exactly those images stamped Exported. A failed upload stamps
 * nothing, so the next run exports the same images again: every finished rendition lands in one manifest.
 */
@Injectable()
export class BatchJobService {
  private readonly logger = new Logger(BatchJobService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: JobRunner,
    private readonly transfer: Transfer,
  ) {}

  run(trigger: JobTrigger, userId: number | null): Promise<JobRunReport> {
    return this.runner.run('batch', trigger, userId, (runId) => this.export(runId, userId));
  }

  /** The work of one run (the caller holds the job's lock). */
  async export(runId: number, userId: number | null, at = new Date()): Promise<JobResult> {
    const client = await connectDedicated(this.config.database.url!, 'smartcrop-batch');
    const repo = new BatchExportRepository(client);
    const fileName = `SmartCrop_${utcStamp(at)}.csv`;
    const workDir = join(this.config.exports.localDir, '.work');
    const localPath = join(workDir, `${runId}-${fileName}`);
    try {
      const eligible = await repo.fixEligible();
      if (eligible.images === 0) {
        this.logger.log({ runId }, 'batch: nothing to export');
        return { outcome: 'nothing_to_export', summary: { images: 0 } };
      }
      this.logger.log({ runId, ...eligible }, `batch: exporting ${eligible.images} images to ${fileName}`);
      await mkdir(workDir, { recursive: true });
      const t0 = Date.now();
      let next = PROGRESS_EVERY;
      const rows = await copyCsvToFile(client, batchSelect(client, this.config.cdn), localPath, (lines) => {
        if (lines < next) return;
        next += PROGRESS_EVERY;
        this.logger.log({ runId }, `batch: ${lines - 1} / ${eligible.renditions} rows written`);
      });
      const t1 = Date.now();
      const location = await this.transfer.upload(localPath, fileName);
      const t2 = Date.now();
      this.logger.log({ runId, rows, target: this.transfer.kind }, `batch: uploaded ${fileName}`);
      const stamped = await repo.stampExported(fileName, runId, userId);
      const ms = { copy: t1 - t0, upload: t2 - t1, stamp: Date.now() - t2 };
      if (stamped !== eligible.images) {
        // an Operator-done image was locked again between the read and the stamp: it stays in the flow
        this.logger.warn(
          { runId, stamped, eligible: eligible.images },
          'batch: some images changed meanwhile',
        );
      }
      return {
        outcome: 'success',
        rows,
        files: [fileName],
        summary: { images: stamped, renditions: rows, target: this.transfer.kind, location, ms },
      };
    } finally {
      await rm(localPath, { force: true });
      await client.end().catch(() => undefined);
    }
  }
}
