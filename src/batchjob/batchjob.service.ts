import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { pausePoint } from '../infra/transfer/pause-point.js';
import { Transfer } from '../infra/transfer/transfer.js';
import type { JobTrigger } from '../jobs/job-run.repository.js';
import { JobRunner, type JobResult, type JobRunReport } from '../jobs/job-runner.js';
import type { RunProgress } from '../jobs/run-progress.js';
import { BatchExportRepository } from './batch-export.repository.js';

const batchFileName = (stamp: string) => `SmartCrop_${stamp}.csv`;
const BATCH_FILE = /^SmartCrop_\d{8}_\d{6}\.csv$/;
/** The run's local copy in the work folder: `<runId>-SmartCrop_….csv`. */
const WORK_FILE = /^\d+-SmartCrop_\d{8}_\d{6}\.csv$/;

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
    private readonly exports: BatchExportRepository,
  ) {}

  run(trigger: JobTrigger, userId: number | null): Promise<JobRunReport> {
    return this.runner.run('batch', trigger, userId, (runId, progress) =>
      this.export(runId, userId, progress),
    );
  }

  /**
   * The work of one run (the caller holds the job's lock). The eligible images are fixed first; then the
   * CSV is written while the stamp is prepared, and the file is uploaded with the stamp still open: it
   * commits right after the upload succeeded, and a failure anywhere before rolls it back (nothing
   * stamped, nothing uploaded if the stamp failed). See BatchExportSession.stampAround.
   */
  export(runId: number, userId: number | null, progress?: RunProgress, at = new Date()): Promise<JobResult> {
    return this.exports.session(async (run) => {
      let localPath: string | undefined;
      try {
        const fileName = batchFileName(await this.runner.fileStamp('batch', at, (s) => [batchFileName(s)]));
        const workDir = join(this.config.exports.localDir, '.work');
        localPath = join(workDir, `${runId}-${fileName}`);
        await this.removeLeftovers(runId, workDir);
        const eligible = await run.fixEligible();
        if (eligible.images === 0) {
          this.logger.log({ runId }, 'batch: nothing to export');
          return { outcome: 'nothing_to_export', summary: { Images: 0 } };
        }
        this.logger.log({ runId, ...eligible }, `batch: exporting ${eligible.images} images to ${fileName}`);
        await mkdir(workDir, { recursive: true });
        const file = { path: localPath, name: fileName, runId, userId };
        const report = (rows: number) =>
          progress?.update(rows, { total: eligible.renditions, file: fileName });
        const timings: Record<string, number> = {};
        const t0 = Date.now();
        let [stamped, t2] = [0, 0];
        const result = await run.stampAround(
          file,
          (lines) => report(Math.max(lines - 1, 0)),
          async (written) => {
            stamped = written.stamped;
            report(written.rows);
            await progress?.flush();
            const t1 = Date.now();
            const location = await this.transfer.upload(file.path, fileName);
            t2 = Date.now();
            Object.assign(timings, { CopyAndStamp: t1 - t0, Upload: t2 - t1 });
            const summary = {
              Images: stamped,
              Renditions: written.rows,
              Target: this.transfer.kind,
              Location: location,
              TimingsMs: timings,
            };
            return { outcome: 'success', rows: written.rows, files: [fileName], summary };
          },
        );
        await pausePoint('batch:committed');
        timings.Commit = Date.now() - t2;
        this.logger.log(
          { runId, rows: result.rows, target: this.transfer.kind },
          `batch: uploaded ${fileName}`,
        );
        if (stamped !== eligible.images) {
          // an Operator-done image was locked again between the read and the stamp: it stays in the flow
          this.logger.warn(
            { runId, stamped, eligible: eligible.images },
            'batch: some images changed meanwhile',
          );
        }
        return result;
      } finally {
        // the stamp is undone by now if it did not commit, so the file it would have described can go
        if (localPath) await rm(localPath, { force: true });
      }
    });
  }

  /**
   * What a run killed mid-way left (the job's lock is held, so none of it is in flight): its temporary
   * upload in the target, and its local copy in the work folder. Best effort: a target that cannot be
   * reached now fails the upload later, with the reason.
   */
  private async removeLeftovers(runId: number, workDir: string): Promise<void> {
    try {
      const removed = await this.transfer.removeLeftovers((name) => BATCH_FILE.test(name));
      if (removed.length) this.logger.warn({ runId, removed }, 'batch: removed uploads left by a killed run');
    } catch (err) {
      this.logger.warn(
        { runId, err: err instanceof Error ? err.message : String(err) },
        'batch: clean-up failed',
      );
    }
    const local = (await readdir(workDir).catch(() => [] as string[])).filter((n) => WORK_FILE.test(n));
    for (const n of local) await rm(join(workDir, n), { force: true });
  }
}
