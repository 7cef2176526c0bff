import { ApiProperty, IntersectionType, PickType } from '@nestjs/swagger';
import { int32, int64 } from '../common/api-docs.js';
import { PageQuery } from '../common/paging.dto.js';
import { ReportFilterQuery } from './report.dto.js';

/** fromDate, toDate (UTC, toDate a whole day inclusive) and providerName, as for the activity report. */
export class ProductivityFilterQuery extends PickType(ReportFilterQuery, [
  'fromDate',
  'toDate',
  'providerName',
] as const) {}

export class ProductivityPageQuery extends IntersectionType(ProductivityFilterQuery, PageQuery) {}

const seconds = (what: string) => ({
  example: 95.5,
  nullable: true,
  type: 'number' as const,
  format: 'double',
  description: `${what}, in seconds, from the latest lock of that image by the user (a claim, or QA's send-back locking it to them) to the hand-over; null when none could be timed`,
});
const rate = (what: string) => ({
  example: 0.12,
  nullable: true,
  type: 'number' as const,
  format: 'double',
  description: `${what} (0 to 1); null while QA has decided on none of their work`,
});

/**
 * One user's work in the range, from the audit table. A hand-over is an Operator-stage image the user
 * moved on (operator_done, or reject at stage 1); a review is a QA-stage decision (qa_approve,
 * qa_send_back, reject at stage 2). A programme handed over twice (after a send-back) counts twice.
 * The service's auto-crop has a row of its own, first (UserId null, UserName `auto-crop`): its hand-overs
 * are the images it cropped and moved on, untimed (it takes no lock), and never an operator's.
 */
export class OperatorProductivityRowDto {
  @ApiProperty({ ...int32, example: 7, nullable: true, description: 'null on the auto-crop row' })
  UserId!: number | null;
  @ApiProperty({ example: 'op@desk.tv', nullable: true, type: String }) UserEmail!: string | null;
  @ApiProperty({
    example: 'Ada Lovelace',
    nullable: true,
    type: String,
    description: '`auto-crop` on its row',
  })
  UserName!: string | null;
  @ApiProperty({ example: 'Operator', nullable: true, type: String }) Role!: string | null;
  @ApiProperty({ ...int64, example: 120, description: 'Distinct programmes among their hand-overs' })
  ProgrammesFinished!: number;
  @ApiProperty({ ...int64, example: 410, description: 'Images they handed over at the Operator stage' })
  ImagesFinished!: number;
  @ApiProperty(seconds('Median time of their hand-overs')) MedianLockToHandOverSeconds!: number | null;
  @ApiProperty(seconds('90th percentile of the same')) P90LockToHandOverSeconds!: number | null;
  @ApiProperty({
    ...int64,
    example: 380,
    description: 'Hand-overs that went to QA (the rest were not sampled)',
  })
  ImagesSentToQA!: number;
  @ApiProperty({
    ...int64,
    example: 350,
    description: 'Of those, how many QA has decided on (at any time since)',
  })
  ImagesReviewedByQA!: number;
  @ApiProperty({ ...int64, example: 42, description: 'Decided by QA as: sent back to the Operator stage' })
  ImagesSentBack!: number;
  @ApiProperty({ ...int64, example: 300, description: 'Decided by QA as: approved' })
  ImagesApprovedByQA!: number;
  @ApiProperty(rate('ImagesSentBack / ImagesReviewedByQA')) SendBackRate!: number | null;
  @ApiProperty(rate('ImagesApprovedByQA / ImagesReviewedByQA')) QAApprovalRate!: number | null;
  @ApiProperty({ ...int64, example: 0, description: 'Distinct programmes among their QA reviews' })
  ProgrammesReviewed!: number;
  @ApiProperty({ ...int64, example: 0, description: 'Images they decided on at the QA stage' })
  ImagesReviewed!: number;
  @ApiProperty({ ...int64, example: 0, description: 'Of their reviews: approvals' }) ReviewsApproved!: number;
  @ApiProperty({ ...int64, example: 0, description: 'Of their reviews: send-backs' })
  ReviewsSentBack!: number;
  @ApiProperty(seconds('Median time of their reviews')) MedianLockToReviewSeconds!: number | null;
  @ApiProperty(seconds('90th percentile of the same')) P90LockToReviewSeconds!: number | null;
}
