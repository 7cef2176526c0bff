import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PreparedStatements } from '../infra/database/prepared-statements.js';
import { imageColumns } from './claim.repository.js';
import type { ImageRow } from './image.mapper.js';
import { INSERT_AUDIT } from '../infra/database/audit-sql.js';
import { suggestionContext } from './suggest/analysis.repository.js';

export type TransitionAction = 'operator_done' | 'qa_approve' | 'qa_send_back' | 'reject' | 'release';

const UNLOCK = `current_state = 0, previous_state = NULL, locked_by = NULL, locked_at = NULL, last_activity_at = NULL`;
// the operator who cropped the programme first, if still active: a send-back is locked to them
const CROPPER = `(SELECT u.id FROM smartcrop_user u WHERE u.id = p.cropped_by AND u.is_active)`;

/**
 * The new values per transition (contract section 3). operator_done samples for QA deterministically
 * per programme: hashtext(ProgramId) mod 100 below the active status-2 rule's percentage (100 without
 * a rule) goes to QA, else straight to Completed; a disabled QA stage always completes. A send-back of
 * the service's auto-crop marks it (auto_crop 1 → 2) for the dashboard's AutoCroppedSentBack.
 * ::bigint before abs() because abs(int4 minimum) overflows.
 */
const SET: Record<TransitionAction, string> = {
  operator_done: `status = CASE WHEN NOT cfg.qc_off AND abs(hashtext(p.link_object_id::text)::bigint) % 100 < cfg.pct
                                THEN 2 ELSE 3 END,
                  ${UNLOCK}, cropped_by = COALESCE(p.cropped_by, $2), reject_reason_id = NULL`,
  qa_approve: `status = 3, ${UNLOCK}, reviewed_by = $2`,
  qa_send_back: `status = 1, reject_reason_id = $3, reviewed_by = $2, previous_state = 0,
                 auto_crop = CASE WHEN p.auto_crop = 1 THEN 2 ELSE p.auto_crop END,
                 locked_by = ${CROPPER},
                 current_state = CASE WHEN ${CROPPER} IS NULL THEN 0 ELSE 1 END,
                 locked_at = CASE WHEN ${CROPPER} IS NULL THEN NULL ELSE now() END,
                 last_activity_at = CASE WHEN ${CROPPER} IS NULL THEN NULL ELSE now() END`,
  reject: `status = 4, ${UNLOCK}, reject_reason_id = $3,
           reviewed_by = CASE WHEN p.status = 2 THEN $2 ELSE p.reviewed_by END`,
  release: `${UNLOCK}`,
};

const DETAILS: Record<TransitionAction, string> = {
  operator_done: `jsonb_build_object('qcDisabled', qc_off, 'percentage', pct, 'sentToQa', status = 2)`,
  qa_approve: `'{}'::jsonb`,
  qa_send_back: `jsonb_build_object('rejectReasonId', $3::int, 'returnedTo', locked_by)`,
  reject: `jsonb_build_object('rejectReasonId', $3::int)`,
  release: `'{}'::jsonb`,
};

/** One statement per action (see ImageRepository.transition), named for preparing. */
export const TRANSITION = Object.fromEntries(
  (Object.keys(SET) as TransitionAction[]).map((action) => [
    action,
    {
      name: `smartcrop_transition_${action}`,
      text: `WITH cfg AS (
         SELECT smartcrop_qc_disabled() AS qc_off,
                COALESCE((SELECT percentage FROM smartcrop_rule WHERE status = 2 AND is_active), 100) AS pct
       ), target AS (
         SELECT p.id, p.status AS from_status FROM smartcrop_programimage p
          WHERE (p.id = ANY($1::bigint[]) OR p.link_object_id = $5::bigint)
            AND p.locked_by = $2 AND p.current_state = 1 AND p.status = ANY($4::smallint[])
          FOR UPDATE
       ), moved AS (
         UPDATE smartcrop_programimage p
            SET ${SET[action]}, updated_at = now()
           FROM cfg, target t
          WHERE p.id = t.id
         RETURNING p.id, p.link_object_id, p.status, p.current_state, p.locked_by, cfg.qc_off, cfg.pct, t.from_status
       )
       ${INSERT_AUDIT}
       SELECT id, link_object_id, '${action}', from_status, status, 1, current_state, $2,
              jsonb_strip_nulls(${DETAILS[action]} || jsonb_build_object('rejectReasonId', $3::int))
         FROM moved
       RETURNING image_id, to_status, to_state`,
    },
  ]),
) as Record<TransitionAction, { name: string; text: string }>;

/**
 * A programme's images (optionally only some ids) with lookup titles; named for preparing. A save's read
 * also carries what its suggestion step needs (`suggestion_context`), so the save stays one read and one
 * write.
 */
const programImagesStatement = (suggestions: boolean) => ({
  name: suggestions ? 'smartcrop_program_images_for_save' : 'smartcrop_program_images',
  text: `SELECT ${imageColumns('p')},
                (SELECT t.title FROM smartcrop_imagetype_lookup t WHERE t.id = p.image_type_id) AS image_type,
                (SELECT l.title FROM smartcrop_imagelanguage_lookup l WHERE l.id = p.language_id) AS language
                ${suggestions ? `, ${suggestionContext('p')} AS suggestion_context` : ''}
           FROM smartcrop_programimage p
          WHERE p.link_object_id = $1 AND ($2::bigint[] IS NULL OR p.id = ANY($2::bigint[]))
          ORDER BY p.created_at, p.id`,
});
const PROGRAM_IMAGES = programImagesStatement(false);
const PROGRAM_IMAGES_FOR_SAVE = programImagesStatement(true);

