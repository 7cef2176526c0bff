import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Page } from '../common/response.js';
import { ReportFilterQuery, ReportPageQuery, ReportRowDto } from './report.dto.js';
import { ReportService } from './report.service.js';

@ApiTags('report')
@Controller('report')
export class ReportController {
  constructor(private readonly reports: ReportService) {}

  @Get('CroppedImageReport')
  @ApiOperation({
    summary:
      'Who did what to which image, when, with the resulting status; paged (pageNumber, pageSize ≤ 500). Dates are UTC ' +
      '(default: the last 7 days; at most 366 days; toDate is inclusive). Admin.',
  })
  @ApiOkResponse({
    type: [ReportRowDto],
    description: 'Inside the paged Data: { Items, PageNumber, PageSize, TotalRecords, TotalPages }',
  })
  croppedImageReport(@Query() q: ReportPageQuery): Promise<Page<ReportRowDto>> {
    return this.reports.page(q);
  }

  @Get('CroppedImageReportDownLoad')
  @ApiOperation({
    summary:
      'The same rows, all of them, as an .xlsx attachment (bold frozen header, auto-filter, typed cells), streamed. Admin.',
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'CroppedImageReport_<from>_<to>.xlsx' })
  croppedImageReportDownLoad(@Query() q: ReportFilterQuery, @Res() res: Response): Promise<void> {
    return this.reports.download(q, res);
  }
}
