import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiFile, ApiPaged } from '../common/api-docs.js';
import type { Response } from 'express';
import type { Page } from '../common/response.js';
import { ReportFilterQuery, ReportPageQuery, ReportRowDto } from './report.dto.js';
import { ReportService } from './report.service.js';
import { XLSX_CONTENT_TYPE } from './report.workbook.js';

@ApiTags('report')
@Controller('report')
export class ReportController {
  constructor(private readonly reports: ReportService) {}

  @Get('CroppedImageReport')
  @ApiOperation({
    summary:
      'Who did what to which image, when, with the resulting status; paged (pageNumber, pageSize ≤ 500). Dates are UTC ' +
      '(default: the last 7 days; at most 366 days; toDate is inclusive).',
  })
  @ApiPaged(ReportRowDto)
  croppedImageReport(@Query() q: ReportPageQuery): Promise<Page<ReportRowDto>> {
    return this.reports.page(q);
  }

  @Get('CroppedImageReportDownLoad')
  @ApiOperation({
    summary:
      'The same rows, all of them, as an .xlsx attachment (bold frozen header, auto-filter, typed cells), streamed. Bad filters answer 400 in the JSON envelope before any byte of the file.',
  })
  @ApiFile(XLSX_CONTENT_TYPE, 'The workbook, as the attachment CroppedImageReport_<from>_<to>.xlsx')
  croppedImageReportDownLoad(@Query() q: ReportFilterQuery, @Res() res: Response): Promise<void> {
    return this.reports.download(q, res);
  }
}
