import { Injectable } from '@nestjs/common';
import type { ReportFilter } from '../report.dto.js';
import type { SuggestionAcceptanceRowDto } from './acceptance.dto.js';
import { SuggestionAcceptanceRepository } from './acceptance.repository.js';

/** GET /report/SuggestionAcceptance: the audit's suggestion outcomes as counts and a rate per ratio. */
@Injectable()
export class SuggestionAcceptanceService {
  constructor(private readonly acceptance: SuggestionAcceptanceRepository) {}

  async rows(f: ReportFilter): Promise<SuggestionAcceptanceRowDto[]> {
    const rows = await this.acceptance.rows(f);
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
