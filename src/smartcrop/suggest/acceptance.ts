import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { int32 } from '../../common/api-docs.js';
import type { ReportFilter } from '../report.dto.js';

export class SuggestionAcceptanceRowDto {
  @ApiProperty({ example: 'PressSite' }) ProviderName!: string;
  @ApiProperty({ ...int32, example: 1 }) AspectRatioId!: number;
  @ApiProperty({ example: '16:9' }) AspectRatio!: string;
  @ApiProperty({ ...int32, example: 120, description: 'Renditions saved (Operator saves and QA edits)' })
  Saved!: number;
  @ApiProperty({ ...int32, example: 90, description: 'Saved exactly as suggested' }) Equal!: number;
  @ApiProperty({ ...int32, example: 20, description: 'The suggestion moved or resized (IoU ≥ 0.5)' })
  Moved!: number;
  @ApiProperty({ ...int32, example: 6, description: 'Something else drawn (IoU < 0.5)' }) Replaced!: number;
  @ApiProperty({ ...int32, example: 4, description: 'Saved while there was no suggestion' })
  NoSuggestion!: number;
  @ApiProperty({ ...int32, example: 12, description: 'Renditions cut by auto-crop' }) AutoCropped!: number;
  @ApiProperty({
    type: Number,
    format: 'double',
    nullable: true,
    example: 0.776,
    description: 'Equal / (Equal + Moved + Replaced); null when nothing was saved against a suggestion',
  })
  AcceptanceRate!: number | null;
}

/**
 * Acceptance of suggestions per provider and aspect ratio, from the audit rows of saves and QA edits:
 * each records, per rendition, whether it equals the suggestion, moved it or replaced it.
 */
@Injectable()
export class SuggestionAcceptanceRepository {
  constructor(private readonly db: DataSource) {}

  async rows(f: ReportFilter): Promise<SuggestionAcceptanceRowDto[]> {
    const rows: {
      provider: string;
      ratio: number;
      title: string;
      saved: number;
      equal: number;
      moved: number;
      replaced: number;
      none: number;
      auto: number;
    }[] = await this.db.query(
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
    return rows.map((r) => {
      const judged = r.equal + r.moved + r.replaced;
      return {
        ProviderName: r.provider,
        AspectRatioId: r.ratio,
        AspectRatio: r.title,
        Saved: r.saved,
        Equal: r.equal,
        Moved: r.moved,
        Replaced: r.replaced,
        NoSuggestion: r.none,
        AutoCropped: r.auto,
        AcceptanceRate: judged ? Math.round((r.equal / judged) * 1000) / 1000 : null,
      };
    });
  }
}
