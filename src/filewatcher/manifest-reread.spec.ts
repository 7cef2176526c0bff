import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileSources } from '../../test/harness/compiled.js';
import { writeManifest } from '../../test/harness/xlsx.js';

/**
 * exceljs's streaming reader now and then drops the workbook part of a file (exceljs#3064), which the
 * ingest answered with a 500. It shows in a plain Node process (a few reads in a hundred), not under
 * jest's module system: the parser runs in a child Node, reading one manifest 600 times in a row.
 */
describe('parseManifest over exceljs streaming reads', () => {
  it('reads a small manifest whole every time, read after read', async () => {
    const out = compileSources([
      'filewatcher/manifest-parser.ts',
      'filewatcher/zip-guard.ts',
      'filewatcher/readers/press-site.reader.ts',
    ]);
    try {
      const path = join(out, 'PS_again.xlsx');
      await writeManifest(
        path,
        ['Program ID', 'Title', 'Episode Title', 'Season', 'Episode', 'Image URL'],
        [
          [5001, 'Again', null, null, null, 'https://img.example.com/5001.jpg'],
          [5002, 'New', null, null, null, 'https://img.example.com/5002.jpg'],
        ],
      );
      const script = join(out, 'reread.mjs');
      writeFileSync(
        script,
        `import { parseManifest } from './filewatcher/manifest-parser.js';
import { pressSiteReader } from './filewatcher/readers/press-site.reader.js';
const opts = { maxRows: 1000, tmdbImageBaseUrl: '', rightsNameDefault: 'r', imageNotesDefault: 'n' };
const outcomes = {};
for (let i = 0; i < 600; i++) {
  let outcome;
  try {
    const ids = [];
    for await (const item of parseManifest(process.argv[2], pressSiteReader, opts)) if (item.row) ids.push(item.row.ProgramId);
    outcome = ids.join(',');
  } catch (err) {
    outcome = err.message;
  }
  outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
}
process.stdout.write(JSON.stringify(outcomes));
`,
      );
      const outcomes = JSON.parse(
        execFileSync(process.execPath, [script, path], { encoding: 'utf8' }),
      ) as unknown;
      expect(outcomes).toEqual({ '5001,5002': 600 });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
