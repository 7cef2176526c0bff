import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { applyCdnSettings, cdnUrlSql } from '../batchjob/batch-export.sql.js';
import { connectDedicated, copyCsvToFile } from '../infra/transfer/copy-csv.js';
import { Transfer } from '../infra/transfer/transfer.js';
import type { JobTrigger } from '../jobs/job-run.repository.js';
import { JobRunner, type JobResult, type JobRunReport } from '../jobs/job-runner.js';
import type { RunProgress } from '../jobs/run-progress.js';
import { spreadsheetSafe } from './dump-csv.sql.js';

const KINDS = ['Programme', 'Aspect', 'Summary', 'Audit'] as const;

/** The four files of a dump stamped `stamp`, in the order they are written. */
const dumpFileNames = (stamp: string) => KINDS.map((kind) => `SmartCrop_${kind}_${stamp}.csv`);
const DUMP_FILE = new RegExp(`^SmartCrop_(${KINDS.join('|')})_\\d{8}_\\d{6}\\.csv$`);

interface DumpFile {
  kind: (typeof KINDS)[number];
  name: string;
  select: string;
  /** source-image URL columns, CDN-rewritten like every export's */
  cdnColumns?: string[];
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
    const range = Math.trunc(dateRange); // validated 1..30 by the caller; an integer literal below
    const stamp = await this.runner.fileStamp('dump', at, dumpFileNames);
    const [programme, aspect, summary, audit] = dumpFileNames(stamp);
    const client = await connectDedicated(this.config.database, 'smartcrop-dump');
    const workDir = join(this.config.exports.localDir, '.work', `dump-${runId}`);
    const files: DumpFile[] = [
      {
        kind: 'Programme',
        name: programme,
        select: `SELECT * FROM vwprogramimage ORDER BY image_id`,
        cdnColumns: ['image_url'],
        destination: 'output',
      },
      {
        kind: 'Aspect',
        name: aspect,
        select: `SELECT v.*, ${cdnUrlSql('v.public_url')} AS cdn_url
                   FROM vwaspectratioimages v ORDER BY v.image_id, v.aspect_ratio_id, v.rendition_id`,
        cdnColumns: ['source_image_url'],
        destination: 'output',
      },
      {
        kind: 'Summary',
        name: summary,
        select: `SELECT * FROM smartcrop_reports(${range})`,
        destination: 'output',
      },
      {
        kind: 'Audit',
        name: audit,
        select: `SELECT * FROM programimage_audit_reports(${range})`,
        destination: 'audit',
      },
    ];
    const counts: Partial<Record<DumpFile['kind'], number>> = {};
    let rows = 0;
    try {
      await mkdir(workDir, { recursive: true });
      await this.removeLeftovers(runId);
      await applyCdnSettings(client, this.config.cdn);
      // one snapshot for the four files, so they agree with each other
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      for (const f of files) {
        const safe = await spreadsheetSafe(client, f.select, f.cdnColumns);
        const before = rows;
        const onLines = (lines: number) =>
          progress?.update(before + Math.max(lines - 1, 0), { file: f.name });
        const n = await copyCsvToFile(client, safe.select, join(workDir, f.name), onLines, safe.forceQuote);
        counts[f.kind] = n;
        rows += n;
      }
      await client.query('COMMIT');
      await client.end();
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
    } finally {
      await client.end().catch(() => undefined);
    }
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
