import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { applyCdnSettings, cdnUrlSql } from '../infra/database/cdn-sql.js';
import { copyCsvToFile } from '../infra/database/copy-csv.js';
import { connectDedicated } from '../infra/database/dedicated-connection.js';

export const DUMP_KINDS = ['Programme', 'Aspect', 'Summary', 'Audit'] as const;
export type DumpKind = (typeof DUMP_KINDS)[number];

/**
 * Each file's statement, and its source-image URL columns (CDN-rewritten like every export's). COPY takes
 * no bind parameters, so the date range travels as a session setting set with one (see snapshot()).
 */
const DUMP_SELECTS: Record<DumpKind, { select: string; cdnColumns?: string[] }> = {
  Programme: { select: `SELECT * FROM vwprogramimage ORDER BY image_id`, cdnColumns: ['image_url'] },
  Aspect: {
    select: `SELECT v.*, ${cdnUrlSql('v.public_url')} AS cdn_url
               FROM vwaspectratioimages v ORDER BY v.image_id, v.aspect_ratio_id, v.rendition_id`,
    cdnColumns: ['source_image_url'],
  },
  Summary: { select: `SELECT * FROM smartcrop_reports(current_setting('smartcrop.dump_range')::int)` },
  Audit: { select: `SELECT * FROM programimage_audit_reports(current_setting('smartcrop.dump_range')::int)` },
};

/** Type OIDs whose values a spreadsheet reads as what they are: numbers, booleans and dates pass as-is. */
const AS_IS = new Set([
  16, // bool
  20, // int8
  21, // int2
  23, // int4
  26, // oid
  700, // float4
  701, // float8
  1700, // numeric
  1082, // date (YYYY-MM-DD is already ISO-8601)
]);
const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** ISO-8601 UTC with milliseconds, as JSON responses give it: 2026-12-02T04:39:15.841Z. */
const isoUtc = (col: string, tz: boolean) =>
  `to_char(${col}${tz ? ` AT TIME ZONE 'UTC'` : ''}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * OWASP's CSV-injection guard for a text value: one starting with `=`, `+`, `-`, `@`, tab or CR gets a
 * leading `'` (the caller force-quotes the column), so a spreadsheet shows it as text instead of running
 * it. A value that is a plain number (`-1`, `+2.5`) is left alone: it cannot be a formula, and a season
 * or episode given as text stays comparable.
 */
const neutralised = (col: string) => `CASE WHEN left(${col}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r')
                AND ${col} !~ '^[+-]?[0-9]+([.][0-9]+)?$'
              THEN '''' || ${col} ELSE ${col} END`;

/**
 * Wraps `select` for a CSV people open in spreadsheets (the data dump): numeric, boolean and date columns
 * pass as-is, so negative numbers stay numbers; timestamps become ISO-8601 UTC; every other column is
 * cast to text and neutralised, and returned in `forceQuote` so COPY quotes its cells. The columns come
 * from the statement itself (a LIMIT 0 run), so a view gaining a column needs no change here. The
 * `cdnColumns` (source-image URLs) go through the CDN rule first (applyCdnSettings on this session).
 */
export async function spreadsheetSafe(
  client: pg.Client,
  select: string,
  cdnColumns: string[] = [],
): Promise<{ select: string; forceQuote: string[] }> {
  const { fields } = await client.query(`SELECT * FROM (${select}) s LIMIT 0`);
  const forceQuote: string[] = [];
  const columns = fields.map((f) => {
    const raw = `s.${ident(f.name)}`;
    const col = cdnColumns.includes(f.name) ? `(${cdnUrlSql(raw)})` : raw;
    if (AS_IS.has(f.dataTypeID)) return raw;
    if (f.dataTypeID === TIMESTAMPTZ || f.dataTypeID === TIMESTAMP) {
      return `${isoUtc(raw, f.dataTypeID === TIMESTAMPTZ)} AS ${ident(f.name)}`;
    }
    forceQuote.push(f.name);
    return `${neutralised(`${col}::text`)} AS ${ident(f.name)}`;
  });
  return { select: `SELECT ${columns.join(', ')} FROM (${select}) s`, forceQuote };
}

/** The data dump's reads: the four files from one snapshot, on a dedicated connection of its own. */
@Injectable()
export class DumpRepository {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Writes each of `files` (its kind's rows for the last `range` days) as a spreadsheet-safe CSV to its
   * path, all from one snapshot so that they agree with each other. `onProgress` is told the rows written
   * so far in all and the index of the file being written. Returns each file's row count, in order.
   */
  async snapshot(
    range: number,
    files: { kind: DumpKind; path: string }[],
    onProgress?: (rows: number, file: number) => void,
  ): Promise<number[]> {
    const client = await connectDedicated(this.config.database, 'smartcrop-dump');
    try {
      await applyCdnSettings(client, this.config.cdn);
      await client.query(`SELECT set_config('smartcrop.dump_range', $1, false)`, [String(range)]);
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const counts: number[] = [];
      let rows = 0;
      for (const [i, f] of files.entries()) {
        const { select, cdnColumns } = DUMP_SELECTS[f.kind];
        const safe = await spreadsheetSafe(client, select, cdnColumns);
        const before = rows;
        const onLines = (lines: number) => onProgress?.(before + Math.max(lines - 1, 0), i);
        const n = await copyCsvToFile(client, safe.select, f.path, onLines, safe.forceQuote);
        counts.push(n);
        rows += n;
      }
      await client.query('COMMIT');
      return counts;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