export type Queryable = Pick<EntityManager, 'query'>;

@Injectable()
export class ImageRepository {
  constructor(
    private readonly db: DataSource,
    private readonly prepared: PreparedStatements,
  ) {
    // the hot transition, prepared at boot on every connection: no image and no user 0, nothing moves
    prepared.warm(TRANSITION.operator_done, [[], 0, null, [1], null]);
    prepared.warm(PROGRAM_IMAGES, [0, null]);
    prepared.warm(PROGRAM_IMAGES_FOR_SAVE, [0, null]);
  }

  /** Outside any transaction: for writes that are one statement. */
  get direct(): Queryable {
    return this.db;
  }

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  /** Images of a programme (with lookup titles), optionally only some ids. */
  programImages(
    programId: number,
    imageIds?: number[],
    q: Queryable = this.db,
    opts: { suggestions?: boolean } = {},
  ): Promise<ImageRow[]> {
    const statement = opts.suggestions ? PROGRAM_IMAGES_FOR_SAVE : PROGRAM_IMAGES;
    const values = [programId, imageIds ?? null];
    // the first read of every save: prepared outside a transaction
    return q === this.db ? this.prepared.query<ImageRow>(statement, values) : q.query(statement.text, values);
  }

  /**
   * Renews the caller's locks on these images (activity by the owner) and returns the ids still held by
   * them. Inside a write transaction it also row-locks them, so the lock cannot expire under the write.
   */
  async touch(imageIds: number[], userId: number, q: Queryable = this.db): Promise<Set<string>> {
    const rows: { id: string }[] = await q.query(
      // wrapped in a SELECT: TypeORM returns [rows, count] for a top-level UPDATE
      `WITH touched AS (
         UPDATE smartcrop_programimage SET last_activity_at = now()
          WHERE id = ANY($1::bigint[]) AND locked_by = $2 AND current_state = 1
         RETURNING id
       )
       SELECT id FROM touched`,
      [imageIds, userId],
    );
    return new Set(rows.map((r) => String(r.id)));
  }

  /**
   * Applies one transition to the images the caller still holds at one of `fromStatuses` (given by id,
   * or every one of a programme), with an audit row each, in one statement: pass the transaction's
   * manager to make it part of a larger write. `target` row-locks and re-checks ownership and stage, so a
   * concurrent change means fewer rows, never a wrong one.
   */
  transition(
    action: TransitionAction,
    target: { ids: (string | number)[] } | { programId: number },
    userId: number,
    fromStatuses: number[],
    rejectReasonId: number | null,
    q: Queryable = this.db,
  ): Promise<{ image_id: string; to_status: number; to_state: number }[]> {
    const values = [
      'ids' in target ? target.ids.map(String) : [],
      userId,
      rejectReasonId,
      fromStatuses,
      'programId' in target ? target.programId : null,
    ];
    // outside a transaction (the common one-stage case) it runs prepared; inside, on the transaction
    return q === this.db
      ? this.prepared.query(TRANSITION[action], values)
      : q.query(TRANSITION[action].text, values);
  }

  async rejectReasonExists(id: number, q: Queryable = this.db): Promise<boolean> {
    const rows: unknown[] = await q.query('SELECT 1 FROM smartcrop_rejectreason_lookup WHERE id = $1', [id]);
    return rows.length > 0;
  }

  /** Releases every lock of a user with a 'release' audit row each; returns how many. */
  async releaseAll(userId: number, actorId: number): Promise<number> {
    const rows: unknown[] = await this.db.query(
      `WITH released AS (
         UPDATE smartcrop_programimage p SET ${UNLOCK}, updated_at = now()
          WHERE p.locked_by = $1 AND p.current_state = 1
         RETURNING p.id, p.link_object_id, p.status
       )
       ${INSERT_AUDIT}
       SELECT id, link_object_id, 'release', status, status, 1, 0, $2, jsonb_build_object('lockedBy', $1::int)
         FROM released
       RETURNING image_id`,
      [userId, actorId],
    );
    return rows.length;
  }

  /**
   * Opens a programme for QA: locks its queued QA-stage images (and stale locks) for the caller, with
   * 'lock' audit rows. Returns the ids locked now; rows held by someone else are left alone.
   */
  async lockForQa(programId: number, userId: number, ttlMinutes: number): Promise<number> {
    const rows: unknown[] = await this.db.query(
      `WITH target AS (
         SELECT id, current_state AS was_state FROM smartcrop_programimage
          WHERE link_object_id = $1 AND status = 2
            AND (current_state = 0 OR last_activity_at < now() - make_interval(mins => $3::int))
          FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE smartcrop_programimage p
            SET previous_state = 0, current_state = 1, locked_by = $2, locked_at = now(),
                last_activity_at = now(), updated_at = now()
           FROM target t WHERE p.id = t.id
         RETURNING p.id, p.link_object_id, p.status, t.was_state
       )
       ${INSERT_AUDIT}
       SELECT id, link_object_id, 'lock', status, status, was_state, 1, $2,
              CASE WHEN was_state = 1 THEN '{"expiredLock": true}'::jsonb ELSE '{}'::jsonb END
         FROM claimed
       RETURNING image_id`,
      [programId, userId, ttlMinutes],
    );
    return rows.length;
  }
}
