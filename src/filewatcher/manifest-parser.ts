import ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { sheetsOf } from './excel-spool.js';
import { ManifestRejected } from './manifest-rejected.js';
import type { Field, InputFileModel, ManifestReader } from './readers/reader.js';
import { providerNameProblem } from '../infra/storage/storage-key.js';

export interface RowError {
  Row: number;
  Reason: string;
}

/** Excel's own limit: a row number beyond it is not a sheet any spreadsheet program wrote. */
export const EXCEL_MAX_ROWS = 1_048_576;
/** Columns a manifest may use: readers need about ten; it bounds the work one row can cost. */
export const MAX_COLUMNS = 1024;
/** PostgreSQL's integer columns (release year, width, height). */
const INT_MAX = 2_147_483_647;
/** The row's key is indexed; PostgreSQL refuses index entries over ~2.7 kB, so the key stays below. */
const MAX_REF_BYTES = 2600;

export interface ParseOptions {
  maxRows: number;
  tmdbImageBaseUrl: string;
  rightsNameDefault: string;
  imageNotesDefault: string;
}

type Cell = { text: string; link?: string; formulaWithoutValue?: boolean };

const normalHeader = (h: string) => h.trim().replace(/\s+/g, ' ').toLowerCase();

/** The text of any exceljs cell value: numbers, dates, formulas (cached result), rich text, hyperlinks. */
export function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return { text: '' };
  if (value instanceof Date) return { text: value.toISOString() };
  if (typeof value === 'number') return { text: Number.isInteger(value) ? String(value) : String(value) };
  if (typeof value === 'string') return { text: value.trim() };
  if (typeof value === 'boolean') return { text: String(value) };
  if (typeof value === 'object') {
    const v = value as {
      result?: unknown;
      richText?: { text: string }[];
      text?: unknown;
      hyperlink?: string;
      error?: string;
    };
    if ('result' in v || 'formula' in v || 'sharedFormula' in v)
      return v.result === undefined ? { text: '', formulaWithoutValue: true } : cellOf(v.result);
    if (Array.isArray(v.richText))
      return {
        text: v.richText
          .map((r) => r.text)
          .join('')
          .trim(),
      };
    if (v.hyperlink !== undefined || v.text !== undefined) {
      const text = cellOf(v.text).text;
      return { text, link: v.hyperlink?.trim() };
    }
    if (v.error !== undefined) return { text: '' };
  }
  return { text: typeof value === 'bigint' ? value.toString() : '' };
}

