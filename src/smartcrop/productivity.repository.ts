import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toPage, type Page } from '../common/response.js';
import type { OperatorProductivityRowDto } from './productivity.dto.js';
import type { ReportFilter } from './report.dto.js';
import { query } from '../infra/database/query.js';

/**
 * Per user, and one row for the service's auto-crop (user_id NULL, listed first), from programimage_audit
 * (action names as written by image.repository.ts, claim.repository.ts and autocrop.repository.ts): the range is read through ix_audit_created (or scanned when it covers most of the
 * table), and each hand-over reads the few audit rows of its image once, through ix_audit_image, for both
 * its lock and QA's next decision (one probe instead of two: 25-30% less time at 300k hand-overs).
 * - `work`: hand-overs (stage 1: operator_done, reject; auto_crop, the system's, with no user) and reviews
 *   (stage 2: qa_approve, qa_send_back, reject) in [$1, $2), of provider $3 when given. An operator's row
 *   so never holds an auto-cropped image; their re-crop of one QA sent back is their own hand-over.
 * - `locked`: the latest lock of that image at that stage for that user before it: their own 'lock', or a
 *   send-back that locked it straight back to them (details.returnedTo). Auto-crop takes no lock: untimed.
 * - `decided`: for a hand-over sent to QA, QA's first decision on that image after it.
 * Percentiles are percentile_cont (interpolated), over the hand-overs that have a lock.
 */
const SQL = `
WITH work AS (
  SELECT a.id, a.image_id, a.program_id, a.user_id, a.action, a.from_status, a.to_status, a.created_at
    FROM programimage_audit a
   WHERE a.created_at >= $1 AND a.created_at < $2
     AND ((a.user_id IS NOT NULL
           AND (a.action IN ('operator_done', 'qa_approve', 'qa_send_back')
                OR (a.action = 'reject' AND a.from_status IN (1, 2))))
          OR (a.user_id IS NULL AND a.action = 'auto_crop'))
     AND ($3::text IS NULL OR EXISTS (
           SELECT 1 FROM smartcrop_programimage p WHERE p.id = a.image_id AND p.provider_name = $3))
), timed AS (
  SELECT w.*, extract(epoch FROM w.created_at - e.locked_at)::float8 AS secs, e.decision
    FROM work w
   CROSS JOIN LATERAL (
     SELECT (array_agg(l.created_at ORDER BY l.id DESC) FILTER (
               WHERE l.id < w.id AND l.to_status = w.from_status AND l.to_state = 1
                 AND ((l.action = 'lock' AND l.user_id = w.user_id)
                      OR (l.action = 'qa_send_back' AND l.details->>'returnedTo' = w.user_id::text))))[1] AS locked_at,
            (array_agg(l.action ORDER BY l.id) FILTER (
               WHERE w.action IN ('operator_done', 'auto_crop') AND w.to_status = 2 AND l.id > w.id AND l.from_status = 2
                 AND l.action IN ('qa_approve', 'qa_send_back', 'reject')))[1] AS decision
       FROM programimage_audit l WHERE l.image_id = w.image_id) e
), per_user AS (
  SELECT user_id,
         count(DISTINCT program_id) FILTER (WHERE from_status = 1) AS programmes_finished,
         count(*) FILTER (WHERE from_status = 1) AS images_finished,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) FILTER (WHERE from_status = 1) AS handover_p50,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY secs) FILTER (WHERE from_status = 1) AS handover_p90,
         count(*) FILTER (WHERE action IN ('operator_done', 'auto_crop') AND to_status = 2) AS sent_to_qa,
         count(decision) AS decided,
         count(*) FILTER (WHERE decision = 'qa_send_back') AS sent_back,
         count(*) FILTER (WHERE decision = 'qa_approve') AS approved,
         count(DISTINCT program_id) FILTER (WHERE from_status = 2) AS programmes_reviewed,
         count(*) FILTER (WHERE from_status = 2) AS images_reviewed,
         count(*) FILTER (WHERE from_status = 2 AND action = 'qa_approve') AS reviews_approved,
         count(*) FILTER (WHERE from_status = 2 AND action = 'qa_send_back') AS reviews_sent_back,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) FILTER (WHERE from_status = 2) AS review_p50,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY secs) FILTER (WHERE from_status = 2) AS review_p90
    FROM timed GROUP BY user_id
)
SELECT s.user_id AS "UserId", u.email AS "UserEmail",
       CASE WHEN s.user_id IS NULL THEN 'auto-crop' ELSE trim(u.first_name || ' ' || u.last_name) END AS "UserName",
       r.role AS "Role",
       s.programmes_finished::int AS "ProgrammesFinished", s.images_finished::int AS "ImagesFinished",
       s.handover_p50 AS "MedianLockToHandOverSeconds", s.handover_p90 AS "P90LockToHandOverSeconds",
       s.sent_to_qa::int AS "ImagesSentToQA", s.decided::int AS "ImagesReviewedByQA",
       s.sent_back::int AS "ImagesSentBack", s.approved::int AS "ImagesApprovedByQA",
       (s.sent_back::float8 / nullif(s.decided, 0)) AS "SendBackRate",
       (s.approved::float8 / nullif(s.decided, 0)) AS "QAApprovalRate",
       s.programmes_reviewed::int AS "ProgrammesReviewed", s.images_reviewed::int AS "ImagesReviewed",
       s.reviews_approved::int AS "ReviewsApproved", s.reviews_sent_back::int AS "ReviewsSentBack",
       s.review_p50 AS "MedianLockToReviewSeconds", s.review_p90 AS "P90LockToReviewSeconds"
  FROM per_user s
  LEFT JOIN smartcrop_user u ON u.id = s.user_id
  LEFT JOIN smartcrop_role r ON r.id = u.role_id
 ORDER BY s.user_id IS NULL DESC, s.images_finished DESC, s.images_reviewed DESC, s.user_id`;

