import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ImageRow } from './image.mapper.js';

/** Columns every image response is built from (with the reject reason's text). */
export const imageColumns = (
  p: string,
) => `${p}.id, ${p}.link_object_id, ${p}.provider_name, ${p}.program_title,
  ${p}.episode_title, ${p}.image_url, ${p}.image_type_id, ${p}.language_id, ${p}.width, ${p}.height, ${p}.status,
  ${p}.current_state, ${p}.locked_by, ${p}.locked_at, ${p}.last_activity_at, ${p}.reject_reason_id,
  (SELECT r.reason FROM smartcrop_rejectreason_lookup r WHERE r.id = ${p}.reject_reason_id) AS reject_reason,
  ${p}.cropped_by, ${p}.created_at`;

/** Advisory-lock class (first key of the two-int form) for "this programme is being claimed". */
export const CLAIM_LOCK_CLASS = 4201;

/**
 * Locks idle past the TTL go back to the state before the lock, with an 'expire' audit row each.
 * The partial index ix_programimage_lock_activity makes this a short range scan (usually empty), so
 * it is cheap enough to run before every claim as well as from the periodic sweep. SKIP LOCKED: a row
 * its owner is writing right now is not stale.
 * $1 = TTL in minutes, $2 = most rows per run.
 */
export const EXPIRE_SQL = `
WITH stale AS (
  SELECT id, locked_by FROM smartcrop_programimage
   WHERE current_state = 1 AND last_activity_at < now() - make_interval(mins => $1::int)
   ORDER BY last_activity_at
   LIMIT $2
   FOR UPDATE SKIP LOCKED
), released AS (
  UPDATE smartcrop_programimage p
     SET current_state = 0, locked_by = NULL, locked_at = NULL, last_activity_at = NULL, updated_at = now()
    FROM stale s
   WHERE p.id = s.id
  RETURNING p.id, p.link_object_id, p.status, s.locked_by AS was_locked_by
)
INSERT INTO programimage_audit (image_id, program_id, action, from_status, to_status, from_state, to_state, user_id, details)
SELECT id, link_object_id, 'expire', status, status, 1, 0, NULL, jsonb_build_object('lockedBy', was_locked_by)
  FROM released
RETURNING image_id`;

/**
 * The claim, one statement: pick the oldest queued image of the provider at the stage, lock every
 * queued image of its programme (at most $4), stamp the lock and write the 'lock' audit rows.
 * - `status IN (1, 2)` repeats the partial index predicate so a generic (prepared) plan can still use
 *   ix_programimage_queue; `status = $2` alone does not prove it.
 * - ORDER BY (created_at, id) walks that index in order, so LIMIT 1 stops at the queue head.
 * - `(created_at, id) >= ($5, $6)` is the keyset hint: the last claimed position. Rows claimed moments
 *   ago leave dead index entries at the head until vacuum; starting past them keeps the scan short as
 *   the queue drains (an unhinted scan slows down under sustained load).
 * - SKIP LOCKED passes over heads another claimer is locking; the transaction-scoped advisory lock per
 *   programme keeps a second claimer from taking the rest of a programme someone is claiming now.
 *   Two claimers can never both lock a row: the row lock decides, and a row claimed and committed after
 *   our snapshot fails the re-check of current_state = 0.
 * $1 provider, $2 stage (1|2), $3 user, $4 batch max, $5/$6 keyset hint (-infinity/0 for none).
 */
export const CLAIM_SQL = `
WITH head AS (
  SELECT p.link_object_id
    FROM smartcrop_programimage p
   WHERE p.provider_name = $1 AND p.status = $2::smallint AND p.current_state = 0 AND p.status IN (1, 2)
     AND (p.created_at, p.id) >= ($5::timestamptz, $6::bigint)
     AND pg_try_advisory_xact_lock(${CLAIM_LOCK_CLASS}, hashtext(p.link_object_id::text))
   ORDER BY p.created_at, p.id
   LIMIT 1
   FOR UPDATE SKIP LOCKED
), batch AS (
  SELECT p.id
    FROM smartcrop_programimage p
    JOIN head h ON h.link_object_id = p.link_object_id
   WHERE p.provider_name = $1 AND p.status = $2::smallint AND p.current_state = 0
   ORDER BY p.created_at, p.id
   LIMIT $4
   FOR UPDATE OF p SKIP LOCKED
), claimed AS (
  UPDATE smartcrop_programimage p
     SET previous_state = p.current_state, current_state = 1, locked_by = $3, locked_at = now(),
         last_activity_at = now(), updated_at = now()
    FROM batch b
   WHERE p.id = b.id
  RETURNING p.*
), audit AS (
  INSERT INTO programimage_audit (image_id, program_id, action, from_status, to_status, from_state, to_state, user_id)
  SELECT id, link_object_id, 'lock', status, status, 0, 1, $3 FROM claimed
)
SELECT ${imageColumns('c')}
  FROM claimed c
 ORDER BY c.created_at, c.id`;

export interface ClaimHint {
  createdAt: Date;
  id: string;
}

/** Why a claim came back empty. */
export interface QueueState {
  queued: number;
  locked: number;
  lockers: number;
  firstExpiry: Date | null;
}

/** The hot path of the image desk: resume, expire and claim. */
@Injectable()
export class ClaimRepository {
  constructor(private readonly db: DataSource) {}

  /** The caller's locked images (any provider, any stage), renewing their locks: resuming is activity. */
  resume(userId: number): Promise<ImageRow[]> {
    return this.db.query(
      `WITH renewed AS (
         UPDATE smartcrop_programimage SET last_activity_at = now()
          WHERE locked_by = $1 AND current_state = 1
         RETURNING *
       )
       SELECT ${imageColumns('p')} FROM renewed p ORDER BY p.created_at, p.id`,
      [userId],
    );
  }

  /** Expires stale locks, then claims, in one transaction. */
  claim(
    provider: string,
    stage: number,
    userId: number,
    max: number,
    ttlMinutes: number,
    hint?: ClaimHint,
  ): Promise<ImageRow[]> {
    return this.db.transaction(async (m: EntityManager) => {
      await m.query(EXPIRE_SQL, [ttlMinutes, 1000]);
      return m.query<ImageRow[]>(CLAIM_SQL, [
        provider,
        stage,
        userId,
        max,
        hint?.createdAt ?? '-infinity',
        hint?.id ?? '0',
      ]);
    });
  }

  /** Sweep: returns how many locks expired. */
  async expire(ttlMinutes: number, limit = 5000): Promise<number> {
    const rows: unknown[] = await this.db.query(EXPIRE_SQL, [ttlMinutes, limit]);
    return rows.length;
  }

  async queueState(provider: string, stage: number, ttlMinutes: number): Promise<QueueState> {
    const rows: { queued: string; locked: string; lockers: string; first_expiry: Date | null }[] =
      await this.db.query(
        `SELECT count(*) FILTER (WHERE current_state = 0) AS queued,
                count(*) FILTER (WHERE current_state = 1) AS locked,
                count(DISTINCT locked_by) AS lockers,
                min(last_activity_at) + make_interval(mins => $3::int) AS first_expiry
           FROM smartcrop_programimage
          WHERE provider_name = $1 AND status = $2`,
        [provider, stage, ttlMinutes],
      );
    const r = rows[0];
    return {
      queued: Number(r.queued),
      locked: Number(r.locked),
      lockers: Number(r.lockers),
      firstExpiry: r.first_expiry,
    };
  }
}
