import { writeFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';

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
 * A zip bomb: one entry of `megabytes` MB of zeros deflated to a few KB (a real deflate stream, so a
 * parser that trusted it would inflate all of it).
 */
export function writeZipBomb(path: string, megabytes = 64): void {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const data = deflateRawSync(Buffer.alloc(megabytes * 1024 * 1024));
  const size = megabytes * 1024 * 1024;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  const dirOffset = local.length + name.length + data.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(central.length + name.length, 12);
  eocd.writeUInt32LE(dirOffset, 16);
  writeFileSync(path, Buffer.concat([local, name, data, central, name, eocd]));
}
