import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import {
  columnLetters,
  rowXml,
  sharedStringsXml,
  sheetXml,
  writeManifest,
  writeRawXlsx,
  xlsxEntries,
} from '../harness/xlsx.js';
import { zip, type ZipEntry } from '../harness/zip.js';

/** The caps the hostile suite runs with (small, so that crossing them is quick to build and to refuse). */
export const CAPS = { inflated: 32 * 1024 * 1024, part: 16 * 1024 * 1024, rows: 3000 };

export const HEADER = ['Program ID', 'Title', 'Image URL'];
const url = (id: number) => `https://img.example.com/hostile/${id}.jpg`;
/** A sheet with the header and one good row, plus whatever rows the variant adds. */
const sheet = (rows = '', head = '') =>
  sheetXml(rowXml(1, HEADER) + rowXml(2, [410_001, 'Honest', url(410_001)]) + rows, head);

/** XML text that deflates about 10:1, like a real sheet, so that the ratio rule leaves it to the caps. */
function bulkyRows(bytes: number): string {
  const rows: string[] = [];
  let total = 0;
  for (let r = 3; total < bytes; r++) {
    const row = rowXml(r, [420_000 + r, `Title ${r} ${((r * 7919) % 100_003).toString(36)}`, url(r)]);
    rows.push(row);
    total += row.length;
  }
  return rows.join('');
}

export interface HostileManifest {
  label: string;
  /** The file's name in the inbox (a Buffer for names that are not UTF-8). */
  file: string | Buffer;
  build: (path: string | Buffer, ctx: HostileContext) => void | Promise<void>;
  /** What the file's rejection reason must say. */
  reason: RegExp;
  /** It points at ctx's secret file or URL, whose content must appear nowhere (nor the URL be fetched). */
  secret?: boolean;
}

/** The targets of the external-entity variants: a local file and a URL the test serves. */
export interface HostileContext {
  secretFile: string;
  secretUrl: string;
}

const raw =
  (...args: Parameters<typeof xlsxEntries>) =>
  (path: string | Buffer) =>
    writeFileSync(path, zip(xlsxEntries(...args)));

