import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEnvelope, ApiPaged } from '../common/api-docs.js';
import { Roles } from '../common/auth.decorators.js';
import type { Page } from '../common/response.js';
import { ProviderListQuery, ProviderTotalsDto, TotalsDto } from './dashboard.dto.js';
import { DashboardService } from './dashboard.service.js';

@ApiTags('dashboard')
@Roles()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('Totals')
  @ApiOperation({ summary: 'How many images are at each stage, over all providers.' })
  @ApiEnvelope(TotalsDto)
  totals(): Promise<TotalsDto> {
    return this.dashboard.totals();
  }

  @Get('ProviderList')
  @ApiOperation({
    summary: 'Counts per provider, paged (pageNumber from 1, pageSize ≤ 500), sorted by sortBy.',
  })
  @ApiPaged(ProviderTotalsDto)
  providerList(@Query() q: ProviderListQuery): Promise<Page<ProviderTotalsDto>> {
    return this.dashboard.providers(q);
  }
}
