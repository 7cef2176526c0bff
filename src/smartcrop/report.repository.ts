import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toPage, type Page } from '../common/response.js';
import type { ReportFilter, ReportRowDto } from './report.dto.js';
import { query } from '../infra/database/query.js';

const COLUMNS = `audit_id::float8 AS "AuditId", created_at AS "CreatedAt", user_id AS "UserId", user_email AS "UserEmail",
  user_name AS "UserName", action AS "Action", image_id::float8 AS "ImageId", program_id::float8 AS "ProgramId",
  provider_name AS "ProviderName", program_title AS "ProgramTitle", from_status AS "FromStatus", to_status AS "ToStatus",
  renditions AS "Renditions"`;
const FROM = `FROM fncroppedimagereports($1, $2, $3, $4) ORDER BY created_at, audit_id`;
const FETCH_SIZE = 2000;

/** The activity report, read from fncroppedimagereports(...) in a stable order (created_at, audit id). */
@Injectable()
export class ReportRepository {
  constructor(private readonly db: DataSource) {}

  private params(f: ReportFilter): unknown[] {
    return [f.from, f.to, f.provider, f.user];
  }

  /** The page and the total from the same statement, so they always agree. */
  async page(f: ReportFilter, pageNumber: number, pageSize: number): Promise<Page<ReportRowDto>> {
    const rows: (ReportRowDto & { full_count: number })[] = await this.db.query(
      `SELECT ${COLUMNS}, count(*) OVER ()::int AS full_count ${FROM} LIMIT $5 OFFSET $6`,
      [...this.params(f), pageSize, (pageNumber - 1) * pageSize],
    );
    let total = rows[0]?.full_count ?? 0;
    if (rows.length === 0 && pageNumber > 1) {
      const count: { n: number }[] = await this.db.query(
        `SELECT count(*)::int AS n FROM fncroppedimagereports($1, $2, $3, $4)`,
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
   * Every row, in batches, through a server-side cursor on one dedicated connection: memory stays flat
   * whatever the row count. When the client goes away (`signal` aborts) the loop stops and the transaction
   * ends, which closes the cursor and ends the query.
   */
  async *stream(f: ReportFilter, signal: AbortSignal): AsyncGenerator<ReportRowDto[]> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('BEGIN READ ONLY');
      await runner.query(
        `DECLARE report_cursor NO SCROLL CURSOR FOR SELECT ${COLUMNS} ${FROM}`,
        this.params(f),
      );
      const fetch = () => query<ReportRowDto>(runner, `FETCH ${FETCH_SIZE} FROM report_cursor`);
      // the next batch is fetched while the caller writes this one, so the database and the writer overlap
      let next: Promise<ReportRowDto[]> | undefined = fetch();
      while (next && !signal.aborted) {
        const rows: ReportRowDto[] = await next;
        next = rows.length === FETCH_SIZE ? fetch() : undefined;
        if (rows.length > 0) yield rows;
      }
      await next?.catch(() => undefined);
    } finally {
      await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  }
}
