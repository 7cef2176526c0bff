import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { query } from '../../infra/database/query.js';
import type { ReportFilter } from '../report.dto.js';

export interface AcceptanceRow {
  provider: string;
  ratio: number;
  title: string;
  saved: number;
  equal: number;
  moved: number;
  replaced: number;
  none: number;
  auto: number;
}

/**
 * Acceptance of suggestions per provider and aspect ratio, from the audit rows of saves and QA edits:
 * each records, per rendition, whether it equals the suggestion, moved it or replaced it.
 */
@Injectable()
export class SuggestionAcceptanceRepository {
  constructor(private readonly db: DataSource) {}

  rows(f: ReportFilter): Promise<AcceptanceRow[]> {
    return query<AcceptanceRow>(
      this.db,
      `SELECT p.provider_name AS provider, o.key::int AS ratio, ar.title,
              count(*)::int AS saved,
              count(*) FILTER (WHERE o.value = 'equal')::int AS equal,
              count(*) FILTER (WHERE o.value = 'moved')::int AS moved,
              count(*) FILTER (WHERE o.value = 'replaced')::int AS replaced,
              count(*) FILTER (WHERE o.value = 'none')::int AS none,
              count(*) FILTER (WHERE a.action = 'auto_crop')::int AS auto
         FROM programimage_audit a
         JOIN smartcrop_programimage p ON p.id = a.image_id
         CROSS JOIN LATERAL jsonb_each_text(a.details -> 'suggestions') o
         JOIN smartcrop_aspectratio_lookup ar ON ar.id = o.key::int
        WHERE a.action IN ('save_crops', 'qa_edit', 'auto_crop')
          AND a.created_at >= $1 AND a.created_at < $2
          AND ($3::text IS NULL OR p.provider_name = $3)
          AND jsonb_typeof(a.details -> 'suggestions') = 'object'
        GROUP BY 1, 2, 3
        ORDER BY 1, 2`,
      [f.from, f.to, f.provider],
    );
  }
}
