import ExcelJS from 'exceljs';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';

type Counts = Record<string, number>;

describe('dashboard and reports', () => {
  let t: TestApp;
  let admin: TestUser;
  let op: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.createUser('Admin');
    op = await t.createUser('Operator');
  });
  afterAll(() => t.close());

  const get = (u: TestUser, path: string) => t.http().get(path).set('Authorization', `Bearer ${u.token}`);

  /** The truth, counted from the base table. */
  async function truth(): Promise<{ totals: Counts; providers: Record<string, Counts> }> {
    const rows: {
      provider_name: string;
      status: number;
      current_state: number;
      auto_crop: number | null;
      n: number;
    }[] = await t.db.query(
      `SELECT provider_name, status, current_state, auto_crop, count(*)::int AS n FROM smartcrop_programimage GROUP BY 1, 2, 3, 4`,
    );
    const pick = (f: (r: (typeof rows)[number]) => boolean, rs = rows) =>
      rs.filter(f).reduce((a, r) => a + r.n, 0);
    const counts = (rs: typeof rows) => ({
      Total: pick(() => true, rs),
      OperatorQueued: pick((r) => r.status === 1 && r.current_state === 0, rs),
      QAQueued: pick((r) => r.status === 2 && r.current_state === 0, rs),
      Completed: pick((r) => r.status === 3, rs),
      Rejected: pick((r) => r.status === 4, rs),
      Exported: pick((r) => r.status === 5, rs),
      AutoCropped: pick((r) => r.auto_crop !== null, rs),
      AutoCroppedSentBack: pick((r) => r.auto_crop === 2, rs),
    });
    const totals = {
      ...counts(rows),
      OperatorLocked: pick((r) => r.status === 1 && r.current_state === 1),
      QALocked: pick((r) => r.status === 2 && r.current_state === 1),
    };
    const providers: Record<string, Counts> = {};
    for (const p of new Set(rows.map((r) => r.provider_name)))
      providers[p] = counts(rows.filter((r) => r.provider_name === p));
    return { totals, providers };
  }

  async function expectCountsMatch() {
    const want = await truth();
    const totals = await get(op, '/dashboard/Totals').expect(200);
    expect(totals.body.Data).toEqual(want.totals);
    const list = await get(op, '/dashboard/ProviderList?pageSize=500').expect(200);
    const got: Record<string, Counts> = {};
    for (const {
      ProviderName,
      LastIngestedAt: _,
      OperatorOldestQueuedAt: _o,
      QAOldestQueuedAt: _q,
      ...c
    } of list.body.Data.Items)
      got[ProviderName] = c;
    expect(got).toEqual(want.providers);
  }

  /**
   * Each test seeds the desk it reads: the images of earlier tests are deleted first (through the counting
   * triggers, so the counters stay true), and a test passes or fails the same run alone or after others.
   */
  async function freshDesk(): Promise<void> {
    await t.db.query(`DELETE FROM programimage_audit`);
    await t.db.query(`DELETE FROM smartcrop_aspectratioimages`);
    await t.db.query(`DELETE FROM smartcrop_programimage`);
  }

  /** Four providers: PressSite the largest, TMDB at QA, Sling rejected, Email queued. */
  async function seedFourProviders(): Promise<void> {
    await freshDesk();
    await t.factory.queue({ Provider: 'PressSite', Programs: 300, ImagesPerProgram: 3 });
    await t.factory.queue({ Provider: 'TMDB', Programs: 200, ImagesPerProgram: 2, Status: 2 });
    await t.factory.queue({ Provider: 'Sling', Programs: 25, ImagesPerProgram: 1, Status: 4 });
    await t.factory.queue({ Provider: 'Email', Programs: 25, ImagesPerProgram: 1 });
  }

  it('counts every state exactly, through bulk inserts, updates, moves and deletes', async () => {
    await freshDesk();
    await t.factory.queue({ Provider: 'PressSite', Programs: 300, ImagesPerProgram: 3 });
    await t.factory.queue({ Provider: 'TMDB', Programs: 200, ImagesPerProgram: 2, Status: 2 });
    await t.factory.queue({ Provider: 'Sling', Programs: 50, ImagesPerProgram: 1, Status: 4 });
    await expectCountsMatch();

    // a bulk update across states, locks with owners, completions, exports, a provider rename, deletes
    await t.db.query(
      `UPDATE smartcrop_programimage SET current_state = 1, locked_by = $1, previous_state = 0
        WHERE provider_name = 'PressSite' AND id % 7 = 0`,
      [op.id],
    );
    await t.db.query(
      `UPDATE smartcrop_programimage SET status = 3 WHERE provider_name = 'TMDB' AND id % 3 = 0`,
    );
    await t.db.query(
      `UPDATE smartcrop_programimage SET status = 5, output_file_name = 'SmartCrop_x.csv' WHERE provider_name = 'TMDB' AND id % 3 = 1`,
    );
    // auto-cropped images (set as auto-crop and QA's send-back set them), then moved, renamed, deleted
    await t.db.query(
      `UPDATE smartcrop_programimage SET auto_crop = CASE WHEN id % 3 = 0 THEN 2 ELSE 1 END
        WHERE provider_name IN ('TMDB', 'Sling') AND id % 4 <> 1`,
    );
    await t.db.query(
      `UPDATE smartcrop_programimage SET auto_crop = 2 WHERE provider_name = 'TMDB' AND id % 5 = 0`,
    );
    await t.db.query(
      `UPDATE smartcrop_programimage SET provider_name = 'Email' WHERE provider_name = 'Sling' AND id % 2 = 0`,
    );
    await t.db.query(`UPDATE smartcrop_programimage SET last_activity_at = now() WHERE current_state = 1`); // no count moves
    await t.db.query(`DELETE FROM smartcrop_programimage WHERE provider_name = 'Sling' AND id % 5 = 0`);
    await expectCountsMatch();

    // a rolled-back change leaves no trace in the counters
    await t.db
      .transaction(async (m) => {
        await m.query(
          `UPDATE smartcrop_programimage SET status = 4, auto_crop = 1 WHERE provider_name = 'PressSite'`,
        );
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await expectCountsMatch();
  });

  it('rebuilds the counters from the base table on demand', async () => {
    await seedFourProviders();
    await t.db.query(
      `UPDATE smartcrop_programimage SET auto_crop = 1 WHERE provider_name = 'TMDB' AND id % 2 = 0`,
    );
    await t.db.query(`UPDATE smartcrop_status_counter SET n = n + 1000`);
    await t.db.query(
      `UPDATE smartcrop_autocrop_counter SET cropped = cropped + 7, sent_back = sent_back + 3`,
    );
    await expect(expectCountsMatch()).rejects.toThrow(); // the counters are wrong now
    await t.db.query(`SELECT smartcrop_recount_counters()`);
    await expectCountsMatch();
  });

  it('pages providers in SQL with consistent totals and validated paging', async () => {
    await seedFourProviders();
    const page1 = await get(op, '/dashboard/ProviderList?pageNumber=1&pageSize=2').expect(200);
    expect(page1.body.Data).toMatchObject({ PageNumber: 1, PageSize: 2, TotalRecords: 4, TotalPages: 2 });
    expect(page1.body.Data.Items.map((p: { ProviderName: string }) => p.ProviderName)).toEqual([
      'Email',
      'PressSite',
    ]);
    const page2 = await get(op, '/dashboard/ProviderList?pageNumber=2&pageSize=2').expect(200);
    expect(page2.body.Data.Items.map((p: { ProviderName: string }) => p.ProviderName)).toEqual([
      'Sling',
      'TMDB',
    ]);
    const past = await get(op, '/dashboard/ProviderList?pageNumber=9&pageSize=2').expect(200);
    expect(past.body.Data).toMatchObject({ Items: [], TotalRecords: 4, TotalPages: 2 });
    const byTotal = await get(op, '/dashboard/ProviderList?sortBy=Total').expect(200);
    expect(byTotal.body.Data.Items[0].ProviderName).toBe('PressSite');
    expect(byTotal.body.Data.Items[0].LastIngestedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const capped = await get(op, '/dashboard/ProviderList?pageSize=501').expect(200);
    expect(capped.body.Data.PageSize).toBe(500);
    await get(op, '/dashboard/ProviderList?pageNumber=0').expect(400);
    await get(op, '/dashboard/ProviderList?sortBy=1;DROP').expect(400);
    await t.http().get('/dashboard/Totals').expect(401);
  });

  describe('the activity report', () => {
    beforeAll(async () => {
      await freshDesk();
      await t.factory.queue({ Provider: 'PressSite', Programs: 130 });
      // 120 audit rows over three days for two users
      await t.db.query(
        `INSERT INTO programimage_audit (image_id, program_id, action, from_status, to_status, from_state, to_state, user_id, created_at)
         SELECT p.id, p.link_object_id, CASE WHEN g % 2 = 0 THEN 'operator_done' ELSE 'lock' END, 1, CASE WHEN g % 2 = 0 THEN 2 ELSE 1 END,
                0, 1, CASE WHEN g % 3 = 0 THEN $1::int ELSE $2::int END,
                timestamptz '2026-11-20 08:00:00+00' + (g % 3) * interval '1 day' + g * interval '1 minute'
           FROM generate_series(1, 120) g
           JOIN LATERAL (SELECT id, link_object_id FROM smartcrop_programimage WHERE provider_name = 'PressSite' ORDER BY id OFFSET g LIMIT 1) p ON true`,
        [admin.id, op.id],
      );
    });

    const report = (q: string) => get(admin, `/report/CroppedImageReport?${q}`);

    it('pages the rows of the range with totals that agree across pages', async () => {
      const all: number[] = [];
      let total = -1;
      for (let page = 1; page <= 3; page++) {
        const res = await report(
          `fromDate=2026-11-20&toDate=2026-11-22&pageNumber=${page}&pageSize=50`,
        ).expect(200);
        total = res.body.Data.TotalRecords;
        expect(res.body.Data.TotalPages).toBe(3);
        all.push(...res.body.Data.Items.map((r: { AuditId: number }) => r.AuditId));
      }
      expect(total).toBe(120);
      expect(new Set(all).size).toBe(120);
      const first = (await report('fromDate=2026-11-20&toDate=2026-11-20&pageSize=500').expect(200)).body
        .Data;
      expect(first.TotalRecords).toBe(40); // toDate is a whole day, inclusive
      expect(first.Items[0]).toMatchObject({
        Action: expect.any(String),
        ProviderName: 'PressSite',
        ProgramTitle: expect.stringMatching(/^Programme /),
        Renditions: 0,
      });
      const byUser = await report(`fromDate=2026-11-20&toDate=2026-11-22&user=${admin.id}`).expect(200);
      expect(byUser.body.Data.TotalRecords).toBe(40);
      const byProvider = await report('fromDate=2026-11-20&toDate=2026-11-22&providerName=TMDB').expect(200);
      expect(byProvider.body.Data.TotalRecords).toBe(0);
    });

    it.each([
      ['fromDate=2026-11-22&toDate=2026-11-20', 'fromDate must not be after toDate'],
      ['fromDate=2024-01-01&toDate=2026-11-20', 'The date range may span at most 366 days'],
      ['fromDate=yesterday', 'Validation failed'],
      ['user=abc', 'Validation failed'],
    ])('refuses %s with a 400', async (q, message) => {
      const res = await report(q).expect(400);
      expect(res.body.Message).toBe(message);
    });

    it('is for Admins only', async () => {
      await get(op, '/report/CroppedImageReport').expect(403);
      await get(op, '/report/CroppedImageReportDownLoad').expect(403);
    });

    it('streams the same rows as a typed .xlsx with a bold, frozen, filtered header', async () => {
      const res = await get(admin, '/report/CroppedImageReportDownLoad?fromDate=2026-11-20&toDate=2026-11-22')
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="CroppedImageReport_2026-11-20_2026-11-22.xlsx"',
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
      const ws = wb.worksheets[0];
      expect(ws.rowCount).toBe(121);
      expect(ws.getRow(1).font?.bold).toBe(true);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
      expect(ws.getCell('B2').value).toBeInstanceOf(Date);
      expect(typeof ws.getCell('A2').value).toBe('number');
      const paged = await report('fromDate=2026-11-20&toDate=2026-11-22&pageSize=500').expect(200);
      const ids = (paged.body.Data.Items as { AuditId: number }[]).map((r) => r.AuditId);
      const sheetIds = Array.from({ length: 120 }, (_, i) => ws.getCell(i + 2, 1).value);
      expect(sheetIds).toEqual(ids);
    });

    it('answers a bad filter of the download with an enveloped 400, not a broken file', async () => {
      const res = await get(
        admin,
        '/report/CroppedImageReportDownLoad?fromDate=2026-11-22&toDate=2026-11-01',
      ).expect(400);
      expect(res.body).toMatchObject({ StatusCode: 400, Data: null });
    });
  });
});
