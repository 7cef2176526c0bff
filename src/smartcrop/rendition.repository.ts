import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PreparedStatements } from '../infra/database/prepared-statements.js';
import type { RenditionRow } from './image.mapper.js';
import { INSERT_AUDIT } from '../infra/database/audit-sql.js';

export interface RenditionWrite {
  programId: number;
  imageId: number;
  aspectRatioId: number;
  x: number;
  y: number;
  width: number;
  height: number;
  outputWidth: number | null;
  outputHeight: number | null;
  imageTypeId: number | null;
  languageId: number | null;
  storageKey: string;
  publicUrl: string;
  contentType: string;
  byteSize: number;
}

type Queryable = Pick<EntityManager, 'query'>;

/** A save renews the lock's activity at most this often: the lock TTL is minutes, this is seconds. */
export const TOUCH_EVERY_SECONDS = 30;

/** RenditionRepository.saveHeld's statement, named for preparing. */
const SAVE_HELD = {
  name: 'smartcrop_save_held',
  text: `WITH held AS (
         SELECT id, link_object_id, status, current_state FROM smartcrop_programimage
          WHERE id = $1 AND locked_by = $2 AND current_state = 1
          FOR UPDATE
       ), touched AS (
         UPDATE smartcrop_programimage p SET last_activity_at = now()
           FROM held h WHERE p.id = h.id AND p.last_activity_at < now() - interval '${TOUCH_EVERY_SECONDS} seconds'
       ), r AS (
         SELECT * FROM jsonb_to_recordset($3::jsonb) AS r(
              "programId" bigint, "aspectRatioId" int, "imageId" bigint, x int, y int, width int, height int,
              "outputWidth" int, "outputHeight" int, "imageTypeId" int, "languageId" int, "storageKey" text,
              "publicUrl" text, "contentType" text, "byteSize" int)
       ), before AS (
         SELECT a.storage_key FROM smartcrop_aspectratioimages a
           JOIN r ON a.programid = r."programId" AND a.imageid = r."imageId" AND a.aspectratioid = r."aspectRatioId"
          WHERE EXISTS (SELECT 1 FROM held)
          FOR UPDATE OF a
       ), up AS (
         INSERT INTO smartcrop_aspectratioimages
           (programid, aspectratioid, imageid, x, y, width, height, output_width, output_height, image_type_id,
            language_id, storage_key, public_url, content_type, byte_size, created_by, updated_by)
         SELECT r."programId", r."aspectRatioId", r."imageId", r.x, r.y, r.width, r.height, r."outputWidth",
                r."outputHeight", r."imageTypeId", r."languageId", r."storageKey", r."publicUrl", r."contentType",
                r."byteSize", $2, $2
           FROM r WHERE EXISTS (SELECT 1 FROM held) AND (SELECT count(*) FROM before) >= 0
         ON CONFLICT (programid, aspectratioid, imageid) DO UPDATE SET
           x = EXCLUDED.x, y = EXCLUDED.y, width = EXCLUDED.width, height = EXCLUDED.height,
           output_width = EXCLUDED.output_width, output_height = EXCLUDED.output_height,
           image_type_id = EXCLUDED.image_type_id, language_id = EXCLUDED.language_id,
           storage_key = EXCLUDED.storage_key, public_url = EXCLUDED.public_url,
           content_type = EXCLUDED.content_type, byte_size = EXCLUDED.byte_size,
           updated_by = EXCLUDED.updated_by, updated_at = now()
         RETURNING imageid, aspectratioid, x, y, width, height, output_width, output_height, image_type_id,
                   language_id, storage_key, public_url, content_type, byte_size
       ), audit AS (
         INSERT INTO programimage_audit (image_id, program_id, action, from_status, to_status, from_state, to_state, user_id, details)
         SELECT id, link_object_id, 'save_crops', status, status, current_state, current_state, $2, $4::jsonb FROM held
       ), written AS (
         SELECT * FROM up
         UNION ALL
         SELECT a.imageid, a.aspectratioid, a.x, a.y, a.width, a.height, a.output_width, a.output_height,
                a.image_type_id, a.language_id, a.storage_key, a.public_url, a.content_type, a.byte_size
           FROM smartcrop_aspectratioimages a
          WHERE a.imageid = $1 AND EXISTS (SELECT 1 FROM held)
            AND a.aspectratioid NOT IN (SELECT "aspectRatioId" FROM r)
       )
       SELECT h.held, (SELECT json_agg(storage_key) FROM before) AS replaced,
              w.imageid, w.aspectratioid, ar.title AS aspect_ratio, w.x, w.y, w.width, w.height, w.output_width,
              w.output_height, w.image_type_id, t.title AS image_type, w.language_id, l.title AS language,
              w.storage_key, w.public_url, w.content_type, w.byte_size
         FROM (SELECT count(*)::int AS held FROM held) h
         LEFT JOIN written w ON true
         LEFT JOIN smartcrop_aspectratio_lookup ar ON ar.id = w.aspectratioid
         LEFT JOIN smartcrop_imagetype_lookup t ON t.id = w.image_type_id
         LEFT JOIN smartcrop_imagelanguage_lookup l ON l.id = w.language_id
        ORDER BY w.aspectratioid`,
};

