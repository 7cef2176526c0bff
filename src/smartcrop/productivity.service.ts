import { Injectable } from '@nestjs/common';
import type { FileDownload } from '../common/file-download.js';
import type { Page } from '../common/response.js';
import type {
  OperatorProductivityRowDto,
  ProductivityFilterQuery,
  ProductivityPageQuery,
} from './productivity.dto.js';
import { ProductivityRepository } from './productivity.repository.js';
import { ReportService } from './report.service.js';
import { ReportWorkbook, type SheetColumn } from './report.workbook.js';

const n = (
  header: string,
  key: SheetColumn<OperatorProductivityRowDto>['key'],
  width = 12,
  numFmt = '0',
) => ({
  header,
  key,
  width,
  numFmt,
});

const COLUMNS: SheetColumn<OperatorProductivityRowDto>[] = [
  n('User Id', 'UserId', 9),
  { header: 'User E-mail', key: 'UserEmail', width: 28 },
  { header: 'User Name', key: 'UserName', width: 22 },
  { header: 'Role', key: 'Role', width: 10 },
  n('Programmes Finished', 'ProgrammesFinished'),
  n('Images Finished', 'ImagesFinished'),
  n('Median Lock to Hand-over (s)', 'MedianLockToHandOverSeconds', 14, '0.0'),
  n('P90 Lock to Hand-over (s)', 'P90LockToHandOverSeconds', 14, '0.0'),
  n('Images Sent to QA', 'ImagesSentToQA'),
  n('Images Reviewed by QA', 'ImagesReviewedByQA'),
  n('Images Sent Back', 'ImagesSentBack'),
  n('Images Approved by QA', 'ImagesApprovedByQA'),
  n('Send-back Rate', 'SendBackRate', 12, '0.0%'),
  n('QA Approval Rate', 'QAApprovalRate', 12, '0.0%'),
  n('Programmes Reviewed', 'ProgrammesReviewed'),
  n('Images Reviewed', 'ImagesReviewed'),
  n('Reviews Approved', 'ReviewsApproved'),
  n('Reviews Sent Back', 'ReviewsSentBack'),
  n('Median Lock to Review (s)', 'MedianLockToReviewSeconds', 14, '0.0'),
  n('P90 Lock to Review (s)', 'P90LockToReviewSeconds', 14, '0.0'),
];

/** Operator productivity: the activity report's date rules, one row per user, as JSON pages or .xlsx. */
@Injectable()
export class ProductivityService {
  constructor(
    private readonly repo: ProductivityRepository,
    private readonly reports: ReportService,
    private readonly workbook: ReportWorkbook,
  ) {}

  page(q: ProductivityPageQuery): Promise<Page<OperatorProductivityRowDto>> {
    return this.repo.page(this.reports.resolveFilter(q), q.pageNumber, q.pageSize);
  }

  /** Validation errors are thrown before any byte is sent. */
  async download(q: ProductivityFilterQuery, out: FileDownload): Promise<void> {
    const filter = this.reports.resolveFilter(q);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    out.attach(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      `OperatorProductivity_${day(filter.from)}_${day(new Date(filter.to.getTime() - 1))}.xlsx`,
    );
    await this.workbook.writeSheet(out.body, 'Productivity', COLUMNS, this.repo.stream(filter, out.signal));
  }
}
