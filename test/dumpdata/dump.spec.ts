import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { spreadsheetSafe } from '../../src/dumpdata/dump.repository.js';
import { copyCsvToFile } from '../../src/infra/database/copy-csv.js';
import { join } from 'node:path';
import { BATCH_COLUMNS } from '../../src/batchjob/batch-export.repository.js';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { exportsDir, parseCsv, readCsv } from '../harness/export-files.js';

const CDN = { CDN_ORIGIN_BASE_URL: 'https://origin.test/bucket/', CDN_REWRITE_BASE_URL: 'https://cdn.test' };
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Every key of a JSON value, at every depth. */
const keysOf = (v: unknown): string[] =>
  v && typeof v === 'object'
    ? Object.entries(v).flatMap(([k, x]) => [...(Array.isArray(v) ? [] : [k]), ...keysOf(x)])
    : [];

/** The rows of one dump file as objects keyed by its header. */
function dumpRows(t: TestApp, dir: string, kind: string): Record<string, string>[] {
  const name = readdirSync(exportsDir(t.dir, dir)).find((f) => f.includes(`_${kind}_`))!;
  const [header, ...rows] = readCsv(exportsDir(t.dir, dir, name));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

describe('the data dump as spreadsheets open it', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp(CDN);
    admin = await t.createUser('Admin');
  });
  afterAll(() => t.close());

  const post = (path: string) => t.http().post(path).set('Authorization', `Bearer ${admin.token}`);

  it('neutralises formula-like text, keeps numbers, writes ISO-8601 UTC times and CDN URLs', async () => {
    const img = await t.factory.programImage({ Status: 3, Renditions: [1] });
    await t.db.query(
      `UPDATE smartcrop_programimage
          SET program_title = '=HYPERLINK("http://evil.test","x")', episode_title = '-1',
              rights_name = '@SUM(A1)', image_notes = E'\\tcmd', image_url = 'https://origin.test/bucket/src/a.jpg'
        WHERE id = $1`,
      [img.id],
    );
    await t.db.query(`UPDATE smartcrop_programimage SET image_notes = '+1+2' WHERE id = $1`, [img.id]);
    // the batch manifest is machine-read: it keeps the values exactly, CDN-rewritten source URL included
    const batch = await post('/batchjob/run').expect(200);
    const [manifest] = batch.body.Data.Files as string[];
    const [header, row] = readCsv(join(exportsDir(t.dir), manifest));
    const line = Object.fromEntries(header.map((h, i) => [h, row[i]]));
    expect(header).toEqual([...BATCH_COLUMNS]);
    expect(line).toMatchObject({
      ProgramTitle: '=HYPERLINK("http://evil.test","x")',
      EpisodeTitle: '-1',
      RightsName: '@SUM(A1)',
      ImageNotes: '+1+2',
      SourceImageUrl: 'https://cdn.test/src/a.jpg',
    });

    await post('/dumpdata/run?date_range=1').expect(200);
    const [programme] = dumpRows(t, 'dump', 'Programme').filter((r) => r.image_id === String(img.id));
    expect(programme).toMatchObject({
      program_id: String(img.programId),
      program_title: `'=HYPERLINK("http://evil.test","x")`,
      episode_title: '-1', // a plain number stays a number
      rights_name: `'@SUM(A1)`,
      image_notes: `'+1+2`,
      image_url: 'https://cdn.test/src/a.jpg',
      status: '5',
      output_file_name: manifest,
    });
    expect(programme.created_at).toMatch(ISO_UTC);
    expect(programme.exported_at).toMatch(ISO_UTC);

    const [aspect] = dumpRows(t, 'dump', 'Aspect').filter((r) => r.image_id === String(img.id));
    expect(aspect).toMatchObject({
      source_image_url: 'https://cdn.test/src/a.jpg',
      cdn_url: `https://cdn.test/crops/${img.id}/1.jpg`,
      program_title: `'=HYPERLINK("http://evil.test","x")`,
    });
    expect(aspect.updated_at).toMatch(ISO_UTC);

    const audit = dumpRows(t, 'audit', 'Audit').filter((r) => r.image_id === String(img.id));
    expect(audit.map((r) => r.action)).toEqual(['export']);
    expect(audit[0].created_at).toMatch(ISO_UTC);
  });

  it('quotes every neutralised text cell, and a tab or CR at the start is neutralised too', async () => {
    const img = await t.factory.programImage({ Status: 1 });
    await t.db.query(
      `UPDATE smartcrop_programimage SET program_title = E'\\rX', episode_title = E'\\tY' WHERE id = $1`,
      [img.id],
    );
    await post('/dumpdata/run?date_range=1').expect(200);
    const dir = exportsDir(t.dir, 'dump');
    const name = readdirSync(dir)
      .filter((f) => f.includes('_Programme_'))
      .sort()
      .at(-1)!;
    const text = readFileSync(join(dir, name), 'utf8');
    expect(text).toContain(`"'\rX","'\tY"`);
    const [header, ...rows] = parseCsv(text);
    const row = rows.find((r) => r[header.indexOf('image_id')] === String(img.id))!;
    expect(row[header.indexOf('program_title')]).toBe("'\rX");
  });

  it('leaves numeric columns alone, negative numbers included, and guards text that only looks numeric-led', async () => {
    const client = new pg.Client({ connectionString: t.database.url });
    await client.connect();
    try {
      const safe = await spreadsheetSafe(
        client,
        `SELECT -5::int AS n, -2.5::numeric AS d, '-5+1'::text AS f, '-7'::text AS t, NULL::text AS empty,
                '2026-12-02T04:39:15.841Z'::timestamptz AS at`,
      );
      expect(safe.forceQuote).toEqual(['f', 't', 'empty']);
      const path = join(t.dir, 'safe.csv');
      await copyCsvToFile(client, safe.select, path, undefined, safe.forceQuote);
      expect(readFileSync(path, 'utf8')).toBe(
        `n,d,f,t,empty,at\n-5,-2.5,"'-5+1","-7",,2026-12-02T04:39:15.841Z\n`,
      );
    } finally {
      await client.end();
    }
  });

  it('batch and dump summaries are PascalCase at every depth, in the response and in the ledger', async () => {
    await t.factory.programImage({ Status: 3, Renditions: [1, 2] });
    const batch = await post('/batchjob/run').expect(200);
    expect(batch.body.Data.Summary).toMatchObject({
      Images: 1,
      Renditions: 2,
      Target: 'folder',
      Location: batch.body.Data.Files[0],
      TimingsMs: { CopyAndStamp: expect.any(Number), Upload: expect.any(Number), Commit: expect.any(Number) },
    });
    const dump = await post('/dumpdata/run?date_range=2').expect(200);
    expect(dump.body.Data.Summary).toEqual({
      DateRange: 2,
      Target: 'folder',
      Rows: {
        Programme: expect.any(Number),
        Aspect: expect.any(Number),
        Summary: expect.any(Number),
        Audit: expect.any(Number),
      },
    });
    const ledger = await t.http().get('/jobs/runs').set('Authorization', `Bearer ${admin.token}`).expect(200);
    const summaries = (ledger.body.Data.Items as { Summary: object }[]).map((r) => r.Summary);
    expect(summaries.length).toBeGreaterThan(2);
    for (const key of keysOf([batch.body.Data.Summary, dump.body.Data.Summary, ...summaries])) {
      expect(key).toMatch(/^[A-Z][A-Za-z0-9]*$/);
    }
  });
});