/** Aspect-ratio renditions (smartcrop_aspectratioimages) with their lookup titles. */
@Injectable()
export class RenditionRepository {
  constructor(
    private readonly db: DataSource,
    private readonly prepared: PreparedStatements,
  ) {
    // image 0 of user 0 is held by no one: nothing is written
    prepared.warm(SAVE_HELD, [0, 0, '[]', '{}']);
  }

  forImages(imageIds: (number | string)[], q: Queryable = this.db): Promise<RenditionRow[]> {
    return q.query(
      `SELECT a.imageid, a.aspectratioid, ar.title AS aspect_ratio, a.x, a.y, a.width, a.height,
              a.output_width, a.output_height, a.image_type_id, t.title AS image_type,
              a.language_id, l.title AS language, a.storage_key, a.public_url, a.content_type, a.byte_size
         FROM smartcrop_aspectratioimages a
         JOIN smartcrop_aspectratio_lookup ar ON ar.id = a.aspectratioid
         LEFT JOIN smartcrop_imagetype_lookup t ON t.id = a.image_type_id
         LEFT JOIN smartcrop_imagelanguage_lookup l ON l.id = a.language_id
        WHERE a.imageid = ANY($1::bigint[])
        ORDER BY a.imageid, a.aspectratioid`,
      [imageIds.map(String)],
    );
  }

  /**
   * The storage keys the rows about to be written point at now, row-locked until the caller's
   * transaction ends, keyed `imageId/aspectRatioId`: what the write replaces, read where it is written.
   */
  async lockKeys(
    m: Queryable,
    rows: Pick<RenditionWrite, 'programId' | 'imageId' | 'aspectRatioId'>[],
  ): Promise<Map<string, string>> {
    if (rows.length === 0) return new Map();
    const found: { imageid: string; aspectratioid: number; storage_key: string }[] = await m.query(
      `SELECT a.imageid, a.aspectratioid, a.storage_key
         FROM smartcrop_aspectratioimages a
         JOIN jsonb_to_recordset($1::jsonb) AS r("programId" bigint, "imageId" bigint, "aspectRatioId" int)
           ON a.programid = r."programId" AND a.imageid = r."imageId" AND a.aspectratioid = r."aspectRatioId"
          FOR UPDATE OF a`,
      [
        JSON.stringify(
          rows.map((r) => ({ programId: r.programId, imageId: r.imageId, aspectRatioId: r.aspectRatioId })),
        ),
      ],
    );
    return new Map(found.map((f) => [`${f.imageid}/${f.aspectratioid}`, f.storage_key]));
  }

