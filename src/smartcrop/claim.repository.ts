import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PreparedStatements } from '../infra/database/prepared-statements.js';
import type { ImageRow } from './image.mapper.js';
import { INSERT_AUDIT } from '../infra/database/audit-sql.js';
import { suggestionFieldsColumn, type SuggestionFieldsContext } from './suggest/analysis.repository.js';

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
 * it is cheap enough to run often; the claim itself takes over stale locks of its own queue. SKIP LOCKED: a row
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
${INSERT_AUDIT}
SELECT id, link_object_id, 'expire', status, status, 1, 0, NULL, jsonb_build_object('lockedBy', was_locked_by)
  FROM released
RETURNING image_id`;

/**
 * Resume-or-claim, one statement and one round trip (autocommit: atomic on its own):
 * - `mine`: the caller's own locks come back first, renewed (resuming is activity); when there are
 *   any, the heads below find nothing (`NOT EXISTS (SELECT 1 FROM mine)` is a one-time filter).
 * - `head_queued`: the oldest queued image of the provider at the stage. `status IN (1, 2)` repeats the
 *   partial index predicate so a generic (prepared) plan can still use ix_programimage_queue, which
 *   yields rows in (created_at, id) order, so LIMIT 1 stops at the queue head. `(created_at, id) >=
 *   ($5, $6)` is the keyset hint, the last claimed position: rows claimed moments ago leave dead index
 *   entries at the head until vacuum, and starting past them keeps the scan short as the queue drains.
 * - `head_stale`: the oldest image of the provider at the stage whose lock has been idle past the TTL
 *   ($7 minutes), via ix_programimage_lock_activity; such a programme is claimable like a queued one.
 * - SKIP LOCKED passes over heads another claimer is locking; the transaction-scoped advisory lock per
 *   programme keeps a second claimer off the rest of a programme someone is claiming now. Two claimers
 *   can never both lock a row: the row lock decides, and a row claimed and committed after our snapshot
 *   fails the re-check of its state.
 * - `batch`: every claimable image of that programme (at most $4); `claimed` stamps the lock and
 *   `audit` writes 'expire' rows for stale locks taken over, then a 'lock' row per image.
 * $1 provider, $2 stage (1|2), $3 user, $4 batch max, $5/$6 keyset hint (-infinity/0 for none), $7 TTL.
 * Returns the caller's images with `resumed` true for locks they already held, each with what its item's
 * suggestion fields are built from (`suggestion_fields`).
 */
export const CLAIM_SQL = `
WITH mine AS (
  UPDATE smartcrop_programimage SET last_activity_at = now()
   WHERE locked_by = $3 AND current_state = 1
  RETURNING *
), head_queued AS (
  SELECT p.link_object_id, p.created_at, p.id
    FROM smartcrop_programimage p
   WHERE NOT EXISTS (SELECT 1 FROM mine)
     AND p.provider_name = $1 AND p.status = $2::smallint AND p.current_state = 0 AND p.status IN (1, 2)
     AND (p.created_at, p.id) >= ($5::timestamptz, $6::bigint)
     AND pg_try_advisory_xact_lock(${CLAIM_LOCK_CLASS}, hashtext(p.link_object_id::text))
   ORDER BY p.created_at, p.id
   LIMIT 1
   FOR UPDATE SKIP LOCKED
), head_stale AS (
  SELECT p.link_object_id, p.created_at, p.id
    FROM smartcrop_programimage p
   WHERE NOT EXISTS (SELECT 1 FROM mine)
     AND p.current_state = 1 AND p.last_activity_at < now() - make_interval(mins => $7::int)
     AND p.provider_name = $1 AND p.status = $2::smallint
     AND pg_try_advisory_xact_lock(${CLAIM_LOCK_CLASS}, hashtext(p.link_object_id::text))
   ORDER BY p.created_at, p.id
   LIMIT 1
   FOR UPDATE SKIP LOCKED
), head AS (
  SELECT link_object_id FROM (SELECT * FROM head_queued UNION ALL SELECT * FROM head_stale) h
   ORDER BY created_at, id
   LIMIT 1
), batch AS (
  SELECT p.id, p.current_state AS was_state, p.locked_by AS was_locked_by
    FROM smartcrop_programimage p
    JOIN head h ON h.link_object_id = p.link_object_id
   WHERE p.provider_name = $1 AND p.status = $2::smallint
     AND (p.current_state = 0 OR p.last_activity_at < now() - make_interval(mins => $7::int))
   ORDER BY p.created_at, p.id
   LIMIT $4
   FOR UPDATE OF p SKIP LOCKED
), claimed AS (
  UPDATE smartcrop_programimage p
     SET previous_state = 0, current_state = 1, locked_by = $3, locked_at = now(),
         last_activity_at = now(), updated_at = now()
    FROM batch b
   WHERE p.id = b.id
  RETURNING p.*, b.was_state, b.was_locked_by
), audit AS (
  ${INSERT_AUDIT}
  SELECT id, link_object_id, 'expire', status, status, 1, 0, NULL, jsonb_build_object('lockedBy', was_locked_by)
    FROM claimed WHERE was_state = 1
  UNION ALL
  SELECT id, link_object_id, 'lock', status, status, 0, 1, $3, '{}'::jsonb FROM claimed
)
SELECT true AS resumed, ${imageColumns('m')}, ${suggestionFieldsColumn('m')} AS suggestion_fields FROM mine m
UNION ALL
SELECT false AS resumed, ${imageColumns('c')}, ${suggestionFieldsColumn('c')} AS suggestion_fields FROM claimed c
ORDER BY created_at, id`;

export type ClaimedRow = ImageRow & { resumed: boolean; suggestion_fields: SuggestionFieldsContext };

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
  private static readonly claimStatement = { name: 'smartcrop_claim', text: CLAIM_SQL };

  constructor(
    private readonly db: DataSource,
    private readonly prepared: PreparedStatements,
  ) {
    // no provider is named '' and no user has id 0: claims and renews nothing
    prepared.warm(ClaimRepository.claimStatement, ['', 1, 0, 1, '-infinity', '0', 1]);
  }

  /** Resume-or-claim (see CLAIM_SQL): one prepared statement, one round trip. */
  claim(
    provider: string,
    stage: number,
    userId: number,
    max: number,
    ttlMinutes: number,
    hint?: ClaimHint,
  ): Promise<ClaimedRow[]> {
    return this.prepared.query<ClaimedRow>(ClaimRepository.claimStatement, [
      provider,
      stage,
      userId,
      max,
      hint?.createdAt ?? '-infinity',
      hint?.id ?? '0',
      ttlMinutes,
    ]);
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
          WHERE provider_name = $1 AND status = $2
            AND status IN (1, 2) -- spelled out so that ix_programimage_inflight applies`,
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
