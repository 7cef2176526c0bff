import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { RenditionRow } from './image.mapper.js';

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

/** Aspect-ratio renditions (smartcrop_aspectratioimages) with their lookup titles. */
@Injectable()
export class RenditionRepository {
  constructor(private readonly db: DataSource) {}

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

  async aspectRatioIds(): Promise<Set<number>> {
    const rows: { id: number }[] = await this.db.query('SELECT id FROM smartcrop_aspectratio_lookup');
    return new Set(rows.map((r) => r.id));
  }

  /** Which of these image-type / language ids do not exist (a 400 rather than a foreign-key 500). */
  async unknownLookups(typeIds: number[], languageIds: number[]): Promise<string[]> {
    const rows: { what: string }[] = await this.db.query(
      `SELECT 'ImageTypeId ' || x AS what FROM unnest($1::int[]) x
        WHERE NOT EXISTS (SELECT 1 FROM smartcrop_imagetype_lookup t WHERE t.id = x)
       UNION ALL
       SELECT 'LanguageId ' || x FROM unnest($2::int[]) x
        WHERE NOT EXISTS (SELECT 1 FROM smartcrop_imagelanguage_lookup l WHERE l.id = x)`,
      [typeIds, languageIds],
    );
    return rows.map((r) => r.what);
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
      `INSERT INTO programimage_audit (image_id, program_id, action, from_status, to_status, from_state, to_state, user_id, details)
       SELECT id, link_object_id, $2, status, status, current_state, current_state, $3, $4::jsonb
         FROM smartcrop_programimage WHERE id = $1`,
      [imageId, action, userId, JSON.stringify(details)],
    );
  }
}