const FETCH_SIZE = 500;

@Injectable()
export class ProductivityRepository {
  constructor(private readonly db: DataSource) {}

  private params(f: ReportFilter): unknown[] {
    return [f.from, f.to, f.provider];
  }

  /** The page and the number of users from the same statement. */
  async page(
    f: ReportFilter,
    pageNumber: number,
    pageSize: number,
  ): Promise<Page<OperatorProductivityRowDto>> {
    const rows: (OperatorProductivityRowDto & { full_count: number })[] = await this.db.query(
      `SELECT *, count(*) OVER ()::int AS full_count FROM (${SQL}) x LIMIT $4 OFFSET $5`,
      [...this.params(f), pageSize, (pageNumber - 1) * pageSize],
    );
    let total = rows[0]?.full_count ?? 0;
    if (rows.length === 0 && pageNumber > 1) {
      const count: { n: number }[] = await this.db.query(
        `SELECT count(*)::int AS n FROM (${SQL}) x`,
        this.params(f),
      );
      total = count[0].n;
    }
    return toPage(
      rows.map(({ full_count: _, ...row }) => row),
      total,
      pageNumber,
      pageSize,
    );
  }

  /**
   * Every row in batches through a server-side cursor, as the activity report streams (one row per
   * user, so few batches); stops when the client goes away.
   */
  async *stream(f: ReportFilter, signal: AbortSignal): AsyncGenerator<OperatorProductivityRowDto[]> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('BEGIN READ ONLY');
      await runner.query(`DECLARE productivity_cursor NO SCROLL CURSOR FOR ${SQL}`, this.params(f));
      while (!signal.aborted) {
        const rows = await query<OperatorProductivityRowDto>(
          runner,
          `FETCH ${FETCH_SIZE} FROM productivity_cursor`,
        );
        if (rows.length > 0) yield rows;
        if (rows.length < FETCH_SIZE) break;
      }
    } finally {
      await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  }
}