const isUrl = (s: string) => {
  if (!/^(https?|s3):\/\//i.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
};
const optInt = (s: string) => (s === '' ? null : /^\d+(\.0+)?$/.test(s) ? Number.parseInt(s, 10) : NaN);

/** Excel's letters for a column number (1 → A). */
const columnName = (n: number) => {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
};

/**
 * exceljs 4.4's streaming reader now and then loses the zip's last entry (exceljs#3064: it pauses the
 * unzip stream around each entry it hands on, and what the stream still pushes meanwhile is dropped).
 * exceljs writes `xl/workbook.xml` last, so the sheet then fails on `this.model.sheets` before any row is
 * read: measured on a small exceljs-written manifest, 3-6% of sequential reads on Node 20 and 24, which
 * the ingest answered with a 500. Nothing was read yet, so the file is read again.
 */
const READ_ATTEMPTS = 6;
const lostWorkbookEntry = (err: unknown): boolean => {
  // the reader's failure arrives wrapped as the file's rejection, with exceljs's own error as its cause
  const cause = err instanceof ManifestRejected ? err.cause : err;
  return cause instanceof TypeError && /reading 'sheets'/.test(cause.message);
};

/**
 * Streams the first sheet of a manifest with exceljs's streaming reader and yields each row mapped to
 * the shared row model, or the row's error with its sheet row number. The header row (the first
 * non-blank row) must carry the reader's required headers; otherwise the file is rejected whole.
 * Whatever else goes wrong while reading is the file's fault too: it surfaces as ManifestRejected.
 */
export async function* parseManifest(
  path: string,
  reader: ManifestReader,
  opts: ParseOptions,
): AsyncGenerator<{ row: InputFileModel } | { error: RowError }> {
  for (let attempt = 1; ; attempt++) {
    let started = false;
    try {
      for await (const item of readManifest(path, reader, opts)) {
        started = true;
        yield item;
      }
      return;
    } catch (err) {
      if (started || attempt >= READ_ATTEMPTS || !lostWorkbookEntry(err)) throw err;
    }
  }
}

async function* readManifest(
  path: string,
  reader: ManifestReader,
  opts: ParseOptions,
): AsyncGenerator<{ row: InputFileModel } | { error: RowError }> {
  const sourceFile = basename(path);
  // our own stream, so that stopping early (one sheet, a cap) closes the file
  const input = createReadStream(path);
  const wb = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'cache',
    styles: 'cache',
    entries: 'ignore',
  });
  let columns: { index: number; field: Field }[] | undefined;
  let count = 0;
  let seen = 0;
  let lastRow = 0;
  let formulasWithoutValues = false;
  let sawSheet = false;
  try {
    for await (const sheet of sheetsOf(wb)) {
      sawSheet = true;
      for await (const row of sheet) {
        checkRow(row, ++seen);
        lastRow = row.number;
        const values = (row.values ?? []) as unknown[];
        const cells = values.map(cellOf);
        if (cells.every((c) => c.text === '' && !c.link)) {
          formulasWithoutValues ||= cells.some((c) => c.formulaWithoutValue);
          continue;
        }
        if (!columns) {
          columns = matchHeaders(reader, cells);
          continue;
        }
        if (++count > opts.maxRows) throw new ManifestRejected(`more than ${opts.maxRows} rows`);
        yield mapRow(reader, columns, cells, row.number, sourceFile, opts);
      }
      break; // the first sheet only
    }
  } catch (err) {
    throw err instanceof ManifestRejected ? err : unreadable(err, lastRow);
  } finally {
    input.destroy();
  }
  if (!sawSheet || !columns) {
    throw new ManifestRejected(
      formulasWithoutValues
        ? 'the first sheet has no header row: its cells are formulas without saved values (open the file in Excel and save it again)'
        : 'the first sheet is empty (no header row)',
    );
  }
}

/** A row's number and width, which exceljs takes from the file as they come. */
function checkRow(row: ExcelJS.Row, seen: number): void {
  if (!Number.isInteger(row.number) || row.number < 1)
    throw new ManifestRejected(`the sheet has a row without its number (after ${seen - 1} rows)`);
  if (row.number > EXCEL_MAX_ROWS || seen > EXCEL_MAX_ROWS)
    throw new ManifestRejected(`row number ${row.number} is beyond Excel's ${EXCEL_MAX_ROWS} rows`);
  if (row.cellCount > MAX_COLUMNS) {
    throw new ManifestRejected(
      `sheet row ${row.number} has a cell in column ${columnName(row.cellCount)}; a manifest may use at most ${MAX_COLUMNS} columns`,
    );
  }
}

/** A reader failure as a sentence for the provider; the original stays attached for the log. */
function unreadable(err: unknown, lastRow: number): ManifestRejected {
  const message = err instanceof Error ? err.message : String(err);
  const stack = err instanceof Error ? (err.stack ?? '') : '';
  const where = lastRow ? ` (after sheet row ${lastRow})` : '';
  let reason: string;
  // saxes, the XML parser, says "line:column: what is wrong"
  if (/^\d+:\d+: [^\n]{1,200}$/.test(message)) reason = `a part is not well-formed XML: ${message}`;
  // exceljs takes every position from the file and fails on a missing one in these two ways
  else if (/^Invalid Address: [A-Z]*NaN$/.test(message))
    reason = `the sheet has a row without its number${where}`;
  else if (err instanceof TypeError && /decodeAddress/.test(stack))
    reason = `the sheet has a cell without its reference (r attribute)${where}`;
  else reason = `its content does not follow the spreadsheet format${where}`;
  return new ManifestRejected(`not a readable .xlsx workbook: ${reason}`, { cause: err });
}

