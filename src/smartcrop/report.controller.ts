import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEnvelopeArray, ApiFile, ApiPaged } from '../common/api-docs.js';
import { fileDownload } from '../common/file-download.js';
import type { Response } from 'express';
import type { Page } from '../common/response.js';
import {
  OperatorProductivityRowDto,
  ProductivityFilterQuery,
  ProductivityPageQuery,
} from './productivity.dto.js';
import { ProductivityService } from './productivity.service.js';
import { ReportFilterQuery, ReportPageQuery, ReportRowDto } from './report.dto.js';
import { ReportService } from './report.service.js';
import { XLSX_CONTENT_TYPE } from './report.workbook.js';
import { SuggestionAcceptanceRowDto } from './suggest/acceptance.dto.js';
import { SuggestionAcceptanceService } from './suggest/acceptance.service.js';

@ApiTags('report')
@Controller('report')
export class ReportController {
  constructor(
    private readonly reports: ReportService,
    private readonly productivity: ProductivityService,
    private readonly acceptance: SuggestionAcceptanceService,
  ) {}

  @Get('SuggestionAcceptance')
  @ApiOperation({
    summary:
      'How often saved renditions equal the suggested crop, moved it or replaced it, per provider and aspect ratio ' +
      '(auto-cropped renditions counted apart). Same dates as CroppedImageReport (UTC, default the last 7 days).',
  })
  @ApiEnvelopeArray(SuggestionAcceptanceRowDto)
  suggestionAcceptance(@Query() q: ReportFilterQuery): Promise<SuggestionAcceptanceRowDto[]> {
    return this.acceptance.rows(this.reports.resolveFilter(q));
  }

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
    return this.reports.download(q, fileDownload(res));
  }

  @Get('OperatorProductivity')
  @ApiOperation({
    summary:
      'Per user: programmes and images handed over at the Operator stage, median and 90th percentile time from lock ' +
      'to hand-over, what QA made of that work (send-back and approval rates), and their own QA reviews; paged ' +
      '(pageNumber, pageSize ≤ 500), busiest first. Same dates as CroppedImageReport (UTC, default the last 7 days).',
  })
  @ApiPaged(OperatorProductivityRowDto)
  operatorProductivity(@Query() q: ProductivityPageQuery): Promise<Page<OperatorProductivityRowDto>> {
    return this.productivity.page(q);
  }

  @Get('OperatorProductivityDownLoad')
  @ApiOperation({
    summary:
      'The same rows, all of them, as an .xlsx attachment, streamed. Bad filters answer 400 in the JSON envelope before any byte of the file.',
  })
  @ApiFile(XLSX_CONTENT_TYPE, 'The workbook, as the attachment OperatorProductivity_<from>_<to>.xlsx')
  operatorProductivityDownLoad(@Query() q: ProductivityFilterQuery, @Res() res: Response): Promise<void> {
    return this.productivity.download(q, fileDownload(res));
  }
}
