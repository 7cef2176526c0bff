import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CropSuggestion } from './crop-search.js';

export type AnalysisState = 'pending' | 'running' | 'done' | 'failed';

export interface RatioRow {
  id: number;
  title: string;
  width: number;
  height: number;
  min_width: number;
  min_height: number;
}

export interface ClaimedAnalysis {
  image_id: string;
  attempts: number;
  image_url: string;
}

export interface AnalysisRow {
  image_id: string;
  state: AnalysisState;
  reason: string | null;
  attempts: number;
  source_width: number | null;
  source_height: number | null;
  source_format: string | null;
  source_bytes: string | null;
  engine_version: number | null;
  analysed_at: Date | null;
}

export interface SuggestionRow {
  image_id: string;
  aspectratioid: number;
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
  method: string;
  engine_version: number;
  computed_at: Date;
}

/** What a save needs to resolve its crops against the suggestions, read with the image (see `suggestionContext`). */
export interface SuggestionContext {
  suggestions: Pick<SuggestionRow, 'aspectratioid' | 'x' | 'y' | 'width' | 'height'>[];
  ratios: RatioRow[];
}

/** Every aspect ratio with its minimum size, as one JSON array (a subquery PostgreSQL evaluates once per statement). */
const RATIOS_JSON = `(SELECT coalesce(json_agg(json_build_object('id', l.id, 'title', l.title, 'width', l.width,
                       'height', l.height, 'min_width', l.min_width, 'min_height', l.min_height) ORDER BY l.id), '[]')
                  FROM smartcrop_aspectratio_lookup l)`;

/** A suggestion's ratio and rectangle: what a save resolves its crops against (image items add score and method). */
const RECT = ['aspectratioid', 'x', 'y', 'width', 'height'];

/** The image's suggestions (`alias` the programme image), these columns of each, as one JSON array by ratio. */
const suggestionsJson = (alias: string, columns: string[]): string =>
  `(SELECT coalesce(json_agg(json_build_object(${columns.map((c) => `'${c}', s.${c}`).join(', ')})
                            ORDER BY s.aspectratioid), '[]')
      FROM smartcrop_crop_suggestion s WHERE s.image_id = ${alias}.id)`;

/**
 * A column of the image read a save starts with (`alias` the programme image): the image's suggestions
 * and every aspect ratio's minimum size as one JSON value, so the save stays the image read and the
 * write.
 */
export const suggestionContext = (alias: string): string =>
  `json_build_object('suggestions', ${suggestionsJson(alias, RECT)}, 'ratios', ${RATIOS_JSON})`;

/** What an image item's SuggestedCrops, Analysis and Warnings are built from (see `suggestionFieldsColumn`). */
export interface SuggestionFieldsContext {
  state: Pick<AnalysisRow, 'state' | 'reason' | 'source_width' | 'source_height'> | null;
  suggestions: Pick<SuggestionRow, 'aspectratioid' | 'x' | 'y' | 'width' | 'height' | 'score' | 'method'>[];
  ratios: RatioRow[];
}

/**
 * A column of an image read (`alias` the programme image) with everything its item's suggestion fields
 * need as one JSON value, so the claim answers from its one statement instead of three more reads.
 */
export const suggestionFieldsColumn = (alias: string): string =>
  `json_build_object(
     'state', (SELECT json_build_object('state', a.state, 'reason', a.reason, 'source_width', a.source_width,
                                        'source_height', a.source_height)
                 FROM smartcrop_image_analysis a WHERE a.image_id = ${alias}.id),
     'suggestions', ${suggestionsJson(alias, [...RECT, 'score', 'method'])},
     'ratios', ${RATIOS_JSON}
   )`;

export interface AnalysisDone {
  width: number;
  height: number;
  format: string;
  bytes: number;
  faces: number;
  engineVersion: number;
  suggestions: CropSuggestion[];
}

/**
 * The analysis queue: claimed with FOR UPDATE SKIP LOCKED in a short statement that sets a lease, so any
 * number of worker processes take each image once and a worker that dies hands its image back when the
 * lease runs out. Nothing here touches the claim's rows except the final size correction, one row at a
 * time, which the claim skips past (it too uses SKIP LOCKED) rather than waits for.
 */
@Injectable()
export class AnalysisRepository {
  constructor(private readonly db: DataSource) {}

  ratios(): Promise<RatioRow[]> {
    return this.db.query(
      'SELECT id, title, width, height, min_width, min_height FROM smartcrop_aspectratio_lookup ORDER BY id',
    );
  }

  async claim(limit: number, leaseSeconds: number): Promise<ClaimedAnalysis[]> {
    // the due-work predicate repeats the partial index's WHERE so the planner can use ix_image_analysis_due
    // TypeORM answers an UPDATE with [rows, count]
    const [rows]: [ClaimedAnalysis[], number] = await this.db.query(
      `WITH due AS (
         SELECT image_id FROM smartcrop_image_analysis
          WHERE state IN ('pending', 'running') AND next_attempt_at <= now()
            AND (state = 'pending' OR lease_until < now())
          ORDER BY next_attempt_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       )
       UPDATE smartcrop_image_analysis a
          SET state = 'running', attempts = a.attempts + 1, updated_at = now(),
              lease_until = now() + make_interval(secs => $2)
         FROM due, smartcrop_programimage p
        WHERE a.image_id = due.image_id AND p.id = a.image_id
       RETURNING a.image_id, a.attempts, p.image_url`,
      [limit, leaseSeconds],
    );
    return rows.map((r) => ({ ...r, image_id: String(r.image_id) }));
  }

