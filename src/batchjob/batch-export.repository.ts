import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { applyCdnSettings, cdnUrlSql } from '../infra/database/cdn-sql.js';
import { copyCsvToFile } from '../infra/database/copy-csv.js';
import { connectDedicated } from '../infra/database/dedicated-connection.js';
import { JobRunRepository } from '../jobs/job-run.repository.js';
import type { JobResult } from '../jobs/job-runner.js';
import { INSERT_AUDIT } from '../infra/database/audit-sql.js';

/**
 * The export's own row in each dashboard counter (pooled connections count on slots 0–15, their
 * pg_backend_pid() % 16), so that its open stamp transaction holds no counter row a transition needs.
 */
export const EXPORT_COUNTER_SLOT = 16;

/**
 * The batch manifest's columns, in file order (documented in the README). One row per rendition of an
 * exported image, ordered by image then aspect ratio; ImageUrl is the rendition's CDN URL.
 *
 * Unlike the data dump, the manifest's values are written exactly as stored, with RFC 4180 quoting only
 * (PostgreSQL's CSV: a field is quoted when it holds a comma, quote or line break): downstream systems read
 * it by machine, and a spreadsheet guard (a leading `'` on `=…`, `-…`) would change titles and notes they
 * ingest. Anyone opening it in a spreadsheet should import it as text, or use the dump's files.
 */
export const BATCH_COLUMNS = [
  'ProgramId',
  'ImageId',
  'RenditionId',
  'AspectRatio',
  'ImageUrl',
  'X',
  'Y',
  'Width',
  'Height',
  'OutputWidth',
  'OutputHeight',
  'ImageType',
  'Language',
  'LanguageCode',
  'ProviderName',
  'ProgramTitle',
  'EpisodeTitle',
  'RightsName',
  'ImageNotes',
  'SourceImageUrl',
] as const;

/** The manifest's file and what it stamps: its local path and name, the ledger run and the user. */
export interface ManifestFile {
  path: string;
  name: string;
  runId: number;
  userId: number | null;
}

/**
 * The batch export's SQL and connections. The eligible images are fixed once in `smartcrop_export_batch`,
 * so the file and the stamping cover exactly the same images whatever changes meanwhile; the file is
 * written on one dedicated connection while the stamping is prepared on another.
 */
@Injectable()
export class BatchExportRepository {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledger: JobRunRepository,
  ) {}

  /** One run's work on a dedicated reader connection, closed when `work` settles. */
  async session<T>(work: (run: BatchExportSession) => Promise<T>): Promise<T> {
    const reader = await connectDedicated(this.config.database, 'smartcrop-batch');
    try {
      return await work(new BatchExportSession(reader, this.config, this.ledger));
    } finally {
      await reader.end().catch(() => undefined);
    }
  }
}

/** One export run: its reader connection, and the stamp's connection while stampAround() runs. */
export class BatchExportSession {
  constructor(
    private readonly reader: pg.Client,
    private readonly config: Pick<AppConfig, 'database' | 'cdn'>,
    private readonly ledger: JobRunRepository,
  ) {}

  /**
   * Completed images (status 3) and, with QA disabled, Operator-done ones (status 2, not locked),
   * that have at least one rendition, replacing the previous run's set (one batch runs at a time: the
   * job's advisory lock). Reads ix_programimage_export. Returns images and renditions.
   */
  async fixEligible(): Promise<{ images: number; renditions: number }> {
    await this.reader.query('TRUNCATE smartcrop_export_batch');
    const fixed = await this.reader.query(
      `INSERT INTO smartcrop_export_batch (image_id, status)
       SELECT p.id, p.status
         FROM smartcrop_programimage p
        WHERE (p.status = 3 -- Stage.Completed
               OR (p.status = 2 AND p.current_state = 0 -- Stage.QA, LockState.Free
                   AND (SELECT smartcrop_qc_disabled())))
          AND EXISTS (SELECT 1 FROM smartcrop_aspectratioimages a WHERE a.imageid = p.id)`,
    );
    const images = fixed.rowCount ?? 0;
    if (images === 0) return { images, renditions: 0 };
    await this.reader.query('ANALYZE smartcrop_export_batch');
    const rows = await this.reader.query<{ renditions: number }>(
      `SELECT count(*)::int AS renditions
         FROM smartcrop_aspectratioimages a JOIN smartcrop_export_batch e ON e.image_id = a.imageid`,
    );
    return { images, renditions: rows.rows[0].renditions };
  }

