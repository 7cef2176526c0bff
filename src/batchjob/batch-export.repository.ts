import type pg from 'pg';

/**
 * The export's own row in each dashboard counter (pooled connections count on slots 0–15, their
 * pg_backend_pid() % 16), so that its open stamp transaction holds no counter row a transition needs.
 */
export const EXPORT_COUNTER_SLOT = 16;

/**
 * The batch export's SQL. The eligible images are fixed once in `smartcrop_export_batch`, so the file and
 * the stamping cover exactly the same images whatever changes meanwhile; the file is written on one
 * dedicated connection while the stamping is prepared on another (see BatchJobService).
 */
export class BatchExportRepository {
  constructor(private readonly client: pg.Client) {}

  /**
   * Completed images (status 3) and, with QA disabled, Operator-done ones (status 2, not locked),
   * that have at least one rendition, replacing the previous run's set (one batch runs at a time: the
   * job's advisory lock). Reads ix_programimage_export. Returns images and renditions.
   */
  async fixEligible(): Promise<{ images: number; renditions: number }> {
    await this.client.query('TRUNCATE smartcrop_export_batch');
    const fixed = await this.client.query(
      `INSERT INTO smartcrop_export_batch (image_id, status)
       SELECT p.id, p.status
         FROM smartcrop_programimage p
        WHERE (p.status = 3
               OR (p.status = 2 AND p.current_state = 0
                   AND COALESCE((SELECT value = 'true'::jsonb FROM smartcrop_setting WHERE key = 'qc_disabled'), false)))
          AND EXISTS (SELECT 1 FROM smartcrop_aspectratioimages a WHERE a.imageid = p.id)`,
    );
    const images = fixed.rowCount ?? 0;
    if (images === 0) return { images, renditions: 0 };
    await this.client.query('ANALYZE smartcrop_export_batch');
    const rows = await this.client.query<{ renditions: number }>(
      `SELECT count(*)::int AS renditions
         FROM smartcrop_aspectratioimages a JOIN smartcrop_export_batch e ON e.image_id = a.imageid`,
    );
    return { images, renditions: rows.rows[0].renditions };
  }

  /**
   * Opens the stamp's transaction and does its work, leaving it open for commit() once the file is
   * uploaded, or rollback(): the fixed images still in the state they were read in become Exported with the
   * file name, and each gets an 'export' audit row, in one set-based statement. Returns the images stamped.
   *
   * While open, the transaction holds only rows no claim or transition waits for: finished images (row
   * locks: a claim skips them, and no write path updates a Completed image) and the export's own counter
   * slot. It is idle during the upload by design, so a server-wide idle-in-transaction timeout is lifted
   * for it.
   */
  async prepareStamp(fileName: string, runId: number, userId: number | null): Promise<number> {
    await this.client.query('BEGIN');
    await this.client.query(
      `SELECT set_config('smartcrop.counter_slot', $1, true),
              set_config('idle_in_transaction_session_timeout', '0', true)`,
      [String(EXPORT_COUNTER_SLOT)],
    );
    const res = await this.client.query<{ n: number }>(
      `WITH stamped AS (
         UPDATE smartcrop_programimage p
            SET status = 5, output_file_name = $1, exported_at = now(), updated_at = now()
           FROM smartcrop_export_batch e
          WHERE p.id = e.image_id AND p.status = e.status AND p.current_state = 0
         RETURNING p.id, p.link_object_id, e.status AS from_status
       ), audited AS (
         INSERT INTO programimage_audit (image_id, program_id, action, from_status, to_status, from_state,
                                         to_state, user_id, details)
         SELECT id, link_object_id, 'export', from_status, 5, 0, 0, $2,
                jsonb_build_object('file', $1::text, 'runId', $3::bigint)
           FROM stamped
         RETURNING 1
       )
       SELECT count(*)::int AS n FROM audited`,
      [fileName, userId, runId],
    );
    return res.rows[0].n;
  }

  async commit(): Promise<void> {
    await this.client.query('COMMIT');
  }

  /** Undoes a prepared (or failed) stamp; a connection already lost has had it undone by the server. */
  async rollback(): Promise<void> {
    await this.client.query('ROLLBACK').catch(() => undefined);
  }
}
