import type pg from 'pg';
import { cdnUrlSql } from '../batchjob/batch-export.sql.js';

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