  /**
   * Writes the manifest of the fixed images to `file.path` (COPY on the reader) while the stamp is prepared
   * on a second connection, in a transaction left open. Only when both are done does `deliver` (the upload)
   * get the counts; once it resolved, its result is written to the ledger inside the stamp's transaction
   * and the stamp commits: killed right after that COMMIT, the run is still on record as the success it
   * was, with its file (the runner records it again when the work returns, the same values plus anything
   * measured later). Whatever fails before undoes the stamp, so the window in which a crash leaves a
   * file whose images are not stamped is one COMMIT, not the stamping's seconds. `onLines` is told the
   * lines written so far.
   */
  async stampAround(
    file: ManifestFile,
    onLines: (lines: number) => void,
    deliver: (written: { rows: number; stamped: number }) => Promise<JobResult>,
  ): Promise<JobResult> {
    await applyCdnSettings(this.reader, this.config.cdn);
    const stamper = await connectDedicated(this.config.database, 'smartcrop-batch-stamp');
    let open = true; // the stamp's transaction, until it commits
    try {
      const [written, prepared] = await Promise.allSettled([
        copyCsvToFile(this.reader, batchSelect(), file.path, onLines),
        this.prepareStamp(stamper, file),
      ]);
      if (written.status === 'rejected') throw written.reason;
      if (prepared.status === 'rejected') throw prepared.reason;
      const result = await deliver({ rows: written.value, stamped: prepared.value });
      await this.ledger.finish(file.runId, result, stamper);
      await stamper.query('COMMIT');
      open = false;
      return result;
    } finally {
      // a stamp not committed by now is undone (a connection already lost has had it undone by the server)
      if (open) await stamper.query('ROLLBACK').catch(() => undefined);
      await stamper.end().catch(() => undefined);
    }
  }

  /**
   * Opens the stamp's transaction on `client` and does its work, leaving it open: the fixed images still
   * in the state they were read in become Exported with the file name, and each gets an 'export' audit
   * row, in one set-based statement. Returns the images stamped.
   *
   * While open, the transaction holds only rows no claim or transition waits for: finished images (row
   * locks: a claim skips them, and no write path updates a Completed image) and the export's own counter
   * slot. It is idle during the upload by design, so a server-wide idle-in-transaction timeout is lifted
   * for it.
   */
  private async prepareStamp(client: pg.Client, { name, runId, userId }: ManifestFile): Promise<number> {
    await client.query('BEGIN');
    await client.query(
      `SELECT set_config('smartcrop.counter_slot', $1, true),
              set_config('idle_in_transaction_session_timeout', '0', true)`,
      [String(EXPORT_COUNTER_SLOT)],
    );
    const res = await client.query<{ n: number }>(
      `WITH stamped AS (
         UPDATE smartcrop_programimage p
            SET status = 5, output_file_name = $1, exported_at = now(), updated_at = now()
           FROM smartcrop_export_batch e
          WHERE p.id = e.image_id AND p.status = e.status AND p.current_state = 0
         RETURNING p.id, p.link_object_id, e.status AS from_status
       ), audited AS (
         ${INSERT_AUDIT}
         SELECT id, link_object_id, 'export', from_status, 5, 0, 0, $2,
                jsonb_build_object('file', $1::text, 'runId', $3::bigint)
           FROM stamped
         RETURNING 1
       )
       SELECT count(*)::int AS n FROM audited`,
      [name, userId, runId],
    );
    return res.rows[0].n;
  }
}

/** The COPY body for the images fixed in `smartcrop_export_batch`. */
export function batchSelect(): string {
  return `SELECT v.program_id AS "ProgramId", v.image_id AS "ImageId", v.rendition_id AS "RenditionId",
                 v.aspect_ratio AS "AspectRatio", ${cdnUrlSql('v.public_url')} AS "ImageUrl",
                 v.x AS "X", v.y AS "Y", v.width AS "Width", v.height AS "Height",
                 v.output_width AS "OutputWidth", v.output_height AS "OutputHeight",
                 v.image_type AS "ImageType", v.language AS "Language", v.language_code AS "LanguageCode",
                 v.provider_name AS "ProviderName", v.program_title AS "ProgramTitle",
                 v.episode_title AS "EpisodeTitle", v.rights_name AS "RightsName", v.image_notes AS "ImageNotes",
                 ${cdnUrlSql('v.source_image_url')} AS "SourceImageUrl"
            FROM smartcrop_export_batch e
            JOIN vwaspectratioimages v ON v.image_id = e.image_id
           ORDER BY v.image_id, v.aspect_ratio_id, v.rendition_id`;
}
