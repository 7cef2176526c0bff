import { BadRequestException, Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, realpath, rename, stat, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { JobTrigger } from '../jobs/job-run.repository.js';
import { failedAfter, JobRunner, type JobResult, type JobRunReport } from '../jobs/job-runner.js';
import { IngestProgress } from './ingest-progress.js';
import { INSERT_CHUNK, IngestRepository, type FileMeta } from './ingest.repository.js';
import { ManifestRejected } from './manifest-rejected.js';
import { parseManifest, type RowError } from './manifest-parser.js';
import { readerFor } from './readers/index.js';
import type { InputFileModel, ManifestReader } from './readers/reader.js';
import { checkZip } from './zip-guard.js';

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

async function sha256(path: Buffer): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** SQLSTATE classes of a value the database refuses (data exception, constraint, size limit): the file's. */
const REFUSED_VALUE = /^(22|23|54)/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A folder's manifests, by their names' bytes: a name that is not UTF-8 must still be found and moved. */
async function manifestNames(folder: string): Promise<Buffer[]> {
  const entries = await readdir(folder, { withFileTypes: true, encoding: 'buffer' });
  return entries
    .filter((e) => {
      const name = e.name.toString('utf8');
      return e.isFile() && name.toLowerCase().endsWith('.xlsx') && !name.startsWith('.');
    })
    .map((e) => e.name)
    .sort(Buffer.compare);
}

/**
 * Ingests the manifests of a folder: each file in its own transaction (all its rows or none), moved to
 * processed/ or, when it fails, to rejected/ with `<name>.error.txt` listing every reason. A file that went
 * in before (same name and timestamp, or same content) is skipped as a duplicate. Whatever a file holds,
 * the worst it gets is its own rejection: only a fault of ours (database, disk) stops a run.
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
    return this.jobs.run('ingest', trigger, userId, (_runId, progress) =>
      this.resultFor(folder, (rows) => progress.update(rows, { unit: 'rows' })),
    );
  }

  private static resultOf(summary: IngestSummary): JobResult {
    return {
      outcome: summary.FilesSeen === 0 ? 'no_files' : 'success',
      rows: summary.RowsInserted,
      files: summary.Files.map((f) => f.File),
      summary,
    };
  }

  /** The staging folder's ingest as a job result, for a cron tick (JobRunner.runTick). */
  stagingResult(): Promise<JobResult> {
    return this.resultFor(this.config.filewatcher.stagingDir);
  }

  private async resultFor(folder: string, onProgress?: (rowsDone: number) => void): Promise<JobResult> {
    return IngestService.resultOf(await this.ingestFolder(folder, onProgress));
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

  /**
   * `onProgress(rowsDone)` hears the rows read so far in this run, every thousand rows (see IngestProgress).
   * When a fault of ours stops the run, the error carries what was committed before (see failedAfter).
   */
  async ingestFolder(folder: string, onProgress?: (rowsDone: number) => void): Promise<IngestSummary> {
    const started = Date.now();
    await mkdir(folder, { recursive: true });
    const names = await manifestNames(folder);
    const progress = new IngestProgress(
      (p) => this.logger.log(p, `manifest ${p.file}: ${p.rows} rows read, ${p.rowsPerSecond} rows/s`),
      onProgress,
    );
    const files: FileOutcome[] = [];
    for (const name of names) {
      try {
        await this.ingestFile(folder, name, progress, (outcome) => files.push(outcome));
      } catch (err) {
        // the file stays where it is for the next run; this run's ledger row keeps what went in before it
        throw failedAfter(err, IngestService.resultOf(summarize(files, names.length, started)));
      }
    }
    return summarize(files, names.length, started);
  }

  /** One file, start to end; `record` hears its outcome as soon as it is settled (before the move). */
  private async ingestFile(
    folder: string,
    nameBytes: Buffer,
    progress: IngestProgress,
    record: (o: FileOutcome) => void,
  ): Promise<void> {
    const fw = this.config.filewatcher;
    const name = nameBytes.toString('utf8');
    const path = Buffer.concat([Buffer.from(folder + sep), nameBytes]);
    const reader = readerFor(name, fw.prefixes);
    if (!reader)
      return record({ File: name, Outcome: 'skipped', Reason: 'skipped: unknown provider prefix' });
    const meta = await this.metaOf(path, name, reader).catch((err: NodeJS.ErrnoException) => err);
    if (meta instanceof Error && meta.code === 'ENOENT')
      return record({
        File: name,
        Outcome: 'skipped',
        Reason: 'skipped: the file was gone before it was read',
      });
    let committed: { outcome: FileOutcome; uploadId: number };
    try {
      if (meta instanceof Error)
        throw new ManifestRejected(`the file cannot be read (${meta.code ?? 'error'})`);
      if (!isUtf8(nameBytes))
        throw new ManifestRejected('the file name is not valid UTF-8 (rename the file)');
      if (CONTROL.test(name))
        throw new ManifestRejected('the file name contains control characters (rename the file)');
      const duplicate = await this.repo.duplicateOf(name, meta.sourceTimestamp, meta.checksum);
      if (duplicate) {
        await this.move(folder, nameBytes, 'processed');
        return record({ File: name, Outcome: 'duplicate', Reason: duplicate });
      }
      committed = await this.parseAndCommit(path, name, reader, meta, progress);
    } catch (err) {
      const reason = rejectionOf(err);
      if (!reason) throw err;
      const rowErrors = err instanceof RowsRejected ? err.errors : undefined;
      const cause =
        err instanceof Error && err.cause instanceof Error ? err.cause.message.slice(0, 300) : undefined;
      this.logger.warn({ file: name, reason, cause }, `manifest ${name}: rejected`);
      await this.repo.recordRejected(meta instanceof Error ? this.unreadMeta(name, reader) : meta, reason);
      await this.reject(folder, nameBytes, reason, rowErrors);
      return record({
        File: name,
        Outcome: 'rejected',
        Reason: reason,
        ...(rowErrors ? { RowErrors: rowErrors.slice(0, 100) } : {}),
      });
    }
    // the rows are in: the outcome is recorded before anything else can fail
    const { outcome, uploadId } = committed;
    record(outcome);
    const unknown = await this.repo.unknownLookups(uploadId);
    const warnings = [
      ...unknown.imageTypes.map((t) => `unknown image type "${t}" (stored without one)`),
      ...unknown.languages.map((l) => `unknown language "${l}" (stored without one)`),
    ];
    if (warnings.length) outcome.Warnings = warnings;
    await this.move(folder, nameBytes, 'processed');
    this.logger.log({ file: name, rows: outcome.RowsInserted }, `manifest ${name}: ingested`);
  }

  private async metaOf(path: Buffer, name: string, reader: ManifestReader): Promise<FileMeta> {
    const info = await stat(path);
    return {
      fileName: name,
      source: 'local',
      sourceKey: name,
      sourceTimestamp: info.mtime,
      size: info.size,
      checksum: await sha256(path),
      provider: reader.provider,
    };
  }

  private unreadMeta(name: string, reader: ManifestReader): FileMeta {
    return {
      fileName: name,
      source: 'local',
      sourceKey: name,
      sourceTimestamp: new Date(0),
      size: 0,
      checksum: '',
      provider: reader.provider,
    };
  }

  /** Guards, parses and writes one file in one transaction; throws the file's rejection or our fault. */
  private async parseAndCommit(
    path: Buffer,
    name: string,
    reader: ManifestReader,
    meta: FileMeta,
    progress: IngestProgress,
  ): Promise<{ outcome: FileOutcome; uploadId: number }> {
    const fw = this.config.filewatcher;
    if (meta.size > fw.maxFileBytes)
      throw new ManifestRejected(`larger than the ${fw.maxFileBytes} byte limit`);
    // a valid UTF-8 name from here on: the parser and the zip guard take it as a string
    const file = path.toString('utf8');
    await checkZip(file, { maxInflatedBytes: fw.maxInflatedBytes, maxPartBytes: fw.maxInflatedPartBytes });
    const errors: RowError[] = [];
    const opts = { ...fw };
    progress.startFile(name);
    const chunks = async function* (): AsyncGenerator<InputFileModel[]> {
      let chunk: InputFileModel[] = [];
      for await (const item of parseManifest(file, reader, opts)) {
        progress.row();
        if ('error' in item) errors.push(item.error);
        else if (errors.length === 0) chunk.push(item.row); // once a row is bad the file is lost: stop writing
        if (chunk.length >= INSERT_CHUNK) {
          yield chunk;
          chunk = [];
        }
      }
      progress.endFile();
      if (errors.length) throw new RowsRejected(errors);
      if (chunk.length) yield chunk;
    };
    const result = await this.repo.ingest(meta, chunks());
    return {
      outcome: {
        File: name,
        Outcome: 'ingested',
        RowsInserted: result.inserted,
        ImagesDerived: result.derived,
      },
      uploadId: result.uploadId,
    };
  }

  private async move(folder: string, name: Buffer, to: 'processed' | 'rejected'): Promise<void> {
    const dir = join(folder, to);
    await mkdir(dir, { recursive: true });
    await rename(
      Buffer.concat([Buffer.from(folder + sep), name]),
      Buffer.concat([Buffer.from(dir + sep), name]),
    );
  }

  private async reject(folder: string, name: Buffer, reason: string, rows?: RowError[]): Promise<void> {
    await this.move(folder, name, 'rejected');
    const shown = name.toString('utf8').replace(new RegExp(CONTROL, 'g'), '?');
    const lines = [
      `${shown} was rejected: ${reason}`,
      ...(rows ?? []).map((r) => `row ${r.Row}: ${r.Reason}`),
    ];
    // `<name>.error.txt`, the name cut so that the suffix still fits in a file name (255 bytes)
    const errorFile = Buffer.concat([
      Buffer.from(join(folder, 'rejected') + sep),
      name.subarray(0, 245),
      Buffer.from('.error.txt'),
    ]);
    await writeFile(errorFile, lines.join('\n') + '\n');
  }
}

/** The sentence for a file's failure, or undefined for a fault of ours (which fails the run). */
function rejectionOf(err: unknown): string | undefined {
  if (err instanceof ManifestRejected) return err.message;
  if (err instanceof RowsRejected)
    return `${err.errors.length} row(s) are invalid; nothing from the file was kept`;
  // a value the database will not store came from the file (the parser's checks should have caught it)
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && REFUSED_VALUE.test(code) && err instanceof Error)
    return `the database refused a value from the file (${err.message.slice(0, 200)})`;
  return undefined;
}

function summarize(files: FileOutcome[], seen: number, started: number): IngestSummary {
  const count = (o: FileOutcome['Outcome']) => files.filter((f) => f.Outcome === o).length;
  return {
    FilesSeen: seen,
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