function matchHeaders(reader: ManifestReader, cells: Cell[]): { index: number; field: Field }[] {
  const found = new Map<string, number>();
  cells.forEach((c, i) => c.text && !found.has(normalHeader(c.text)) && found.set(normalHeader(c.text), i));
  const missing = reader.columns
    .filter((c) => c.required && !found.has(normalHeader(c.header)))
    .map((c) => c.header);
  if (missing.length) {
    const seen = cells.map((c) => c.text).filter(Boolean);
    const listed = seen.slice(0, 50).map((s) => `"${s.slice(0, 100)}"`);
    if (seen.length > listed.length) listed.push(`and ${seen.length - listed.length} more`);
    throw new ManifestRejected(
      `missing required header(s) ${missing.map((m) => `"${m}"`).join(', ')}; headers found: ${listed.join(', ') || 'none'}`,
    );
  }
  return reader.columns
    .filter((c) => found.has(normalHeader(c.header)))
    .map((c) => ({ index: found.get(normalHeader(c.header))!, field: c.field }));
}

function mapRow(
  reader: ManifestReader,
  columns: { index: number; field: Field }[],
  cells: Cell[],
  rowNumber: number,
  sourceFile: string,
  opts: ParseOptions,
): { row: InputFileModel } | { error: RowError } {
  const v: Partial<Record<Field, string>> = {};
  for (const { index, field } of columns) {
    const cell = cells[index] ?? { text: '' };
    // a hyperlink cell gives its text (exceljs's streaming reader meets the sheet's link targets only
    // after its rows); the link target is used when a reader hands it over and the text is not a URL
    const raw = field === 'ImageUrl' && cell.link && !isUrl(cell.text) ? cell.link : cell.text;
    v[field] = reader.adjust ? reader.adjust(field, raw, opts) : raw;
  }
  // every problem of the row at once, so that a provider fixes the row in one pass
  const problems: string[] = [];
  const programId = v.ProgramId ?? '';
  if (!programId) problems.push('Program id is missing');
  else if (
    !/^\d+(\.0+)?$/.test(programId) ||
    Number(programId) <= 0 ||
    !Number.isSafeInteger(Math.trunc(Number(programId)))
  ) {
    problems.push(`Program id "${programId}" is not a positive integer`);
  }
  const title = v.ProgramTitle ?? '';
  if (!title) problems.push('title is missing');
  const url = v.ImageUrl ?? '';
  if (!url) problems.push('image URL is missing');
  else if (!isUrl(url)) problems.push(`image URL "${url.slice(0, 200)}" is not an http(s) or s3 URL`);
  const numbers = {
    ReleaseYear: optInt(v.ReleaseYear ?? ''),
    Width: optInt(v.Width ?? ''),
    Height: optInt(v.Height ?? ''),
  };
  for (const [name, n] of Object.entries(numbers)) {
    const text = (v[name as Field] ?? '').slice(0, 50);
    if (Number.isNaN(n)) problems.push(`${name} "${text}" is not a whole number`);
    // integer columns; a width or height of 0 would break the derived image's CHECK
    else if (n !== null && (n > INT_MAX || (n === 0 && name !== 'ReleaseYear')))
      problems.push(`${name} "${text}" is out of range (1 to ${INT_MAX})`);
  }
  const provider = v.ProviderName || reader.provider;
  // the name becomes the renditions' storage folder and a queue to claim from
  const badProvider = providerNameProblem(provider);
  if (badProvider) problems.push(badProvider);
  const id = Number.parseInt(programId, 10);
  const ref = `${provider}:${id}:${url}`;
  if (Buffer.byteLength(ref) > MAX_REF_BYTES)
    problems.push(`image URL is too long (with the provider and program id over ${MAX_REF_BYTES} bytes)`);
  if (problems.length) return { error: { Row: rowNumber, Reason: problems.join('; ') } };
  return {
    row: {
      ProviderName: provider,
      ProgramId: id,
      ProgramTitle: title,
      EpisodeTitle: v.EpisodeTitle || null,
      SeasonNumber: v.SeasonNumber || null,
      EpisodeNumber: v.EpisodeNumber || null,
      ReleaseYear: numbers.ReleaseYear,
      ImageUrl: url,
      ImageType: v.ImageType || null,
      Language: v.Language || null,
      Width: numbers.Width,
      Height: numbers.Height,
      RightsName: v.RightsName || opts.rightsNameDefault,
      ImageNotes: v.ImageNotes || opts.imageNotesDefault,
      SourceFile: sourceFile,
      SourceRow: rowNumber,
      InputFileRef: ref,
    },
  };
}
