import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { cdnUrlSql } from '../batchjob/batch-export.sql.js';
import { connectDedicated, copyCsvToFile } from '../infra/transfer/copy-csv.js';
import { Transfer } from '../infra/transfer/transfer.js';
import type { JobTrigger } from '../jobs/job-run.repository.js';
import { JobRunner, type JobResult, type JobRunReport } from '../jobs/job-runner.js';

/** The four files of a dump stamped `stamp`, in the order they are written. */
const dumpFileNames = (stamp: string) =>
  ['Programme', 'Aspect', 'Summary', 'Audit'].map((kind) => `SmartCrop_${kind}_${stamp}.csv`);

interface DumpFile {
  name: string;
  select: string;
  destination: 'output' | 'audit';
}

/**
 * The data dump: four CSVs (programme, aspect, summary, audit). The first three go to the SFTP output
 * directory, the audit one to the audit directory; with a folder or S3 target, to `dump/` and `audit/`
 * under the export folder or prefix. A local file is removed only once its own upload succeeded, so a
 * failed run leaves what was not delivered in the work folder.
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
    return this.runner.run('dump', trigger, userId, (runId) => this.dump(runId, dateRange));
  }

  private dirFor(destination: DumpFile['destination']): string {
    if (this.transfer.kind === 'sftp' && this.config.sftp) {
      return destination === 'audit' ? this.config.sftp.auditDir : this.config.sftp.outputDir;
    }
    return destination === 'audit' ? 'audit' : 'dump';
  }

  async dump(runId: number, dateRange: number, at = new Date()): Promise<JobResult> {
    const range = Math.trunc(dateRange); // validated 1..30 by the caller; an integer literal below
    const stamp = await this.runner.fileStamp('dump', at, dumpFileNames);
    const [programme, aspect, summary, audit] = dumpFileNames(stamp);
    const client = await connectDedicated(this.config.database, 'smartcrop-dump');
    const workDir = join(this.config.exports.localDir, '.work', `dump-${runId}`);
    const files: DumpFile[] = [
      {
        name: programme,
        select: `SELECT * FROM vwprogramimage ORDER BY image_id`,
        destination: 'output',
      },
      {
        name: aspect,
        select: `SELECT v.*, ${cdnUrlSql(client, 'v.public_url', this.config.cdn)} AS cdn_url
                   FROM vwaspectratioimages v ORDER BY v.image_id, v.aspect_ratio_id, v.rendition_id`,
        destination: 'output',
      },
      {
        name: summary,
        select: `SELECT * FROM smartcrop_reports(${range})`,
        destination: 'output',
      },
      {
        name: audit,
        select: `SELECT * FROM programimage_audit_reports(${range})`,
        destination: 'audit',
      },
    ];
    const counts: Record<string, number> = {};
    let rows = 0;
    try {
      await mkdir(workDir, { recursive: true });
      // one snapshot for the four files, so they agree with each other
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      for (const f of files) {
        counts[f.name] = await copyCsvToFile(client, f.select, join(workDir, f.name));
        rows += counts[f.name];
      }
      await client.query('COMMIT');
      await client.end();
      for (const f of files) {
        await this.transfer.upload(join(workDir, f.name), f.name, this.dirFor(f.destination));
        await rm(join(workDir, f.name));
        this.logger.log({ runId, file: f.name, rows: counts[f.name] }, `dump: uploaded ${f.name}`);
      }
      await rm(workDir, { recursive: true, force: true });
      return {
        outcome: 'success',
        rows,
        files: files.map((f) => f.name),
        summary: { dateRange: range, rows: counts, target: this.transfer.kind },
      };
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
