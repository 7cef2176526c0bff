import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every transition rewrites an image row (its status or lock state is in an index predicate, so the
 * update is never HOT) and appends audit rows; two things made each of those writes dearer than it needs:
 *
 * - `programimage_audit.image_id` and `.user_id` referenced the image and the user. Images are never
 *   deleted (no endpoint or job does), users only deactivated, and audit rows are only written by the
 *   statement that changed the image, from its RETURNING and the caller's verified id; the foreign keys
 *   guarded nothing, yet checked every audit row with an index probe and a FOR KEY SHARE lock (on the
 *   image, dirtying its page a second time): a fifth of the batch export's stamping, and 50 probes per
 *   claim of 25 images. An audit log is history; it keeps no foreign key to what it describes.
 * - `ix_programimage_provider` indexed every image by provider, for one query (the empty-claim message,
 *   which counts a provider's queued and locked images). A partial index on the in-flight rows serves it,
 *   and finished work (Completed → Exported, the export's 250k-row stamp) no longer inserts into it.
 */
export class LeanerImageWrites1764900000000 implements MigrationInterface {
  name = 'LeanerImageWrites1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE programimage_audit DROP CONSTRAINT programimage_audit_image_id_fkey,
                                     DROP CONSTRAINT programimage_audit_user_id_fkey;
      DROP INDEX ix_programimage_provider;
      CREATE INDEX ix_programimage_inflight ON smartcrop_programimage (provider_name, status) WHERE status IN (1, 2);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX ix_programimage_inflight;
      CREATE INDEX ix_programimage_provider ON smartcrop_programimage (provider_name);
      ALTER TABLE programimage_audit
        ADD CONSTRAINT programimage_audit_image_id_fkey
          FOREIGN KEY (image_id) REFERENCES smartcrop_programimage (id) ON DELETE CASCADE,
        ADD CONSTRAINT programimage_audit_user_id_fkey FOREIGN KEY (user_id) REFERENCES smartcrop_user (id);
    `);
  }
}
