import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Transfer } from '../infra/transfer/transfer.js';
import type { JobTrigger } from '../jobs/job-run.repository.js';
import { JobRunner, type JobResult, type JobRunReport } from '../jobs/job-runner.js';
import type { RunProgress } from '../jobs/run-progress.js';
import { DUMP_KINDS as KINDS, DumpRepository, type DumpKind } from './dump.repository.js';

/** The four files of a dump stamped `stamp`, in the order they are written. */
const dumpFileNames = (stamp: string) => KINDS.map((kind) => `SmartCrop_${kind}_${stamp}.csv`);
const DUMP_FILE = new RegExp(`^SmartCrop_(${KINDS.join('|')})_\\d{8}_\\d{6}\\.csv$`);

interface DumpFile {
  kind: DumpKind;
  name: string;
  destination: 'output' | 'audit';
}

/**
 * The data dump: four CSVs (programme, aspect, summary, audit). The first three go to the SFTP output
 * directory, the audit one to the audit directory; with a folder or S3 target, to `dump/` and `audit/`
 * under the export folder or prefix. A local file is removed only once its own upload succeeded, so a
 * failed run leaves what was not delivered in the work folder.
 *
 * People open these files in spreadsheets, so every text cell is guarded against formula injection and
 * times are ISO-8601 UTC (spreadsheetSafe); the batch manifest, read by machines, is not (see BATCH_COLUMNS).
 */
@Injectable()
export class DumpDataService {
  private readonly logger = new Logger(DumpDataService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: JobRunner,
    private readonly transfer: Transfer,
    private readonly dumps: DumpRepository,
  ) {}

  run(trigger: JobTrigger, userId: number | null, dateRange: number): Promise<JobRunReport> {
    return this.runner.run('dump', trigger, userId, (runId, progress) =>
      this.dump(runId, dateRange, progress),
    );
  }

  private dirFor(destination: DumpFile['destination']): string {
    if (this.transfer.kind === 'sftp' && this.config.sftp) {
      return destination === 'audit' ? this.config.sftp.auditDir : this.config.sftp.outputDir;
    }
    return destination === 'audit' ? 'audit' : 'dump';
  }

  async dump(runId: number, dateRange: number, progress?: RunProgress, at = new Date()): Promise<JobResult> {
    const range = Math.trunc(dateRange); // validated 1..30 by the caller
    const stamp = await this.runner.fileStamp('dump', at, dumpFileNames);
    const names = dumpFileNames(stamp);
    const workDir = join(this.config.exports.localDir, '.work', `dump-${runId}`);
    const files: DumpFile[] = KINDS.map((kind, i) => ({
      kind,
      name: names[i],
      destination: kind === 'Audit' ? 'audit' : 'output',
    }));
    await mkdir(workDir, { recursive: true });
    await this.removeLeftovers(runId);
    const written = await this.dumps.snapshot(
      range,
      files.map((f) => ({ kind: f.kind, path: join(workDir, f.name) })),
      (rows, i) => progress?.update(rows, { file: files[i].name }),
    );
    const counts = Object.fromEntries(files.map((f, i) => [f.kind, written[i]]));
    const rows = written.reduce((a, b) => a + b, 0);
    progress?.update(rows);
    await progress?.flush();
    for (const f of files) {
      await this.transfer.upload(join(workDir, f.name), f.name, this.dirFor(f.destination));
      await rm(join(workDir, f.name));
      this.logger.log({ runId, file: f.name, rows: counts[f.kind] }, `dump: uploaded ${f.name}`);
    }
    await rm(workDir, { recursive: true, force: true });
    return {
      outcome: 'success',
      rows,
      files: files.map((f) => f.name),
      summary: { DateRange: range, Rows: counts, Target: this.transfer.kind },
    };
  }

  /** Temporary uploads a killed run left in the two destinations (best effort, as for the batch). */
  private async removeLeftovers(runId: number): Promise<void> {
    for (const dir of new Set([this.dirFor('output'), this.dirFor('audit')])) {
      try {
        const removed = await this.transfer.removeLeftovers((name) => DUMP_FILE.test(name), dir);
        if (removed.length)
          this.logger.warn({ runId, removed }, 'dump: removed uploads left by a killed run');
      } catch (err) {
        this.logger.warn(
          { runId, err: err instanceof Error ? err.message : String(err) },
          'dump: clean-up failed',
        );
      }
    }
  }
}