  /** Suggestions replaced, the state done, and the image's Width/Height corrected when the manifest was wrong. */
  async complete(imageId: string, r: AnalysisDone): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query('DELETE FROM smartcrop_crop_suggestion WHERE image_id = $1', [imageId]);
      if (r.suggestions.length > 0) {
        await m.query(
          `INSERT INTO smartcrop_crop_suggestion (image_id, aspectratioid, x, y, width, height, score, method, engine_version)
           SELECT $1, s.aspectratioid, s.x, s.y, s.width, s.height, s.score, s.method, $3
             FROM jsonb_to_recordset($2::jsonb)
               AS s(aspectratioid int, x int, y int, width int, height int, score real, method text)
           ON CONFLICT (image_id, aspectratioid) DO UPDATE
              SET x = EXCLUDED.x, y = EXCLUDED.y, width = EXCLUDED.width, height = EXCLUDED.height,
                  score = EXCLUDED.score, method = EXCLUDED.method, engine_version = EXCLUDED.engine_version,
                  computed_at = now()`,
          [
            imageId,
            JSON.stringify(
              r.suggestions.map((s) => ({
                aspectratioid: s.aspectRatioId,
                x: s.x,
                y: s.y,
                width: s.width,
                height: s.height,
                score: s.score,
                method: s.method,
              })),
            ),
            r.engineVersion,
          ],
        );
      }
      // an upsert: an on-demand analysis may come before the image's queue row exists
      await m.query(
        `INSERT INTO smartcrop_image_analysis AS a (image_id, state, attempts, source_width, source_height,
                                                   source_format, source_bytes, faces, engine_version, analysed_at)
         VALUES ($1, 'done', 1, $2, $3, $4, $5, $6, $7, now())
         ON CONFLICT (image_id) DO UPDATE
            SET state = 'done', reason = NULL, lease_until = NULL, source_width = $2, source_height = $3,
                source_format = $4, source_bytes = $5, faces = $6, engine_version = $7,
                analysed_at = now(), updated_at = now()`,
        [imageId, r.width, r.height, r.format, r.bytes, r.faces, r.engineVersion],
      );
      await m.query(
        `UPDATE smartcrop_programimage SET width = $2, height = $3, updated_at = now()
          WHERE id = $1 AND (width IS DISTINCT FROM $2 OR height IS DISTINCT FROM $3)`,
        [imageId, r.width, r.height],
      );
    });
  }

  /** A permanent failure, or a transient one to retry at `retryAt` (undefined = permanent). */
  async fail(imageId: string, reason: string, retryAt?: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO smartcrop_image_analysis AS a (image_id, state, reason, attempts, next_attempt_at)
       VALUES ($1, $3, $2, 1, COALESCE($4, now()))
       ON CONFLICT (image_id) DO UPDATE
          SET state = $3, reason = $2, lease_until = NULL, next_attempt_at = COALESCE($4, a.next_attempt_at),
              updated_at = now()`,
      [imageId, reason.slice(0, 500), retryAt ? 'pending' : 'failed', retryAt ?? null],
    );
  }

  /** Images analysed by an older engine (or failed), queued again; returns how many. */
  async queueStale(engineVersion: number): Promise<number> {
    const [, count]: [unknown[], number] = await this.db.query(
      `UPDATE smartcrop_image_analysis a
          SET state = 'pending', attempts = 0, next_attempt_at = now(), reason = NULL, updated_at = now()
         FROM smartcrop_programimage p
        WHERE p.id = a.image_id AND p.status IN (1, 2)
          AND ((a.state = 'done' AND a.engine_version IS DISTINCT FROM $1) OR a.state = 'failed')
       RETURNING a.image_id`,
      [engineVersion],
    );
    return count;
  }

  /** The image's source URL, or undefined for an unknown image. */
  async source(imageId: number): Promise<{ id: string; image_url: string } | undefined> {
    const rows: { id: string; image_url: string }[] = await this.db.query(
      'SELECT id::text, image_url FROM smartcrop_programimage WHERE id = $1',
      [imageId],
    );
    return rows[0];
  }

  /** The analysis state row of an image, if it has one. */
  async stateOf(imageId: string | number): Promise<AnalysisRow | undefined> {
    const rows: AnalysisRow[] = await this.db.query(
      `SELECT image_id, state, reason, attempts, source_width, source_height, source_format, source_bytes::text,
              engine_version, analysed_at
         FROM smartcrop_image_analysis WHERE image_id = $1`,
      [imageId],
    );
    return rows[0];
  }

  async states(imageIds: (string | number)[]): Promise<Map<string, AnalysisRow>> {
    if (imageIds.length === 0) return new Map();
    const rows: AnalysisRow[] = await this.db.query(
      `SELECT image_id::text, state, reason, attempts, source_width, source_height, source_format,
              source_bytes::text, engine_version, analysed_at
         FROM smartcrop_image_analysis WHERE image_id = ANY($1::bigint[])`,
      [imageIds],
    );
    return new Map(rows.map((r) => [String(r.image_id), r]));
  }

  async suggestions(imageIds: (string | number)[]): Promise<SuggestionRow[]> {
    if (imageIds.length === 0) return [];
    return this.db.query(
      `SELECT image_id::text, aspectratioid, x, y, width, height, score, method, engine_version, computed_at
         FROM smartcrop_crop_suggestion WHERE image_id = ANY($1::bigint[]) ORDER BY image_id, aspectratioid`,
      [imageIds],
    );
  }
}