/** The corpus: files a provider (or an attacker posing as one) could send that must be refused alone. */
export function hostileManifests(): HostileManifest[] {
  const v = (label: string, build: HostileManifest['build'], reason: RegExp, file?: string | Buffer) => ({
    label,
    file: file ?? `PS_hostile_${label.replace(/[^a-z0-9]+/gi, '_')}.xlsx`,
    build,
    reason,
  });
  const laughs =
    '<!DOCTYPE worksheet [<!ENTITY lol "lol">' +
    Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
    ).join('') +
    ']>';
  const withEntity =
    (entity: string, doctype: (ctx: HostileContext) => string) => (p: string | Buffer, ctx: HostileContext) =>
      raw(sheet(rowXml(3, [410_003, 'X', url(410_003)]).replace('>X<', `>${entity}<`), doctype(ctx)))(p);
  return [
    v(
      'doctype entity',
      withEntity('&x;', () => '<!DOCTYPE worksheet [<!ENTITY x "expanded">]>'),
      /<!DOCTYPE/,
    ),
    v(
      'cell without r',
      raw(sheet('<row r="3"><c t="inlineStr"><is><t>no ref</t></is></c></row>')),
      /not a readable \.xlsx workbook/,
    ),
    v(
      'U+0001 character',
      raw(sheet(rowXml(3, [410_003, 'Bell \u0001 here', url(410_003)]))),
      /not well-formed XML.*disallowed character/,
    ),
    v(
      'billion laughs',
      withEntity('&lol9;', () => laughs),
      /<!DOCTYPE/,
    ),
    {
      ...v(
        'external entity file',
        withEntity('&xxe;', (c) => `<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://${c.secretFile}">]>`),
        /<!DOCTYPE/,
      ),
      secret: true,
    },
    {
      ...v(
        'external entity url',
        withEntity('&xxe;', (c) => `<!DOCTYPE worksheet [<!ENTITY % p SYSTEM "${c.secretUrl}"> %p;]>`),
        /<!DOCTYPE/,
      ),
      secret: true,
    },
    v('lying zip header', lyingSharedStrings, /claims 1000 bytes but inflates to more/),
    v(
      'honest but over the total cap',
      // three parts of ~11-14 MB: each under the part cap, together over the total
      raw(sheet(bulkyRows(11 * 1024 * 1024)), {
        sharedStrings: sharedStringsXml([bulkyRows(9 * 1024 * 1024)]), // escaped, it grows to ~13 MB
        extra: [{ name: 'xl/media/filler.xml', data: bulkyRows(11 * 1024 * 1024) }],
      }),
      /inflates to more than 32 MB in all/,
    ),
    v(
      'huge shared strings',
      raw(sheet(), { sharedStrings: sharedStringsXml([bulkyRows(CAPS.part + 1024 * 1024)]) }),
      /"xl\/sharedStrings\.xml" inflates to more than 16 MB/,
    ),
    v(
      'compression bomb',
      raw(sheet(), { extra: [{ name: 'xl/media/zeros.bin', data: Buffer.alloc(12 * 1024 * 1024) }] }),
      /expands more than 200 times/,
    ),
    v(
      '16k columns',
      raw(
        sheetXml(
          rowXml(1, [...HEADER, ...Array.from({ length: 16_381 }, (_, i) => `Extra ${i}`)]) +
            rowXml(2, [410_001, 'Wide', url(410_001)]),
        ),
      ),
      /column XFD.*at most 1024 columns/,
    ),
    v(
      'sheet that never ends',
      raw(
        sheet(
          Array.from({ length: CAPS.rows + 10 }, (_, i) =>
            rowXml(i + 3, [430_000 + i, 'Again', url(430_000 + i)]),
          ).join(''),
        ),
      ),
      new RegExp(`more than ${CAPS.rows} rows`),
    ),
    v(
      'formula-only sheet',
      raw(
        sheetXml(
          `<row r="1">${HEADER.map((h, i) => `<c r="${columnLetters(i + 1)}1" t="str"><f>"${h}"</f></c>`).join('')}</row>` +
            `<row r="2"><c r="A2"><f>400000+1</f></c><c r="B2" t="str"><f>"T"</f></c></row>`,
        ),
      ),
      /formulas without saved values/,
    ),
    v(
      'zip that is no workbook',
      (p) => writeFileSync(p, zip([{ name: 'word/document.xml', data: '<document/>' }])),
      /a zip but not an \.xlsx workbook/,
    ),
    v(
      'not a zip',
      (p) => writeFileSync(p, 'Program ID,Title,Image URL\n1,x,https://x.example.com/a.jpg\n'),
      /not an \.xlsx file/,
    ),
    v('empty file', (p) => writeFileSync(p, ''), /not an \.xlsx file/),
    v(
      'legacy or password-protected workbook',
      (p) => writeFileSync(p, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(4096)])),
      /password-protected .xlsx or an old \.xls/,
    ),
    v(
      'truncated zip',
      (p) => {
        const whole = zip(xlsxEntries(sheet()));
        writeFileSync(p, whole.subarray(0, whole.length - 30));
      },
      /not an \.xlsx file \(truncated|no zip directory/,
    ),
    v(
      'file name not UTF-8',
      raw(sheet()),
      /file name is not valid UTF-8/,
      Buffer.concat([Buffer.from('PS_hostile_'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('.xlsx')]),
    ),
    v(
      'file name with control characters',
      raw(sheet()),
      /file name contains control characters/,
      'PS_hostile_line\nbreak.xlsx',
    ),
    v(
      'encrypted entry',
      raw(sheet(), {
        replace: {
          'xl/worksheets/sheet1.xml': { name: 'xl/worksheets/sheet1.xml', data: sheet(), flags: 1 },
        },
      }),
      /encrypted/,
    ),
    v(
      'path traversal entry',
      raw(sheet(), { extra: [{ name: '../../../tmp/evil.sh', data: 'echo owned' }] }),
      /unsafe entry name "\.\.\/\.\.\/\.\.\/tmp\/evil\.sh"/,
    ),
    v(
      'absolute entry name',
      raw(sheet(), { extra: [{ name: '/etc/cron.d/evil', data: 'x' }] }),
      /unsafe entry name/,
    ),
    v(
      'duplicate entries',
      raw(sheet(), {
        extra: [
          { name: 'xl/worksheets/sheet1.xml', data: sheet(rowXml(3, [410_009, 'Smuggled', url(410_009)])) },
        ],
      }),
      /duplicate entry "xl\/worksheets\/sheet1\.xml"/,
    ),
    v(
      'local header disagrees with the directory',
      raw(sheet(), {
        replace: {
          'xl/worksheets/sheet1.xml': {
            name: 'xl/worksheets/sheet1.xml',
            data: sheet(),
            centralName: 'xl/worksheets/sheet9.xml',
          },
        },
      }),
      /disagree/,
    ),
    v(
      'entry hidden from the directory',
      (p) => {
        const honest = zip(xlsxEntries(sheet()));
        const hidden = zip([{ name: 'xl/worksheets/sheet2.xml', data: sheet() }]);
        // a whole local entry slipped in before the directory, which does not list it
        const dirAt = honest.readUInt32LE(honest.length - 6);
        const localLen = hidden.readUInt32LE(hidden.length - 6);
        const out = Buffer.concat([
          honest.subarray(0, dirAt),
          hidden.subarray(0, localLen),
          honest.subarray(dirAt),
        ]);
        out.writeUInt32LE(dirAt + localLen, out.length - 6);
        writeFileSync(p, out);
      },
      /not listed in its directory/,
    ),
    v(
      'unsupported compression method',
      raw(sheet(), {
        replace: {
          'xl/worksheets/sheet1.xml': {
            name: 'xl/worksheets/sheet1.xml',
            data: sheet(),
            compressed: deflateRawSync(sheet()),
            method: 12,
          },
        },
      }),
      /compression method 12/,
    ),
    v(
      'too many entries',
      raw(sheet(), {
        extra: Array.from({ length: 10_001 }, (_, i): ZipEntry => ({
          name: `xl/media/e${i}.txt`,
          data: 'x',
          method: 0,
        })),
      }),
      /more than 10000 entries/,
    ),
    v(
      'row without its number',
      raw(sheet(rowXml(3, [410_003, 'No number', url(410_003)]).replace('<row r="3">', '<row>'))),
      /row without its number/,
    ),
    v(
      'row number beyond Excel',
      raw(sheet(rowXml(3, [410_003, 'Far', url(410_003)]).replace(/"(A|B|C)?3"/g, '"$12000000"'))),
      /row number 2000000 is beyond/,
    ),
    v(
      'numbers the database cannot hold',
      raw(
        sheetXml(
          rowXml(1, ['ProgramID', 'ProgramName', 'AssetURL', 'AssetWidth']) +
            rowXml(2, [410_001, 'Wide', url(410_001), 99_999_999_999]),
        ),
      ),
      /1 row\(s\) are invalid/,
      'SLING_hostile_numbers.xlsx',
    ),
    v(
      'image URL too long',
      // random, so that the index entry cannot be compressed under PostgreSQL's limit
      raw(
        sheet(
          rowXml(3, [410_003, 'Long', `https://img.example.com/${randomBytes(4500).toString('hex')}.jpg`]),
        ),
      ),
      /1 row\(s\) are invalid/,
    ),
  ];
}

/** Sets the lying claim on the shared-strings part of the 'lying zip header' variant. */
export function lyingSharedStrings(path: string | Buffer): void {
  writeFileSync(
    path,
    zip(
      xlsxEntries(sheet(), {
        sharedStrings: sharedStringsXml(['a'.repeat(8 * 1024 * 1024)]),
      }).map((e) => (e.name === 'xl/sharedStrings.xml' ? { ...e, claimedSize: 1000 } : e)),
    ),
  );
}

/** A good manifest: one row with an id no other file uses. */
export async function writeGood(path: string, id: number): Promise<void> {
  await writeManifest(path, HEADER, [[id, `Good ${id}`, url(id)]]);
}

export { writeRawXlsx };
