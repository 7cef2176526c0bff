import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { InputFileModel } from './readers/reader.js';

export interface FileMeta {
  fileName: string;
  source: 'local' | 's3' | 'sftp';
  sourceKey: string;
  sourceTimestamp: Date;
  size: number;
  checksum: string;
  provider: string;
}

/** Rows are written in chunks of this many: one statement per chunk, arrays bound as parameters. */
export const INSERT_CHUNK = 2000;

/** The upload record of a file, either outcome; the caller says what a second record of it updates. */
const INSERT_UPLOAD = `INSERT INTO smartcrop_upload_files (file_name, source, source_key, source_timestamp, size_bytes,
                                     checksum, status, provider_name, error)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  ON CONFLICT (file_name, source_timestamp)`;

const uploadValues = (meta: FileMeta, status: 'ingested' | 'rejected', error: string | null): unknown[] => [
  meta.fileName,
  meta.source,
  meta.sourceKey,
  meta.sourceTimestamp,
  meta.size,
  meta.checksum,
  status,
  meta.provider,
  error,
];

@Injectable()
export class IngestRepository {
  constructor(private readonly db: DataSource) {}

  /** Why a file must not be ingested again, or undefined. Only files that went in count. */
  async duplicateOf(fileName: string, sourceTimestamp: Date, checksum: string): Promise<string | undefined> {
    const rows: { file_name: string; same_name: boolean }[] = await this.db.query(
      `SELECT file_name, (file_name = $1 AND source_timestamp = $2) AS same_name FROM smartcrop_upload_files
        WHERE status = 'ingested' AND ((file_name = $1 AND source_timestamp = $2) OR checksum = $3) LIMIT 1`,
      [fileName, sourceTimestamp, checksum],
    );
    if (!rows[0]) return undefined;
    return rows[0].same_name
      ? 'already ingested (same name and timestamp)'
      : `same content as ${rows[0].file_name}, already ingested`;
  }

  /**
   * One file, one transaction: the upload record, then every row in chunks (multi-row INSERT … SELECT
   * unnest), each chunk's new refs deriving their program images in the same statement. `rows` throws or
   * returns errors to roll everything back.
   */
  async ingest(
    meta: FileMeta,
    rows: AsyncIterable<InputFileModel[]>,
  ): Promise<{ uploadId: number; inserted: number; derived: number }> {
    return this.db.transaction(async (m) => {
      const upload: { id: string }[] = await m.query(
        `${INSERT_UPLOAD}
         DO UPDATE SET status = 'ingested', checksum = excluded.checksum, size_bytes = excluded.size_bytes,
           provider_name = excluded.provider_name, error = NULL, updated_at = now()
         RETURNING id`,
        uploadValues(meta, 'ingested', null),
      );
      const uploadId = Number(upload[0].id);
      let inserted = 0;
      let derived = 0;
      const add = (n: { inserted: number; derived: number }) => {
        inserted += n.inserted;
        derived += n.derived;
      };
      // one chunk in flight: the database writes it while the next one is parsed
      let inFlight = Promise.resolve({ inserted: 0, derived: 0 });
      try {
        for await (const chunk of rows) {
          add(await inFlight);
          inFlight = this.insertChunk(m, uploadId, chunk);
        }
        add(await inFlight);
      } catch (err) {
        await inFlight.catch(() => undefined); // settle it before the rollback
        throw err;
      }
      await m.query(
        `UPDATE smartcrop_upload_files SET rows_inserted = $2, images_derived = $3 WHERE id = $1`,
        [uploadId, inserted, derived],
      );
      return { uploadId, inserted, derived };
    });
  }

  /** Records a rejected file (no data rows); a later, corrected file has its own name or timestamp. */
  async recordRejected(meta: FileMeta, error: string): Promise<void> {
    await this.db.query(
      `${INSERT_UPLOAD}
       DO UPDATE SET status = 'rejected', error = excluded.error, updated_at = now()
       WHERE smartcrop_upload_files.status <> 'ingested'`,
      uploadValues(meta, 'rejected', error.slice(0, 4000)),
    );
  }

