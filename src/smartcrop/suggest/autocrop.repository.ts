import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface AutoCropSetting {
  provider_name: string;
  enabled: boolean;
  min_score: number;
  qa_sample_percent: number;
  updated_at: Date;
}

export interface ProgrammeImage {
  id: string;
  link_object_id: string;
  provider_name: string;
  status: number;
  current_state: number;
  image_url: string;
  image_type_id: number | null;
  language_id: number | null;
}

/** Per-provider auto-crop settings and the programme-level reads and moves of auto-crop. */
@Injectable()
export class AutoCropRepository {
  constructor(private readonly db: DataSource) {}

  settings(): Promise<AutoCropSetting[]> {
    return this.db.query(
      'SELECT provider_name, enabled, min_score, qa_sample_percent, updated_at FROM smartcrop_autocrop_setting ORDER BY provider_name',
    );
  }

  async put(s: Omit<AutoCropSetting, 'updated_at'>, userId: number): Promise<AutoCropSetting> {
    const rows: AutoCropSetting[] = await this.db.query(
      `INSERT INTO smartcrop_autocrop_setting (provider_name, enabled, min_score, qa_sample_percent, updated_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (provider_name) DO UPDATE
          SET enabled = $2, min_score = $3, qa_sample_percent = $4, updated_by = $5, updated_at = now()
       RETURNING provider_name, enabled, min_score, qa_sample_percent, updated_at`,
      [s.provider_name, s.enabled, s.min_score, s.qa_sample_percent, userId],
    );
    return rows[0];
  }

  /** The programme of an image and the provider's setting, when auto-crop is on for it. */
  async enabledFor(imageId: string): Promise<{ programId: string; setting: AutoCropSetting } | undefined> {
    const rows: (AutoCropSetting & { program_id: string })[] = await this.db.query(
      `SELECT p.link_object_id::text AS program_id, s.provider_name, s.enabled, s.min_score, s.qa_sample_percent, s.updated_at
         FROM smartcrop_programimage p
         JOIN smartcrop_autocrop_setting s ON s.provider_name = p.provider_name AND s.enabled
        WHERE p.id = $1`,
      [imageId],
    );
    return rows[0] && { programId: rows[0].program_id, setting: rows[0] };
  }

  programmeImages(programId: string, q: Pick<EntityManager, 'query'> = this.db): Promise<ProgrammeImage[]> {
    return q.query(
      `SELECT id::text, link_object_id::text, provider_name, status, current_state, image_url, image_type_id, language_id
         FROM smartcrop_programimage WHERE link_object_id = $1 ORDER BY id`,
      [programId],
    );
  }

  /**
   * In the caller's transaction: row-locks the programme's images without waiting (an Operator claiming
   * it meanwhile wins) and answers whether every one of them is still queued at the Operator stage.
   */
  async lockQueued(m: EntityManager, programId: string, imageIds: string[]): Promise<boolean> {
    const rows: { id: string }[] = await m.query(
      `SELECT id::text FROM smartcrop_programimage
        WHERE link_object_id = $1 AND status = 1 AND current_state = 0
        FOR UPDATE SKIP LOCKED`,
      [programId],
    );
    const got = new Set(rows.map((r) => r.id));
    return imageIds.every((id) => got.has(id));
  }

  /**
   * Moves the programme on from the Operator stage: to QA (status 2) when the provider's QA sample picks
   * it (deterministic per programme, as the operator hand-over samples) and QA is on, else Completed.
   * One `auto-crop` audit row per image, by the system (no user), and the images marked `auto_crop` for
   * the dashboard (kept at 2 when QA had already sent such work back). Returns the new status.
   */
  async moveOn(m: EntityManager, programId: string, samplePercent: number, details: object): Promise<number> {
    const rows: { status: number }[] = await m.query(
      `WITH cfg AS (
         SELECT COALESCE((SELECT value = 'true'::jsonb FROM smartcrop_setting WHERE key = 'qc_disabled'), false) AS qc_off
       ), moved AS (
         UPDATE smartcrop_programimage p
            SET status = CASE WHEN NOT cfg.qc_off AND abs(hashtext(p.link_object_id::text)::bigint) % 100 < $2
                              THEN 2 ELSE 3 END,
                reject_reason_id = NULL, auto_crop = greatest(p.auto_crop, 1), updated_at = now()
           FROM cfg
          WHERE p.link_object_id = $1 AND p.status = 1 AND p.current_state = 0
         RETURNING p.id, p.link_object_id, p.status
       ), audited AS (
         INSERT INTO programimage_audit (image_id, program_id, action, from_status, to_status, from_state, to_state, user_id, details)
         SELECT id, link_object_id, 'auto_crop', 1, status, 0, 0, NULL, $3::jsonb FROM moved
       )
       SELECT status FROM moved LIMIT 1`,
      [programId, samplePercent, JSON.stringify(details)],
    );
    return rows[0]?.status ?? 1;
  }
}
