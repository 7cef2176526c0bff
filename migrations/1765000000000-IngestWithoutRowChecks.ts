import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A manifest chunk is one statement that inserts its source rows and derives their program images; four
 * foreign keys checked every one of those rows with an index probe and a FOR KEY SHARE lock each, half
 * of the statement's time (measured: 2,000 rows in ~225 ms with them, ~90 ms without), and the database
 * is the slower half of ingestion (the next chunk is parsed while this one is written).
 *
 * Each of them guarded something that cannot go wrong on that path:
 * - `smartcrop_inputfiles.upload_file_id`: the upload record is inserted by the same transaction, just
 *   before its rows, and the upload ledger is never deleted from.
 * - `smartcrop_programimage.input_file_ref`: the image is derived in the same statement from the
 *   RETURNING of its source row's insert; source rows are never deleted (no endpoint or job does).
 * - `smartcrop_programimage.image_type_id` and `.language_id`: written only by that statement, from ids it
 *   joins out of the lookup tables; the lookups are reference data seeded by migrations, read-only
 *   through the API.
 *
 * The same reasoning dropped the audit log's keys (1764900000000). The rendition table keeps its lookup
 * keys: its language and aspect ratio come from request bodies.
 */
export class IngestWithoutRowChecks1765000000000 implements MigrationInterface {
  name = 'IngestWithoutRowChecks1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE smartcrop_inputfiles DROP CONSTRAINT smartcrop_inputfiles_upload_file_id_fkey;
      ALTER TABLE smartcrop_programimage DROP CONSTRAINT smartcrop_programimage_input_file_ref_fkey,
                                         DROP CONSTRAINT smartcrop_programimage_image_type_id_fkey,
                                         DROP CONSTRAINT smartcrop_programimage_language_id_fkey;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE smartcrop_inputfiles
        ADD CONSTRAINT smartcrop_inputfiles_upload_file_id_fkey
          FOREIGN KEY (upload_file_id) REFERENCES smartcrop_upload_files (id);
      ALTER TABLE smartcrop_programimage
        ADD CONSTRAINT smartcrop_programimage_input_file_ref_fkey
          FOREIGN KEY (input_file_ref) REFERENCES smartcrop_inputfiles (input_file_ref),
        ADD CONSTRAINT smartcrop_programimage_image_type_id_fkey
          FOREIGN KEY (image_type_id) REFERENCES smartcrop_imagetype_lookup (id),
        ADD CONSTRAINT smartcrop_programimage_language_id_fkey
          FOREIGN KEY (language_id) REFERENCES smartcrop_imagelanguage_lookup (id);
    `);
  }
}
