import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type pg from 'pg';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { connectDedicated, copyCsvToFile } from '../infra/transfer/copy-csv.js';
import { Transfer } from '../infra/transfer/transfer.js';
import type { JobTrigger } from '../jobs/job-run.repository.js';
import { JobRunner, type JobResult, type JobRunReport } from '../jobs/job-runner.js';
import { BatchExportRepository } from './batch-export.repository.js';
import { batchSelect } from './batch-export.sql.js';

const PROGRESS_EVERY = 100_000;

const batchFileName = (stamp: string) => `SmartCrop_${stamp}.csv`;

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

  /**
   * The work of one run (the caller holds the job's lock). The eligible images are fixed first; then the
   * CSV is written on one connection while the stamp is prepared on another, in a transaction left open.
   * Only when both are done is the file uploaded, and the stamp commits right after the upload succeeded:
   * a failure anywhere before rolls it back (nothing stamped, nothing uploaded if the stamp failed), and
   * the window in which a crash leaves a file whose images are not stamped is one COMMIT, not the
   * stamping's seconds.
   */
  async export(runId: number, userId: number | null, at = new Date()): Promise<JobResult> {
    const reader = await connectDedicated(this.config.database, 'smartcrop-batch');
    const repo = new BatchExportRepository(reader);
    let stamper: pg.Client | undefined;
    let openStamp: BatchExportRepository | undefined; // its transaction is open until commit
    let localPath: string | undefined;
    try {
      const fileName = batchFileName(await this.runner.fileStamp('batch', at, (s) => [batchFileName(s)]));
      const workDir = join(this.config.exports.localDir, '.work');
      localPath = join(workDir, `${runId}-${fileName}`);
      const eligible = await repo.fixEligible();
      if (eligible.images === 0) {
        this.logger.log({ runId }, 'batch: nothing to export');
        return { outcome: 'nothing_to_export', summary: { images: 0 } };
      }
      this.logger.log({ runId, ...eligible }, `batch: exporting ${eligible.images} images to ${fileName}`);
      await mkdir(workDir, { recursive: true });
      stamper = await connectDedicated(this.config.database, 'smartcrop-batch-stamp');
      const stamp = new BatchExportRepository(stamper);
      const t0 = Date.now();
      openStamp = stamp;
      let next = PROGRESS_EVERY;
      const [written, prepared] = await Promise.allSettled([
        copyCsvToFile(reader, batchSelect(reader, this.config.cdn), localPath, (lines) => {
          if (lines < next) return;
          next += PROGRESS_EVERY;
          this.logger.log({ runId }, `batch: ${lines - 1} / ${eligible.renditions} rows written`);
        }),
        stamp.prepareStamp(fileName, runId, userId),
      ]);
      if (written.status === 'rejected') throw written.reason;
      if (prepared.status === 'rejected') throw prepared.reason;
      const [rows, stamped] = [written.value, prepared.value];
      const t1 = Date.now();
      const location = await this.transfer.upload(localPath, fileName);
      const t2 = Date.now();
      await stamp.commit();
      openStamp = undefined;
      this.logger.log({ runId, rows, target: this.transfer.kind }, `batch: uploaded ${fileName}`);
      const ms = { copyAndStamp: t1 - t0, upload: t2 - t1, commit: Date.now() - t2 };
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
      // a stamp not committed by now is undone, before the file it would have described is removed
      await openStamp?.rollback();
      await stamper?.end().catch(() => undefined);
      if (localPath) await rm(localPath, { force: true });
      await reader.end().catch(() => undefined);
    }
  }
}
