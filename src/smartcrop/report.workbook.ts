import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { ReportRowDto } from './report.dto.js';

/** One column of a report sheet: its header, the row field it shows, and the cell format. */
export interface SheetColumn<T> {
  header: string;
  key: keyof T & string;
  width: number;
  numFmt?: string;
}

const COLUMNS: SheetColumn<ReportRowDto>[] = [
  { header: 'Audit Id', key: 'AuditId', width: 10, numFmt: '0' },
  { header: 'When (UTC)', key: 'CreatedAt', width: 20, numFmt: 'yyyy-mm-dd hh:mm:ss' },
  { header: 'User Id', key: 'UserId', width: 9, numFmt: '0' },
  { header: 'User E-mail', key: 'UserEmail', width: 28 },
  { header: 'User Name', key: 'UserName', width: 22 },
  { header: 'Action', key: 'Action', width: 16 },
  { header: 'Image Id', key: 'ImageId', width: 10, numFmt: '0' },
  { header: 'Program Id', key: 'ProgramId', width: 12, numFmt: '0' },
  { header: 'Provider', key: 'ProviderName', width: 16 },
  { header: 'Program Title', key: 'ProgramTitle', width: 36 },
  { header: 'From Status', key: 'FromStatus', width: 11, numFmt: '0' },
  { header: 'To Status', key: 'ToStatus', width: 10, numFmt: '0' },
  { header: 'Renditions', key: 'Renditions', width: 11, numFmt: '0' },
];

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Writes the activity report as .xlsx with exceljs's streaming WorkbookWriter: each row is committed
 * (serialised and released) as soon as it is added, so memory does not grow with the row count.
 */
@Injectable()
export class ReportWorkbook {
  write(out: Writable, batches: AsyncIterable<ReportRowDto[]> | Iterable<ReportRowDto[]>): Promise<void> {
    return this.writeSheet(out, 'Activity', COLUMNS, batches);
  }

  /** Any report as one sheet with a bold, frozen, filtered header row and typed cells. */
  async writeSheet<T extends object>(
    out: Writable,
    name: string,
    columns: SheetColumn<T>[],
    batches: AsyncIterable<T[]> | Iterable<T[]>,
  ): Promise<void> {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width,
      style: c.numFmt ? { numFmt: c.numFmt } : {},
    }));
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.commit();
    for await (const rows of batches) {
      for (const r of rows) ws.addRow(r).commit();
    }
    ws.commit();
    await wb.commit();
  }
}
