import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AspectRatioItem, LookupItem, RejectReasonItem } from './lookup.dto.js';

/** The four seeded reference tables, read in id order. */
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
