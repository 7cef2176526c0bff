import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth.decorators.js';
import type { Page } from '../common/response.js';
import { ProviderListQuery, ProviderTotalsDto, TotalsDto } from './dashboard.dto.js';
import { DashboardRepository } from './dashboard.repository.js';

@ApiTags('dashboard')
@Roles()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardRepository) {}

  @Get('Totals')
  @ApiOperation({ summary: 'How many images are at each stage, over all providers. Any signed-in user.' })
  @ApiOkResponse({ type: TotalsDto })
  totals(): Promise<TotalsDto> {
    return this.dashboard.totals();
  }

  @Get('ProviderList')
  @ApiOperation({
    summary:
      'Counts per provider, paged (pageNumber from 1, pageSize ≤ 500), sorted by sortBy. Any signed-in user.',
  })
  @ApiOkResponse({
    type: [ProviderTotalsDto],
    description: 'Inside the paged Data: { Items, PageNumber, PageSize, TotalRecords, TotalPages }',
  })
  providerList(@Query() q: ProviderListQuery): Promise<Page<ProviderTotalsDto>> {
    return this.dashboard.providers(q);
  }
}