  /** Inserts or replaces renditions by (programid, aspectratioid, imageid), in the caller's transaction. */
  async upsert(m: Queryable, rows: RenditionWrite[], userId: number | null): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO smartcrop_aspectratioimages
         (programid, aspectratioid, imageid, x, y, width, height, output_width, output_height, image_type_id,
          language_id, storage_key, public_url, content_type, byte_size, created_by, updated_by)
       SELECT r."programId", r."aspectRatioId", r."imageId", r.x, r.y, r.width, r.height, r."outputWidth",
              r."outputHeight", r."imageTypeId", r."languageId", r."storageKey", r."publicUrl", r."contentType",
              r."byteSize", $2, $2
         FROM jsonb_to_recordset($1::jsonb) AS r(
              "programId" bigint, "aspectRatioId" int, "imageId" bigint, x int, y int, width int, height int,
              "outputWidth" int, "outputHeight" int, "imageTypeId" int, "languageId" int, "storageKey" text,
              "publicUrl" text, "contentType" text, "byteSize" int)
       ON CONFLICT (programid, aspectratioid, imageid) DO UPDATE SET
         x = EXCLUDED.x, y = EXCLUDED.y, width = EXCLUDED.width, height = EXCLUDED.height,
         output_width = EXCLUDED.output_width, output_height = EXCLUDED.output_height,
         image_type_id = EXCLUDED.image_type_id, language_id = EXCLUDED.language_id,
         storage_key = EXCLUDED.storage_key, public_url = EXCLUDED.public_url,
         content_type = EXCLUDED.content_type, byte_size = EXCLUDED.byte_size,
         updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [JSON.stringify(rows), userId],
    );
  }

  /**
   * A save of fresh objects in one statement (one round trip, one transaction without a caller's):
   * row-locks the caller's image, as `ImageRepository.touch` does in the transactional path, and renews
   * its lock activity when that is older than TOUCH_EVERY_SECONDS (a new row version of the image, its
   * indexes and the counter trigger's work, saved on back-to-back saves); reads and row-locks the keys the rows point at now (`before`, complete before the
   * upsert starts: the upsert waits on its count); upserts the rows; writes the 'save_crops' audit row;
   * and returns every rendition of the image as written, with lookup titles, instead of re-reading them.
   * Nothing is written when the caller no longer holds the image (`held` false). Every writer of an
   * image's renditions first updates the image row, so saves of one image run one after the other; a
   * rendition row another save of the same owner inserted after this statement's snapshot is replaced
   * without its key being returned, which leaves an orphaned object, never a row without one.
   */
  async saveHeld(
    q: Queryable,
    imageId: number,
    userId: number,
    rows: RenditionWrite[],
    details: Record<string, unknown>,
  ): Promise<{ held: boolean; replaced: string[]; renditions: RenditionRow[] }> {
    const values = [imageId, userId, JSON.stringify(rows), JSON.stringify(details)];
    // outside a transaction (a save without a Status) it runs prepared: its parse and plan were a large
    // share of PostgreSQL's CPU per save (bench/save.bench.ts); inside, on the transaction
    const out: (RenditionRow & { held: number; replaced: string[] | null })[] =
      q === this.db ? await this.prepared.query(SAVE_HELD, values) : await q.query(SAVE_HELD.text, values);
    const held = out[0]?.held > 0;
    return {
      held,
      replaced: out[0]?.replaced ?? [],
      renditions: held ? out.map(({ held: _h, replaced: _r, ...row }) => row) : [],
    };
  }

  /** Deletes one rendition; returns its storage key, or undefined when there was none. */
  async deleteOne(
    m: Queryable,
    programId: number,
    imageId: number,
    aspectRatioId: number,
  ): Promise<string | undefined> {
    const rows: { storage_key: string }[] = await m.query(
      // wrapped in a SELECT: TypeORM returns [rows, count] for a top-level DELETE
      `WITH gone AS (
         DELETE FROM smartcrop_aspectratioimages WHERE programid = $1 AND imageid = $2 AND aspectratioid = $3
         RETURNING storage_key
       )
       SELECT storage_key FROM gone`,
      [programId, imageId, aspectRatioId],
    );
    return rows[0]?.storage_key;
  }

  /** One audit row per image for rendition edits ('save_crops', 'qa_edit', 'delete_crop'). */
  async audit(
    m: Queryable,
    action: 'save_crops' | 'qa_edit' | 'delete_crop',
    imageId: number,
    userId: number,
    details: Record<string, unknown>,
  ): Promise<void> {
    await m.query(
      `${INSERT_AUDIT}
       SELECT id, link_object_id, $2, status, status, current_state, current_state, $3, $4::jsonb
         FROM smartcrop_programimage WHERE id = $1`,
      [imageId, action, userId, JSON.stringify(details)],
    );
  }
}
