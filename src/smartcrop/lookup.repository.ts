import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { query } from '../infra/database/query.js';
import type { AspectRatioItem, LookupItem, RejectReasonItem } from './lookup.dto.js';

/** The four seeded reference tables, read in id order, and the ids a save checks its crops against. */
@Injectable()
export class LookupRepository {
  constructor(private readonly db: DataSource) {}

  imageTypes(): Promise<LookupItem[]> {
    return this.db.query('SELECT id AS "Id", title AS "Title" FROM smartcrop_imagetype_lookup ORDER BY id');
  }

  languages(): Promise<LookupItem[]> {
    return this.db.query(
      'SELECT id AS "Id", title AS "Title" FROM smartcrop_imagelanguage_lookup ORDER BY id',
    );
  }

  rejectReasons(): Promise<RejectReasonItem[]> {
    return this.db.query(
      'SELECT id AS "Id", reason AS "Reason" FROM smartcrop_rejectreason_lookup ORDER BY id',
    );
  }

  aspectRatios(): Promise<AspectRatioItem[]> {
    return this.db.query(
      `SELECT id AS "Id", title AS "Title", width AS "Width", height AS "Height", min_width AS "MinWidth",
              min_height AS "MinHeight"
         FROM smartcrop_aspectratio_lookup ORDER BY id`,
    );
  }

  /** Every id of the three tables a crop names, tagged a(spect ratio), i(mage type), l(anguage). */
  referenceIds(): Promise<{ t: 'a' | 'i' | 'l'; id: number }[]> {
    return query(
      this.db,
      `SELECT 'a' AS t, id FROM smartcrop_aspectratio_lookup
       UNION ALL SELECT 'i', id FROM smartcrop_imagetype_lookup
       UNION ALL SELECT 'l', id FROM smartcrop_imagelanguage_lookup`,
    );
  }

  /** The ratio as it is now, or undefined for an unknown id. */
  async setMinimum(id: number, minWidth: number, minHeight: number): Promise<AspectRatioItem | undefined> {
    const [rows]: [AspectRatioItem[], number] = await this.db.query(
      `UPDATE smartcrop_aspectratio_lookup SET min_width = $2, min_height = $3 WHERE id = $1
       RETURNING id AS "Id", title AS "Title", width AS "Width", height AS "Height", min_width AS "MinWidth",
                 min_height AS "MinHeight"`,
      [id, minWidth, minHeight],
    );
    return rows[0];
  }
}
