import { BadRequestException, Injectable } from '@nestjs/common';
import type { FileDownload } from '../common/file-download.js';
import type { Page } from '../common/response.js';
import {
  MAX_REPORT_DAYS,
  type ReportFilter,
  type ReportFilterQuery,
  type ReportPageQuery,
  type ReportRowDto,
} from './report.dto.js';
import { ReportRepository } from './report.repository.js';
import { ReportWorkbook, XLSX_CONTENT_TYPE } from './report.workbook.js';

const DAY = 86_400_000;

@Injectable()
export class ReportService {
  constructor(
    private readonly reports: ReportRepository,
    private readonly workbook: ReportWorkbook,
  ) {}

  /**
   * Dates are UTC. A toDate at midnight means that whole day; no fromDate means the 7 days up to toDate.
   * from must not be after to, and the span is capped so one request cannot scan years of audit rows.
   */
  resolveFilter(q: ReportFilterQuery, now = new Date()): ReportFilter {
    const toGiven = q.toDate ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const to = toGiven.getTime() % DAY === 0 ? new Date(toGiven.getTime() + DAY) : toGiven;
    const from = q.fromDate ?? new Date(to.getTime() - 7 * DAY);
    if (from.getTime() >= to.getTime()) throw new BadRequestException('fromDate must not be after toDate');
    if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * DAY) {
      throw new BadRequestException(`The date range may span at most ${MAX_REPORT_DAYS} days`);
    }
    return { from, to, provider: q.providerName ?? null, user: q.user ?? null };
  }

  page(q: ReportPageQuery): Promise<Page<ReportRowDto>> {
    return this.reports.page(this.resolveFilter(q), q.pageNumber, q.pageSize);
  }

  /** Streams the whole report as .xlsx into the download; validation errors are thrown before any byte is sent. */
  async download(q: ReportFilterQuery, out: FileDownload): Promise<void> {
    const filter = this.resolveFilter(q);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const lastDay = new Date(filter.to.getTime() - 1);
    out.attach(XLSX_CONTENT_TYPE, `CroppedImageReport_${day(filter.from)}_${day(lastDay)}.xlsx`);
    await this.workbook.write(out.body, this.reports.stream(filter, out.signal));
  }
}
