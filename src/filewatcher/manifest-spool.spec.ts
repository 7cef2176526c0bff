import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { compileSources } from '../../test/harness/compiled.js';
import { writeManifest } from '../../test/harness/xlsx.js';

const HEADER = ['Program ID', 'Title', 'Episode Title', 'Season', 'Episode', 'Image URL'];
const row = (id: number) => [id, `Title ${id}`, null, null, null, `https://img.example.com/${id}.jpg`];

/**
 * exceljs's streaming reader copies a worksheet that comes before the shared strings in the zip (the
 * order Excel and exceljs write) to a temp file, and deletes it only once that sheet is read to its end
 * (exceljs#2147). The parser stops early by design: a rejected file, the first sheet only. Each of those
 * left a copy of the manifest in the temp folder for the life of the host. The parser runs in a plain
 * Node child (the module graph production has) with its own TMPDIR, which must be empty afterwards.
 */
describe('parseManifest leaves no spooled sheet behind', () => {
  it('removes the spool whether the file is read whole, rejected mid-sheet or stopped after its first sheet', async () => {
    const out = compileSources([
      'filewatcher/manifest-parser.ts',
      'filewatcher/readers/press-site.reader.ts',
    ]);
    const spool = mkdtempSync(join(tmpdir(), 'smartcrop-spool-'));
    try {
      const whole = join(out, 'PS_whole.xlsx');
      await writeManifest(whole, HEADER, [row(1), row(2)]);
      const tooLong = join(out, 'PS_long.xlsx');
      await writeManifest(tooLong, HEADER, [row(1), row(2), row(3), row(4)]);
      const twoSheets = join(out, 'PS_two.xlsx');
      const wb = new ExcelJS.Workbook();
      for (const name of ['Manifest', 'Notes']) {
        const ws = wb.addWorksheet(name);
        ws.addRow(HEADER);
        ws.addRow(row(name === 'Manifest' ? 7 : 8));
      }
      await wb.xlsx.writeFile(twoSheets);

      const script = join(out, 'spool.mjs');
      writeFileSync(
        script,
        `import { readdirSync, rmSync } from 'node:fs';
import { parseManifest } from './filewatcher/manifest-parser.js';
import { pressSiteReader } from './filewatcher/readers/press-site.reader.js';
const opts = { maxRows: 2, tmdbImageBaseUrl: '', rightsNameDefault: 'r', imageNotesDefault: 'n' };
const result = {};
for (const file of process.argv.slice(2)) {
  let spooledWhileReading = 0;
  let outcome = '';
  try {
    for await (const item of parseManifest(file, pressSiteReader, opts)) {
      spooledWhileReading = Math.max(spooledWhileReading, readdirSync(process.env.TMPDIR).length);
      outcome += item.row ? item.row.ProgramId + ';' : 'error;';
    }
  } catch (err) {
    outcome += err.message;
  }
  const left = readdirSync(process.env.TMPDIR);
  result[file.split('/').pop()] = { outcome, spooledWhileReading, left };
  for (const name of left) rmSync(process.env.TMPDIR + '/' + name); // each file counted on its own
}
process.stdout.write(JSON.stringify(result));
`,
      );
      const result = JSON.parse(
        execFileSync(process.execPath, [script, whole, tooLong, twoSheets], {
          encoding: 'utf8',
          env: { ...process.env, TMPDIR: spool },
        }),
      ) as Record<string, { outcome: string; spooledWhileReading: number; left: string[] }>;

      expect(result).toEqual({
        // the reader did spool each of them (else this test would prove nothing) ...
        'PS_whole.xlsx': { outcome: '1;2;', spooledWhileReading: 1, left: [] },
        'PS_long.xlsx': { outcome: '1;2;more than 2 rows', spooledWhileReading: 1, left: [] },
        // ... both sheets of this one, though only the first is read
        'PS_two.xlsx': { outcome: '7;', spooledWhileReading: 2, left: [] },
      });
    } finally {
      rmSync(spool, { recursive: true, force: true });
      rmSync(join(out, '..'), { recursive: true, force: true });
    }
  });
});
