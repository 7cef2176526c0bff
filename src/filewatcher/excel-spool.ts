import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

/**
 * exceljs's streaming reader copies a worksheet that comes before the shared strings in the zip (the
 * order Excel and exceljs itself write) to a file from `tmp`, holding its descriptor open, and removes it
 * only when that sheet has been read to its end and the reader is asked for the next one (exceljs#2147,
 * open since 2022). The manifest parser stops after the first sheet and on the first reason to reject a
 * file, so every such manifest left its first sheet's XML (provider content) and an open descriptor
 * behind for the life of the process.
 *
 * Each step of a workbook's sheets runs where the files `tmp` creates for exceljs are recorded, and the
 * end of the iteration, however it ends, closes and removes them. `tmp` is the copy exceljs loads itself
 * (resolved from exceljs's own folder); its `file` is wrapped once, and outside a recording step it
 * behaves exactly as before.
 */
type RemoveFile = (done: (err?: Error) => void) => void;
type FileCreated = (err: Error | null, path?: string, fd?: number, remove?: RemoveFile) => void;

const recording = new AsyncLocalStorage<Set<RemoveFile>>();

const tmp = createRequire(createRequire(import.meta.url).resolve('exceljs'))('tmp') as {
  file: (...args: unknown[]) => void;
};
const createFile = tmp.file.bind(tmp);
tmp.file = (...args: unknown[]) => {
  const removes = recording.getStore();
  const created = args.at(-1);
  if (!removes || typeof created !== 'function') return createFile(...args);
  createFile(...args.slice(0, -1), ((err, path, fd, remove) => {
    if (!err && remove) removes.add(remove);
    (created as FileCreated)(err, path, fd, remove);
  }) satisfies FileCreated);
};

/** The workbook's sheets as the reader yields them; whatever it spooled is gone once the loop ends. */
export async function* sheetsOf(
  wb: ExcelJS.stream.xlsx.WorkbookReader,
): AsyncGenerator<ExcelJS.stream.xlsx.WorksheetReader> {
  const removes = new Set<RemoveFile>();
  const sheets = wb[Symbol.asyncIterator]();
  try {
    for (;;) {
      const step = await recording.run(removes, () => sheets.next());
      if (step.done) return;
      yield step.value;
    }
  } finally {
    try {
      await sheets.return?.(undefined);
    } finally {
      await Promise.all(
        [...removes].map((remove) => new Promise<void>((settled) => remove(() => settled()))),
      );
    }
  }
}
