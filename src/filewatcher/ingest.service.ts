import { BadRequestException, Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, realpath, rename, stat, writeFile } from 'node:fs/promises';
import { basename, join, sep } from 'node:path';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { JobTrigger } from '../jobs/job-run.repository.js';
import { JobRunner, type JobResult, type JobRunReport } from '../jobs/job-runner.js';
import { INSERT_CHUNK, IngestRepository, type FileMeta } from './ingest.repository.js';
import { parseManifest, type RowError } from './manifest-parser.js';
import { readerFor } from './readers/index.js';
import type { InputFileModel } from './readers/reader.js';
import { checkZip, ManifestRejected } from './zip-guard.js';

export interface FileOutcome {
  File: string;
  Outcome: 'ingested' | 'duplicate' | 'rejected' | 'skipped';
  Reason?: string;
  RowsInserted?: number;
  ImagesDerived?: number;
  RowErrors?: RowError[];
  Warnings?: string[];
}

export interface IngestSummary {
  FilesSeen: number;
  Ingested: number;
  Duplicates: number;
  Rejected: number;
  Skipped: number;
  RowsInserted: number;
  ImagesDerived: number;
  DurationMs: number;
  Files: FileOutcome[];
}

class RowsRejected extends Error {
  constructor(readonly errors: RowError[]) {
    super(`${errors.length} bad row(s)`);
  }
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Ingests the manifests of a folder: each file in its own transaction (all its rows or none), moved to
 * processed/ or, when it fails, to rejected/ with `<name>.error.txt` listing every reason. A file that went
 * in before (same name and timestamp, or same content) is skipped as a duplicate.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: IngestRepository,
    private readonly jobs: JobRunner,
  ) {}

  /** POST /filewatcher/run-local: the folder must lie under INGEST_ROOT once symlinks are resolved. */
  async runLocal(folderPath: string, userId: number): Promise<IngestSummary> {
    const folder = await this.resolveInsideRoot(folderPath);
    return (await this.run('api', userId, folder)).summary as IngestSummary;
  }

  /** The staging folder (where downloads land), for the cron and the CLI. */
  runStaging(trigger: JobTrigger, userId: number | null): Promise<JobRunReport> {
    return this.run(trigger, userId, this.config.filewatcher.stagingDir);
  }

  private run(trigger: JobTrigger, userId: number | null, folder: string): Promise<JobRunReport> {
    return this.jobs.run('ingest', trigger, userId, () => this.resultFor(folder));
  }

  /** The staging folder's ingest as a job result, for a cron tick (JobRunner.runTick). */
  stagingResult(): Promise<JobResult> {
    return this.resultFor(this.config.filewatcher.stagingDir);
  }

  private async resultFor(folder: string): Promise<JobResult> {
    const summary = await this.ingestFolder(folder);
    return {
      outcome: summary.FilesSeen === 0 ? 'no_files' : 'success',
      rows: summary.RowsInserted,
      files: summary.Files.map((f) => f.File),
      summary,
    };
  }

  async resolveInsideRoot(folderPath: string): Promise<string> {
    const root = await realpath(this.config.filewatcher.ingestRoot).catch(() => undefined);
    const folder = await realpath(folderPath).catch(() => undefined);
    if (!root) throw new BadRequestException('The ingest root does not exist on this server');
    if (!folder || !(await stat(folder)).isDirectory())
      throw new BadRequestException('folder_path is not an existing folder');
    if (folder !== root && !folder.startsWith(root + sep)) {
      throw new BadRequestException('folder_path must lie inside the ingest root (INGEST_ROOT)');
    }
    return folder;
  }

  async ingestFolder(folder: string): Promise<IngestSummary> {
    const started = Date.now();
    await mkdir(folder, { recursive: true });
    const names = (await readdir(folder, { withFileTypes: true }))
      .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.xlsx') && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
    const files: FileOutcome[] = [];
    for (const name of names) {
      const outcome = await this.ingestFile(folder, name);
      this.logger.log(
        { file: name, outcome: outcome.Outcome, rows: outcome.RowsInserted ?? 0 },
        `manifest ${name}: ${outcome.Outcome}`,
      );
      files.push(outcome);
    }
    const count = (o: FileOutcome['Outcome']) => files.filter((f) => f.Outcome === o).length;
    return {
      FilesSeen: names.length,
      Ingested: count('ingested'),
      Duplicates: count('duplicate'),
      Rejected: count('rejected'),
      Skipped: count('skipped'),
      RowsInserted: files.reduce((a, f) => a + (f.RowsInserted ?? 0), 0),
      ImagesDerived: files.reduce((a, f) => a + (f.ImagesDerived ?? 0), 0),
      DurationMs: Date.now() - started,
      Files: files,
    };
  }

  private async ingestFile(folder: string, name: string): Promise<FileOutcome> {
    const fw = this.config.filewatcher;
    const path = join(folder, name);
    const reader = readerFor(name, fw.prefixes);
    if (!reader) return { File: name, Outcome: 'skipped', Reason: 'skipped: unknown provider prefix' };
    const info = await stat(path);
    const meta: FileMeta = {
      fileName: name,
      source: 'local',
      sourceKey: name,
      sourceTimestamp: info.mtime,
      size: info.size,
      checksum: await sha256(path),
      provider: reader.provider,
    };
    const duplicate = await this.repo.duplicateOf(name, info.mtime, meta.checksum);
    if (duplicate) {
      await this.move(folder, name, 'processed');
      return { File: name, Outcome: 'duplicate', Reason: duplicate };
    }
    try {
      if (info.size > fw.maxFileBytes)
        throw new ManifestRejected(`larger than the ${fw.maxFileBytes} byte limit`);
      await checkZip(path, Math.max(fw.maxFileBytes * 20, 200 * 1024 * 1024));
      const errors: RowError[] = [];
      const opts = { ...fw };
      const chunks = async function* (): AsyncGenerator<InputFileModel[]> {
        let chunk: InputFileModel[] = [];
        for await (const item of parseManifest(path, reader, opts)) {
          if ('error' in item) errors.push(item.error);
          else if (errors.length === 0) chunk.push(item.row); // once a row is bad the file is lost: stop writing
          if (chunk.length >= INSERT_CHUNK) {
            yield chunk;
            chunk = [];
          }
        }
        if (errors.length) throw new RowsRejected(errors);
        if (chunk.length) yield chunk;
      };
      const result = await this.repo.ingest(meta, chunks());
      const unknown = await this.repo.unknownLookups(result.uploadId);
      const warnings = [
        ...unknown.imageTypes.map((t) => `unknown image type "${t}" (stored without one)`),
        ...unknown.languages.map((l) => `unknown language "${l}" (stored without one)`),
      ];
      await this.move(folder, name, 'processed');
      return {
        File: name,
        Outcome: 'ingested',
        RowsInserted: result.inserted,
        ImagesDerived: result.derived,
        ...(warnings.length ? { Warnings: warnings } : {}),
      };
    } catch (err) {
      const reason = this.reasonOf(err);
      if (!reason) throw err;
      const rowErrors = err instanceof RowsRejected ? err.errors : undefined;
      await this.repo.recordRejected(meta, reason);
      await this.reject(folder, name, reason, rowErrors);
      return {
        File: name,
        Outcome: 'rejected',
        Reason: reason,
        ...(rowErrors ? { RowErrors: rowErrors.slice(0, 100) } : {}),
      };
    }
  }

  /** The sentence for a file's failure, or undefined for a fault of ours (which fails the run). */
  private reasonOf(err: unknown): string | undefined {
    if (err instanceof ManifestRejected) return err.message;
    if (err instanceof RowsRejected)
      return `${err.errors.length} row(s) are invalid; nothing from the file was kept`;
    const message = err instanceof Error ? err.message : String(err);
    // exceljs / unzip errors: the file is not a readable workbook
    if (/zip|end of central|corrupt|invalid|unexpected|not a valid|signature|entry|sax|xml/i.test(message)) {
      return 'not a readable .xlsx workbook';
    }
    return undefined;
  }

  private async move(folder: string, name: string, to: 'processed' | 'rejected'): Promise<void> {
    await mkdir(join(folder, to), { recursive: true });
    await rename(join(folder, name), join(folder, to, basename(name)));
  }

  private async reject(folder: string, name: string, reason: string, rows?: RowError[]): Promise<void> {
    await this.move(folder, name, 'rejected');
    const lines = [
      `${name} was rejected: ${reason}`,
      ...(rows ?? []).map((r) => `row ${r.row}: ${r.reason}`),
    ];
    await writeFile(join(folder, 'rejected', `${name}.error.txt`), lines.join('\n') + '\n');
  }
}
