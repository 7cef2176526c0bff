import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { zip, type ZipEntry } from './zip.js';

/** A real .xlsx with a header row and rows of any cell values exceljs writes (numbers, dates, formulas, rich text, links). */
export async function writeManifest(
  path: string,
  header: string[],
  rows: ExcelJS.CellValue[][],
  sheetName = 'Sheet1',
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(path);
}

/** A workbook whose first sheet has no rows at all. */
export async function writeEmptyWorkbook(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Empty');
  await wb.xlsx.writeFile(path);
}

/** A valid manifest cut short: the zip's directory at the end is gone. */
export async function writeTruncated(
  path: string,
  header: string[],
  rows: ExcelJS.CellValue[][],
): Promise<void> {
  await writeManifest(path, header, rows);
  const { readFileSync } = await import('node:fs');
  const whole = readFileSync(path);
  writeFileSync(path, whole.subarray(0, Math.floor(whole.length / 2)));
}

/**
 * A zip bomb: a workbook whose sheet is `megabytes` MB of zeros deflated to a few KB, its size declared
 * honestly (a real deflate stream, so a parser that trusted it would inflate all of it).
 */
export function writeZipBomb(path: string, megabytes = 64): void {
  writeFileSync(path, zip(xlsxEntries(Buffer.alloc(megabytes * 1024 * 1024))));
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Excel's column letters for a 1-based column number (1 → A, 16384 → XFD). */
export function columnLetters(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** One `<row>` of inline-string and number cells, with the `r` references Excel writes. */
export function rowXml(r: number, cells: (string | number | null)[]): string {
  const cs = cells.map((v, i) => {
    if (v === null) return '';
    const ref = `${columnLetters(i + 1)}${r}`;
    return typeof v === 'number'
      ? `<c r="${ref}"><v>${v}</v></c>`
      : `<c r="${ref}" t="inlineStr"><is><t>${xmlText(v)}</t></is></c>`;
  });
  return `<row r="${r}">${cs.join('')}</row>`;
}

/** A worksheet part around the given `<row>` elements (`head` goes before the root, e.g. a DOCTYPE). */
export function sheetXml(rows: string, head = ''): string {
  return `${XML_HEAD}${head}<worksheet xmlns="${MAIN_NS}" xmlns:r="${DOC_REL}"><sheetData>${rows}</sheetData></worksheet>`;
}

/** A shared-strings part holding the given strings, in order. */
export function sharedStringsXml(strings: string[]): string {
  const items = strings.map((s) => `<si><t>${xmlText(s)}</t></si>`).join('');
  return `${XML_HEAD}<sst xmlns="${MAIN_NS}" count="${strings.length}" uniqueCount="${strings.length}">${items}</sst>`;
}

/**
 * The parts of a minimal workbook as an honest writer lays them out, with `sheet` as its first
 * worksheet. `replace` swaps a part (by name) for an entry built by the test; `extra` adds entries at
 * the end. Written by `zip()`, so that every byte can be made hostile.
 */
export function xlsxEntries(
  sheet: string | Buffer,
  opts: { sharedStrings?: string | Buffer; replace?: Record<string, ZipEntry>; extra?: ZipEntry[] } = {},
): ZipEntry[] {
  const ss = opts.sharedStrings !== undefined;
  const parts: ZipEntry[] = [
    {
      name: '[Content_Types].xml',
      data:
        `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
        `<Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
        `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
        (ss
          ? `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
          : '') +
        `</Types>`,
    },
    {
      name: '_rels/.rels',
      data: `${XML_HEAD}<Relationships xmlns="${REL_NS}"><Relationship Id="rId1" Type="${DOC_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${DOC_REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        `${XML_HEAD}<Relationships xmlns="${REL_NS}"><Relationship Id="rId1" Type="${DOC_REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
        (ss ? `<Relationship Id="rId2" Type="${DOC_REL}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
        `</Relationships>`,
    },
    ...(ss ? [{ name: 'xl/sharedStrings.xml', data: opts.sharedStrings }] : []),
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
  ];
  const replaced = parts.map((p) => opts.replace?.[p.name as string] ?? p);
  return [...replaced, ...(opts.extra ?? [])];
}

/** Writes `xlsxEntries(...)` as a file. */
export function writeRawXlsx(path: string, ...args: Parameters<typeof xlsxEntries>): void {
  writeFileSync(path, zip(xlsxEntries(...args)));
}
