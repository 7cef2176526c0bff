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
      'SELECT id AS "Id", title AS "Title", width AS "Width", height AS "Height" FROM smartcrop_aspectratio_lookup ORDER BY id',
    );
  }
}
