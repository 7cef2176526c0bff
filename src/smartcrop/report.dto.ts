import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { dateTime, int32, int64 } from '../common/api-docs.js';
import { Transform } from 'class-transformer';
import { IsDate, IsOptional, IsString, MaxLength } from 'class-validator';
import { OptionalIntQuery, PageQuery } from '../common/paging.dto.js';

export const MAX_REPORT_DAYS = 366;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * An ISO date or date-time from the query string, or an invalid Date (which @IsDate refuses) for
 * anything else, including a day the month does not have: `new Date('2026-02-30')` would read it as
 * 2 March, so the calendar date is checked as written.
 */
export function isoDate({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  const m = ISO_DATE.exec(value);
  const date = m ? new Date(value) : new Date(Number.NaN);
  if (m && !Number.isNaN(date.getTime())) {
    const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (day.getUTCMonth() !== Number(m[2]) - 1 || day.getUTCDate() !== Number(m[3]))
      return new Date(Number.NaN);
  }
  return date;
}

/** The activity report's filters; dates are ISO dates or date-times (UTC), toDate a whole day inclusive. */
export class ReportFilterQuery {
  @ApiPropertyOptional({
    type: String,
    format: 'date',
    example: '2026-11-01',
    description: 'From this date (UTC, inclusive). Default: 7 days before toDate.',
  })
  @IsOptional()
  @Transform(isoDate)
  @IsDate({ message: 'must be an ISO date such as 2026-11-01' })
  fromDate?: Date;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    example: '2026-11-25',
    description: 'To this date (UTC, inclusive of the whole day). Default: today.',
  })
  @IsOptional()
  @Transform(isoDate)
  @IsDate({ message: 'must be an ISO date such as 2026-11-25' })
  toDate?: Date;

  @ApiPropertyOptional({ example: 'PressSite' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  providerName?: string;

  @OptionalIntQuery({ description: 'Only actions by this user id', example: 7 })
  user?: number;
}

export class ReportPageQuery extends IntersectionType(ReportFilterQuery, PageQuery) {}

export class ReportRowDto {
  @ApiProperty({ ...int64, example: 9001 }) AuditId!: number;
  @ApiProperty({ ...dateTime, example: '2026-11-24T09:12:00.000Z' }) CreatedAt!: Date;
  @ApiProperty({ ...int32, example: 7, nullable: true }) UserId!: number | null;
  @ApiProperty({ example: 'op@desk.tv', nullable: true, type: String }) UserEmail!: string | null;
  @ApiProperty({ example: 'Ada Lovelace', nullable: true, type: String }) UserName!: string | null;
  @ApiProperty({ example: 'operator_done' }) Action!: string;
  @ApiProperty({ ...int64, example: 42 }) ImageId!: number;
  @ApiProperty({ ...int64, example: 123456 }) ProgramId!: number;
  @ApiProperty({ example: 'PressSite' }) ProviderName!: string;
  @ApiProperty({ example: 'The Late Show' }) ProgramTitle!: string;
  @ApiProperty({ ...int32, example: 1, nullable: true }) FromStatus!: number | null;
  @ApiProperty({ ...int32, example: 2, nullable: true }) ToStatus!: number | null;
  @ApiProperty({ ...int32, example: 5 }) Renditions!: number;
}

/** The resolved, validated filter handed to the repository. */
export interface ReportFilter {
  from: Date;
  to: Date;
  provider: string | null;
  user: number | null;
}
