import { existsSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import type ExcelJS from 'exceljs';
import { join } from 'node:path';
import { INSERT_CHUNK } from '../../src/filewatcher/ingest.repository.js';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { writeEmptyWorkbook, writeManifest, writeTruncated, writeZipBomb } from '../harness/xlsx.js';

const PS_HEADER = [
  'Program ID',
  'Title',
  'Episode Title',
  'Season',
  'Episode',
  'Image URL',
  'Image Type',
  'Language',
  'Rights',
  'Notes',
];

/** Every key, at any depth, that does not start with a capital letter (the wire is PascalCase). */
function keysNotPascal(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keysNotPascal(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(/^[A-Z]/.test(k) ? [] : [`${path}.${k}`]),
    ...keysNotPascal(v, `${path}.${k}`),
  ]);
}

describe('filewatcher: ingesting a folder', () => {
  let t: TestApp;
  let admin: TestUser;
  let inbox: string;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.createUser('Admin');
  });
  afterAll(() => t.close());
  beforeEach(() => {
    inbox = join(t.config.filewatcher.ingestRoot, `in${++n}`);
    mkdirSync(inbox, { recursive: true });
  });

  const run = (folder = inbox) =>
    t
      .http()
      .post(`/filewatcher/run-local?folder_path=${encodeURIComponent(folder)}`)
      .set('Authorization', `Bearer ${admin.token}`);
  const count = async (table: string, where = 'true') =>
    (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`))[0].n;

  it('reads a PressSite manifest with awkward headers and cell types, derives images, and moves the file', async () => {
    const header = [
      '  program id ',
      'TITLE',
      'Episode Title',
      'Season',
      'Episode',
      'Image URL',
      'Image Type',
      'Language',
      'Rights',
      'Notes',
    ];
    await writeManifest(join(inbox, 'PS_2026-11-25.xlsx'), header, [
      [9001, 'Night News', null, 1, 2, 'https://img.example.com/9001.jpg', 'Poster', 'en', null, 'first'],
      [
        { formula: '9000+2', result: 9002 },
        { richText: [{ text: 'Rich ' }, { text: 'Title' }] },
        null,
        null,
        null,
        { text: 'https://img.example.com/9002.jpg', hyperlink: 'https://img.example.com/9002.jpg' },
        'backdrop',
        'Spanish',
        'Custom Rights',
        null,
      ],
      [],
      [
        '9003',
        'Dated',
        new Date(Date.UTC(2026, 0, 2)),
        null,
        null,
        'https://img.example.com/9003.jpg',
        'Hologram',
        'xx',
        null,
        null,
      ],
    ]);
    const res = await run().expect(200);
    expect(res.body.Data).toMatchObject({
      FilesSeen: 1,
      Ingested: 1,
      Rejected: 0,
      RowsInserted: 3,
      ImagesDerived: 3,
    });
    expect(res.body.Data.Files[0].Warnings).toEqual([
      'unknown image type "Hologram" (stored without one)',
      'unknown language "xx" (stored without one)',
    ]);
    const images: {
      link_object_id: string;
      program_title: string;
      image_url: string;
      type: string | null;
      lang: string | null;
      rights_name: string;
      status: number;
    }[] = await t.db.query(
      `SELECT p.link_object_id, p.program_title, p.image_url, t.title AS type, l.title AS lang, p.rights_name, p.status
           FROM smartcrop_programimage p LEFT JOIN smartcrop_imagetype_lookup t ON t.id = p.image_type_id
           LEFT JOIN smartcrop_imagelanguage_lookup l ON l.id = p.language_id WHERE p.provider_name = 'PressSite' ORDER BY p.link_object_id`,
    );
    expect(images).toEqual([
      {
        link_object_id: '9001',
        program_title: 'Night News',
        image_url: 'https://img.example.com/9001.jpg',
        type: 'Poster',
        lang: 'English',
        rights_name: 'TiVo Licensed',
        status: 1,
      },
      {
        link_object_id: '9002',
        program_title: 'Rich Title',
        image_url: 'https://img.example.com/9002.jpg',
        type: 'Backdrop',
        lang: 'Spanish',
        rights_name: 'Custom Rights',
        status: 1,
      },
      {
        link_object_id: '9003',
        program_title: 'Dated',
        image_url: 'https://img.example.com/9003.jpg',
        type: null,
        lang: null,
        rights_name: 'TiVo Licensed',
        status: 1,
      },
    ]);
    const row: { episode_title: string; source_row: number }[] = await t.db.query(
      `SELECT episode_title, source_row FROM smartcrop_inputfiles WHERE program_id = 9003`,
    );
    expect(row[0]).toEqual({ episode_title: '2026-01-02T00:00:00.000Z', source_row: 5 });
    expect(existsSync(join(inbox, 'processed', 'PS_2026-11-25.xlsx'))).toBe(true);
    const runs = await t
      .http()
      .get('/jobs/runs?job=ingest')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    expect(runs.body.Data.Items[0]).toMatchObject({
      Job: 'ingest',
      Trigger: 'api',
      Outcome: 'success',
      Rows: 3,
    });
  });

  it('reads the TMDB, Sling and Email layouts into the same row model', async () => {
    await writeManifest(
      join(inbox, 'tmdb_a.xlsx'),
      ['tivo_id', 'title', 'release_year', 'file_path', 'image_type', 'iso_639_1', 'width', 'height'],
      [[7001, 'Film', 1999, '/abc.jpg', 'poster', 'fr', 2000, 3000]],
    );
    await writeManifest(
      join(inbox, 'SLING_b.xlsx'),
      ['ProgramID', 'ProgramName', 'AssetURL', 'AssetType', 'Lang', 'AssetWidth', 'AssetHeight'],
      [[7002, 'Show', 'https://sling.example.com/x.png', 'Still', 'de', '1920', '1080']],
    );
    await writeManifest(
      join(inbox, 'EMAIL_c.xlsx'),
      ['Program Id', 'Program Name', 'Image Link', 'Image Type', 'Language', 'Provider'],
      [[7003, 'Mailed', 'https://mail.example.com/y.jpg', 'Logo', 'en', 'Acme Press']],
    );
    const res = await run().expect(200);
    expect(res.body.Data).toMatchObject({ FilesSeen: 3, Ingested: 3, RowsInserted: 3, ImagesDerived: 3 });
    const rows: {
      provider_name: string;
      image_url: string;
      width: number | null;
      release_year: number | null;
    }[] = await t.db.query(
      `SELECT provider_name, image_url, width, release_year FROM smartcrop_inputfiles WHERE program_id IN (7001, 7002, 7003) ORDER BY program_id`,
    );
    expect(rows).toEqual([
      {
        provider_name: 'TMDB',
        image_url: 'https://image.tmdb.org/t/p/original/abc.jpg',
        width: 2000,
        release_year: 1999,
      },
      {
        provider_name: 'Sling',
        image_url: 'https://sling.example.com/x.png',
        width: 1920,
        release_year: null,
      },
      {
        provider_name: 'Acme Press',
        image_url: 'https://mail.example.com/y.jpg',
        width: null,
        release_year: null,
      },
    ]);
  });

  it('skips unknown prefixes and reports duplicates (same name and time, or same content) without new rows', async () => {
    await writeManifest(join(inbox, 'PS_dup.xlsx'), PS_HEADER, [
      [8001, 'Dup', null, null, null, 'https://img.example.com/8001.jpg'],
    ]);
    writeFileSync(join(inbox, 'XYZ_unknown.xlsx'), 'whatever');
    const first = await run().expect(200);
    expect(first.body.Data).toMatchObject({ Ingested: 1, Skipped: 1 });
    expect(first.body.Data.Files.find((f: { File: string }) => f.File === 'XYZ_unknown.xlsx').Reason).toBe(
      'skipped: unknown provider prefix',
    );
    // the same content under another name
    const { copyFileSync } = await import('node:fs');
    copyFileSync(join(inbox, 'processed', 'PS_dup.xlsx'), join(inbox, 'PS_dup_resent.xlsx'));
    const before = await count('smartcrop_programimage');
    const second = await run().expect(200);
    expect(second.body.Data).toMatchObject({ Ingested: 0, Duplicates: 1 });
    expect(await count('smartcrop_programimage')).toBe(before);
  });

  it.each([
    [
      'missing header',
      async (p: string) => writeManifest(p, ['Program ID', 'Title'], [[1, 'x']]),
      /missing required header\(s\) "Image URL"; headers found: "Program ID", "Title"/,
    ],
    [
      'bad rows',
      async (p: string) =>
        writeManifest(p, PS_HEADER, [
          [6001, 'Good', null, null, null, 'https://img.example.com/6001.jpg'],
          [-5, 'Negative', null, null, null, 'https://img.example.com/x.jpg'],
          [6003, null, null, null, null, 'https://img.example.com/6003.jpg'],
          [6004, 'No URL', null, null, null, 'not a url'],
          ['abc', null, null, null, null, null],
        ]),
      /4 row\(s\) are invalid/,
    ],
    [
      'not a zip',
      (p: string) => Promise.resolve(writeFileSync(p, 'Program ID,Title\n1,x\n')),
      /not an \.xlsx file/,
    ],
    [
      'truncated zip',
      async (p: string) =>
        writeTruncated(
          p,
          PS_HEADER,
          Array.from({ length: 200 }, (_, i) => [
            i + 1,
            't',
            null,
            null,
            null,
            'https://x.example.com/a.jpg',
          ]),
        ),
      /not an \.xlsx file|not a readable/,
    ],
    ['empty sheet', async (p: string) => writeEmptyWorkbook(p), /first sheet is empty/],
    ['zip bomb', (p: string) => Promise.resolve(writeZipBomb(p, 64)), /zip bomb/],
  ])(
    'rejects a file with %s whole: no rows, moved to rejected/ with its reasons',
    async (_label, make, reason) => {
      const before = await count('smartcrop_inputfiles');
      await make(join(inbox, 'PS_broken.xlsx'));
      const res = await run().expect(200);
      expect(res.body.Data).toMatchObject({ FilesSeen: 1, Rejected: 1, RowsInserted: 0 });
      expect(res.body.Data.Files[0].Reason).toMatch(reason);
      expect(await count('smartcrop_inputfiles')).toBe(before);
      expect(existsSync(join(inbox, 'rejected', 'PS_broken.xlsx'))).toBe(true);
      const errorText = readFileSync(join(inbox, 'rejected', 'PS_broken.xlsx.error.txt'), 'utf8');
      expect(errorText).toMatch(reason);
      if (_label === 'bad rows') {
        expect(res.body.Data.Files[0].RowErrors[0]).toEqual({
          Row: 3,
          Reason: 'Program id "-5" is not a positive integer',
        });
        expect(keysNotPascal(res.body)).toEqual([]);
        expect(errorText).toContain('row 3: Program id "-5" is not a positive integer');
        expect(errorText).toContain('row 4: title is missing');
        expect(errorText).toContain('row 5: image URL "not a url" is not an http(s) or s3 URL');
        // every problem of a row, not only its first
        expect(errorText).toContain(
          'row 6: Program id "abc" is not a positive integer; title is missing; image URL is missing',
        );
      }
    },
  );

  it('rejects a file over the size cap before parsing it, and one over the row cap while parsing', async () => {
    const fw = t.config.filewatcher;
    const saved = { maxRows: fw.maxRows, maxFileBytes: fw.maxFileBytes };
    const rows = (from: number) =>
      Array.from({ length: 5 }, (_, i) => [
        from + i,
        'Capped',
        null,
        null,
        null,
        `https://img.example.com/${from + i}.jpg`,
      ]);
    const before = await count('smartcrop_inputfiles');
    try {
      fw.maxRows = 3;
      await writeManifest(join(inbox, 'PS_rows.xlsx'), PS_HEADER, rows(7001));
      const tooMany = await run().expect(200);
      expect(tooMany.body.Data).toMatchObject({ Rejected: 1, RowsInserted: 0 });
      expect(tooMany.body.Data.Files[0].Reason).toMatch(/more than 3 rows/);

      fw.maxRows = saved.maxRows;
      fw.maxFileBytes = 1000;
      await writeManifest(join(inbox, 'PS_big.xlsx'), PS_HEADER, rows(7101));
      const tooBig = await run().expect(200);
      expect(tooBig.body.Data).toMatchObject({ Rejected: 1, RowsInserted: 0 });
      expect(tooBig.body.Data.Files[0].Reason).toMatch(/larger than the 1000 byte limit/);
    } finally {
      Object.assign(fw, saved);
    }
    expect(await count('smartcrop_inputfiles')).toBe(before);
    expect(existsSync(join(inbox, 'rejected', 'PS_rows.xlsx.error.txt'))).toBe(true);
    expect(existsSync(join(inbox, 'rejected', 'PS_big.xlsx.error.txt'))).toBe(true);
  });

  it('a fault of ours stops the run, keeps the file for the next one, and the ledger says what went in before', async () => {
    await writeManifest(join(inbox, 'PS_a_first.xlsx'), PS_HEADER, [
      [3101, 'First', null, null, null, 'https://img.example.com/3101.jpg'],
    ]);
    await writeManifest(join(inbox, 'PS_b_fault.xlsx'), PS_HEADER, [
      [3102, 'Second', null, null, null, 'https://img.example.com/3102.jpg'],
    ]);
    // a real error from the database, of a kind no file's content causes (internal_error)
    await t.db.query(`
      CREATE FUNCTION fail_fault_file() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.source_file = 'PS_b_fault.xlsx' THEN RAISE EXCEPTION 'disk trouble' USING ERRCODE = 'XX000'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER fail_fault_file BEFORE INSERT ON smartcrop_inputfiles FOR EACH ROW EXECUTE FUNCTION fail_fault_file();`);
    try {
      const res = await run().expect(500);
      expect(JSON.stringify(res.body)).not.toContain('disk trouble');
    } finally {
      await t.db.query(
        `DROP TRIGGER fail_fault_file ON smartcrop_inputfiles; DROP FUNCTION fail_fault_file()`,
      );
    }
    expect(existsSync(join(inbox, 'processed', 'PS_a_first.xlsx'))).toBe(true);
    expect(existsSync(join(inbox, 'PS_b_fault.xlsx'))).toBe(true);
    expect(existsSync(join(inbox, 'rejected'))).toBe(false);
    const runs = await t
      .http()
      .get('/jobs/runs?job=ingest')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    expect(runs.body.Data.Items[0]).toMatchObject({ Outcome: 'failed', Rows: 1, Files: ['PS_a_first.xlsx'] });
    expect(runs.body.Data.Items[0].Summary.Files).toEqual([
      { File: 'PS_a_first.xlsx', Outcome: 'ingested', RowsInserted: 1, ImagesDerived: 1 },
    ]);
    // the fault gone, the next run takes the file it left
    const again = await run().expect(200);
    expect(again.body.Data).toMatchObject({ Ingested: 1, RowsInserted: 1 });
    expect(await count('smartcrop_inputfiles', 'program_id IN (3101, 3102)')).toBe(2);
  });

  it('refuses folders outside the ingest root, however they are spelled', async () => {
    const outside = join(t.dir, 'outside');
    mkdirSync(outside, { recursive: true });
    symlinkSync(outside, join(inbox, 'link-out'));
    for (const folder of [
      outside,
      `${inbox}/../../`,
      join(inbox, 'link-out'),
      '/etc',
      join(inbox, 'missing'),
    ]) {
      const res = await run(folder).expect(400);
      expect(res.body.Message).toMatch(/ingest root|not an existing folder/);
      expect(JSON.stringify(res.body)).not.toContain(t.dir);
    }
    await t.http().post('/filewatcher/run-local').set('Authorization', `Bearer ${admin.token}`).expect(400);
  });

  it('keeps the earlier rows when the same rows come again in a new file', async () => {
    const rows = [[5001, 'Again', null, null, null, 'https://img.example.com/5001.jpg']];
    await writeManifest(join(inbox, 'PS_one.xlsx'), PS_HEADER, rows);
    await run().expect(200);
    await writeManifest(join(inbox, 'PS_two.xlsx'), PS_HEADER, [
      ...rows,
      [5002, 'New', null, null, null, 'https://img.example.com/5002.jpg'],
    ]);
    utimesSync(join(inbox, 'PS_two.xlsx'), new Date(), new Date(Date.now() + 5000));
    const res = await run().expect(200);
    expect(res.body.Data).toMatchObject({ Ingested: 1, RowsInserted: 1, ImagesDerived: 1 });
    expect(await count('smartcrop_programimage', 'link_object_id IN (5001, 5002)')).toBe(2);
  });

  it('derives one image per new ref across chunks, a repeated row once, lookups matched padded or in any case', async () => {
    const BASE = 770_000; // program ids no other case uses
    const rows: ExcelJS.CellValue[][] = [];
    for (let i = 0; i < INSERT_CHUNK * 2 + 5; i++)
      rows.push([
        BASE + i,
        `Chunked ${i}`,
        null,
        null,
        null,
        `https://img.example.com/c${i}.jpg`,
        ' POSTER ',
        ' ES ',
      ]);
    rows.push(rows[3]); // the same row again, in a later chunk
    rows.push([
      BASE - 1,
      'By title',
      null,
      null,
      null,
      'https://img.example.com/c-title.jpg',
      'backdrop',
      '  english ',
    ]);
    await writeManifest(join(inbox, 'PS_chunks.xlsx'), PS_HEADER, rows);
    const res = await run().expect(200);
    const expected = INSERT_CHUNK * 2 + 6;
    expect(res.body.Data).toMatchObject({ Ingested: 1, RowsInserted: expected, ImagesDerived: expected });
    expect(res.body.Data.Files[0].Warnings).toBeUndefined();
    const byLookup: { type: string; lang: string; n: number }[] = await t.db.query(
      `SELECT t.title AS type, l.title AS lang, count(*)::int AS n
         FROM smartcrop_programimage p JOIN smartcrop_imagetype_lookup t ON t.id = p.image_type_id
         JOIN smartcrop_imagelanguage_lookup l ON l.id = p.language_id
        WHERE p.link_object_id BETWEEN ${BASE - 1} AND ${BASE + INSERT_CHUNK * 2 + 5} GROUP BY 1, 2 ORDER BY 1`,
    );
    expect(byLookup).toEqual([
      { type: 'Backdrop', lang: 'English', n: 1 },
      { type: 'Poster', lang: 'Spanish', n: INSERT_CHUNK * 2 + 5 },
    ]);
    // images follow the sheet's order
    const order: { ok: boolean }[] = await t.db.query(
      `SELECT bool_and(ordered) AS ok FROM (
         SELECT p.link_object_id >= lag(p.link_object_id) OVER (ORDER BY p.id) IS NOT FALSE AS ordered
           FROM smartcrop_programimage p WHERE p.link_object_id BETWEEN ${BASE} AND ${BASE + INSERT_CHUNK * 2 + 5}) o`,
    );
    expect(order[0].ok).toBe(true);
  });
});