  /**
   * One chunk, one statement: the rows (refs already known are left as they are) and, from exactly the
   * rows that were new, their program images at Status 1 / CurrentState 0 with image type and language
   * resolved (a language matches its ISO code before its title). Deriving per chunk keeps the database
   * busy while the next chunk is parsed, instead of one long INSERT … SELECT after the last row.
   */
  private async insertChunk(
    m: EntityManager,
    uploadId: number,
    rows: InputFileModel[],
  ): Promise<{ inserted: number; derived: number }> {
    const col = <K extends keyof InputFileModel>(k: K) => rows.map((r) => r[k]);
    const result: { inserted: number; derived: number }[] = await m.query(
      `WITH ins AS (
         INSERT INTO smartcrop_inputfiles (input_file_ref, provider_name, program_id, program_title, episode_title, season_number,
                episode_number, release_year, image_url, image_type, language, width, height, rights_name, image_notes,
                source_file, source_row, upload_file_id)
         SELECT *, $17::bigint FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::int[], $9::text[], $10::text[], $11::text[], $12::int[], $13::int[], $14::text[], $15::text[], $16::text[], $18::int[])
         ON CONFLICT (input_file_ref) DO NOTHING
         RETURNING *
       ), types AS (
         SELECT DISTINCT ON (lower(title)) lower(title) AS k, id FROM smartcrop_imagetype_lookup ORDER BY lower(title), id
       ), langs AS (
         SELECT DISTINCT ON (k) k, id FROM (
           SELECT lower(iso_code) AS k, id, 0 AS prio FROM smartcrop_imagelanguage_lookup WHERE iso_code IS NOT NULL
           UNION ALL
           SELECT lower(title), id, 1 FROM smartcrop_imagelanguage_lookup
         ) named ORDER BY k, prio, id
       ), img AS (
         INSERT INTO smartcrop_programimage (link_object_id, provider_name, program_title, episode_title, image_url,
                image_type_id, language_id, width, height, rights_name, image_notes, input_file_ref)
         SELECT i.program_id, i.provider_name, i.program_title, i.episode_title, i.image_url, t.id, l.id,
                nullif(i.width, 0), nullif(i.height, 0), i.rights_name, i.image_notes, i.input_file_ref
           FROM ins i
           LEFT JOIN types t ON t.k = lower(trim(i.image_type))
           LEFT JOIN langs l ON l.k = lower(trim(i.language))
          ORDER BY i.source_row
         RETURNING 1
       ) SELECT (SELECT count(*) FROM ins)::int AS inserted, (SELECT count(*) FROM img)::int AS derived`,
      [
        col('InputFileRef'),
        col('ProviderName'),
        col('ProgramId'),
        col('ProgramTitle'),
        col('EpisodeTitle'),
        col('SeasonNumber'),
        col('EpisodeNumber'),
        col('ReleaseYear'),
        col('ImageUrl'),
        col('ImageType'),
        col('Language'),
        col('Width'),
        col('Height'),
        col('RightsName'),
        col('ImageNotes'),
        col('SourceFile'),
        uploadId,
        col('SourceRow'),
      ],
    );
    return result[0];
  }

  /** Lookup titles that rows named but the lookups lack (reported as warnings). */
  async unknownLookups(uploadId: number): Promise<{ imageTypes: string[]; languages: string[] }> {
    const rows: { kind: string; value: string }[] = await this.db.query(
      `SELECT DISTINCT 'type' AS kind, i.image_type AS value FROM smartcrop_inputfiles i
        WHERE i.upload_file_id = $1 AND i.image_type IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM smartcrop_imagetype_lookup t WHERE lower(t.title) = lower(trim(i.image_type)))
       UNION
       SELECT DISTINCT 'language', i.language FROM smartcrop_inputfiles i
        WHERE i.upload_file_id = $1 AND i.language IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM smartcrop_imagelanguage_lookup l
                           WHERE lower(l.iso_code) = lower(trim(i.language)) OR lower(l.title) = lower(trim(i.language)))`,
      [uploadId],
    );
    return {
      imageTypes: rows.filter((r) => r.kind === 'type').map((r) => r.value),
      languages: rows.filter((r) => r.kind === 'language').map((r) => r.value),
    };
  }
}
