import { Injectable } from '@nestjs/common';
import type { Page } from '../common/response.js';
import type { ProviderListQuery, ProviderTotalsDto, TotalsDto } from './dashboard.dto.js';
import { DashboardRepository } from './dashboard.repository.js';

/** The desk's counts: no rule of their own yet, read as the repository gives them. */
@Injectable()
export class DashboardService {
  constructor(private readonly dashboard: DashboardRepository) {}

  totals(): Promise<TotalsDto> {
    return this.dashboard.totals();
  }

  providers(q: ProviderListQuery): Promise<Page<ProviderTotalsDto>> {
    return this.dashboard.providers(q);
  }
}
