import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import {
  CAPS,
  hostileManifests,
  writeGood,
  type HostileContext,
  type HostileManifest,
} from './hostile-manifests.js';

const CORPUS = hostileManifests();

interface FileOutcome {
  File: string;
  Outcome: string;
  Reason?: string;
  RowsInserted?: number;
}

const nameOf = (f: string | Buffer) => (Buffer.isBuffer(f) ? f.toString('utf8') : f);
const inDir = (dir: string, f: string | Buffer) =>
  Buffer.isBuffer(f) ? Buffer.concat([Buffer.from(`${dir}/`), f]) : join(dir, f);

describe('filewatcher: hostile manifests are rejected one by one, and the run goes on', () => {
  let t: TestApp;
  let admin: TestUser;
  let server: Server;
  let hits = 0;
  let ctx: HostileContext;
  let n = 0;
  let goodId = 480_000;

  beforeAll(async () => {
    t = await startTestApp({
      INGEST_MAX_INFLATED_BYTES: String(CAPS.inflated),
      INGEST_MAX_INFLATED_PART_BYTES: String(CAPS.part),
      INGEST_MAX_ROWS: String(CAPS.rows),
    });
    admin = await t.createUser('Admin');
    server = createServer((_req, res) => {
      hits++;
      res.end('<!ENTITY leak "from the network">');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as AddressInfo).port;
    ctx = { secretFile: join(t.dir, 'secret.txt'), secretUrl: `http://127.0.0.1:${port}/entity.dtd` };
    writeFileSync(ctx.secretFile, 'TOP-SECRET-CONTENT-9f1c');
  });
  afterAll(async () => {
    await new Promise((ok) => server.close(ok));
    await t.close();
  });

  const inbox = () => {
    const dir = join(t.config.filewatcher.ingestRoot, `hostile${++n}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const run = (folder: string) =>
    t
      .http()
      .post(`/filewatcher/run-local?folder_path=${encodeURIComponent(folder)}`)
      .set('Authorization', `Bearer ${admin.token}`);
  const rowsFrom = async (file: string) =>
    (
      await t.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM smartcrop_inputfiles WHERE source_file = $1`,
        [file],
      )
    )[0].n;

  /** The rejected file sits in rejected/ beside a readable .error.txt, and left no rows. */
  async function expectRejected(dir: string, h: HostileManifest, outcome: FileOutcome | undefined) {
    expect(outcome).toMatchObject({ Outcome: 'rejected' });
    expect(outcome!.Reason).toMatch(h.reason);
    expect(existsSync(inDir(dir, h.file))).toBe(false);
    expect(existsSync(inDir(join(dir, 'rejected'), h.file))).toBe(true);
    const errorFile = Buffer.isBuffer(h.file)
      ? Buffer.concat([Buffer.from(`${dir}/rejected/`), h.file, Buffer.from('.error.txt')])
      : join(dir, 'rejected', `${h.file}.error.txt`);
    const text = readFileSync(errorFile, 'utf8');
    expect(text).toMatch(h.reason);
    expect(text).not.toMatch(/\n\s+at |node_modules|TypeError/);
    expect(text).not.toContain(t.dir);
    expect(await rowsFrom(nameOf(h.file))).toBe(0);
    // the same names come in several tests: none of their records may say ingested
    const upload = await t.db.query<{ status: string }[]>(
      `SELECT DISTINCT status FROM smartcrop_upload_files WHERE file_name = $1`,
      [nameOf(h.file)],
    );
    expect(upload.map((u) => u.status)).toEqual(['rejected']);
  }

  it('holds at least 15 variants', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(15);
  });

  it.each(CORPUS.map((h) => [h.label, h] as const))(
    '%s: rejected alone, the good file after it goes in',
    async (_label, h) => {
      const dir = inbox();
      await h.build(inDir(dir, h.file), ctx);
      const good = `PS_zz_good_${++goodId}.xlsx`;
      await writeGood(join(dir, good), goodId);
      const res = await run(dir).expect(200);
      const files = res.body.Data.Files as FileOutcome[];
      await expectRejected(
        dir,
        h,
        files.find((f) => f.File === nameOf(h.file)),
      );
      expect(files.find((f) => f.File === good)).toEqual({
        File: good,
        Outcome: 'ingested',
        RowsInserted: 1,
        ImagesDerived: 1,
      });
      expect(res.body.Data).toMatchObject({ FilesSeen: 2, Rejected: 1, Ingested: 1, RowsInserted: 1 });
      expect(existsSync(join(dir, 'processed', good))).toBe(true);
      if (h.secret) {
        const everything = JSON.stringify(res.body) + readdirSync(join(dir, 'rejected')).join();
        expect(everything).not.toContain('TOP-SECRET');
        const leaked = await t.db.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM smartcrop_inputfiles WHERE program_title LIKE '%TOP-SECRET%' OR program_title LIKE '%from the network%'`,
        );
        expect(leaked[0].n).toBe(0);
        expect(hits).toBe(0);
      }
    },
  );

  it('a run of the whole corpus rejects each bad file and ingests every good file between them', async () => {
    const dir = inbox();
    const goods: string[] = [];
    for (const h of CORPUS) {
      await h.build(inDir(dir, h.file), ctx);
      // right after its hostile neighbour in the run's order ('~' sorts after letters and '.')
      const good = `PS_${nameOf(h.file).replace(/^[A-Z]+_|\.xlsx$/g, '')}~good.xlsx`.replace(
        /[^\w.~-]/g,
        '_',
      );
      ++goodId;
      await writeGood(join(dir, good), goodId);
      goods.push(good);
    }
    const res = await run(dir).expect(200);
    const files = res.body.Data.Files as FileOutcome[];
    for (const h of CORPUS)
      await expectRejected(
        dir,
        h,
        files.find((f) => f.File === nameOf(h.file)),
      );
    for (const g of goods) {
      const f = files.find((o) => o.File === g);
      expect({ File: g, Outcome: f?.Outcome, Reason: f?.Reason }).toEqual({ File: g, Outcome: 'ingested' });
    }
    expect(res.body.Data).toMatchObject({ Rejected: CORPUS.length, Ingested: goods.length });
    const runs = await t
      .http()
      .get('/jobs/runs?job=ingest')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    expect(runs.body.Data.Items[0]).toMatchObject({ Outcome: 'success', Rows: goods.length });
  });
});
