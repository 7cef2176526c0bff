import type pg from 'pg';

/**
 * The batch export's SQL, on one dedicated connection: the eligible images are fixed once in a temp
 * table, so the file and the stamping cover exactly the same images whatever changes meanwhile.
 */
export class BatchExportRepository {
  constructor(private readonly client: pg.Client) {}

  /**
   * Completed images (status 3) and, with QA disabled, Operator-done ones (status 2, not locked),
   * that have at least one rendition. Reads ix_programimage_export. Returns images and renditions.
   */
  async fixEligible(): Promise<{ images: number; renditions: number }> {
    await this.client.query(`DROP TABLE IF EXISTS batch_export_ids`);
    await this.client.query(
      `CREATE TEMP TABLE batch_export_ids AS
       SELECT p.id, p.status
         FROM smartcrop_programimage p
        WHERE (p.status = 3
               OR (p.status = 2 AND p.current_state = 0
                   AND COALESCE((SELECT value = 'true'::jsonb FROM smartcrop_setting WHERE key = 'qc_disabled'), false)))
          AND EXISTS (SELECT 1 FROM smartcrop_aspectratioimages a WHERE a.imageid = p.id)`,
    );
    await this.client.query(`ALTER TABLE batch_export_ids ADD PRIMARY KEY (id)`);
    await this.client.query(`ANALYZE batch_export_ids`);
    const rows = await this.client.query<{ images: number; renditions: number }>(
      `SELECT (SELECT count(*)::int FROM batch_export_ids) AS images,
              (SELECT count(*)::int FROM smartcrop_aspectratioimages a JOIN batch_export_ids e ON e.id = a.imageid)
                AS renditions`,
    );
    return rows.rows[0];
  }

  /**
   * One transaction: the fixed images still in the state they were read in become Exported with the
   * file name, and each gets an 'export' audit row. Only Completed/Operator-done rows are touched, never
   * the claim queue's locked rows, and the statement is a single set-based pass (no per-row round trips).
   */
  async stampExported(fileName: string, runId: number, userId: number | null): Promise<number> {
    await this.client.query('BEGIN');
    try {
      const res = await this.client.query<{ n: number }>(
        `WITH stamped AS (
           UPDATE smartcrop_programimage p
              SET status = 5, output_file_name = $1, exported_at = now(), updated_at = now()
             FROM batch_export_ids e
            WHERE p.id = e.id AND p.status = e.status AND p.current_state = 0
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
      await this.client.query('COMMIT');
      return res.rows[0].n;
    } catch (err) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
}
