import ExcelJS from 'exceljs';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { as, claim } from './fixtures.js';

interface Row {
  UserId: number;
  UserEmail: string;
  Role: string;
  ProgrammesFinished: number;
  ImagesFinished: number;
  MedianLockToHandOverSeconds: number | null;
  P90LockToHandOverSeconds: number | null;
  ImagesSentToQA: number;
  ImagesReviewedByQA: number;
  ImagesSentBack: number;
  ImagesApprovedByQA: number;
  SendBackRate: number | null;
  QAApprovalRate: number | null;
  ProgrammesReviewed: number;
  ImagesReviewed: number;
  ReviewsApproved: number;
  ReviewsSentBack: number;
  MedianLockToReviewSeconds: number | null;
  P90LockToReviewSeconds: number | null;
}

describe('report: operator productivity', () => {
  let t: TestApp;
  let admin: TestUser;
  let op1: TestUser;
  let op2: TestUser;
  let qa: TestUser;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.createUser('Admin');
    op1 = await t.createUser('Operator');
    op2 = await t.createUser('Operator');
    qa = await t.createUser('QA');
  });
  afterAll(() => t.close());

  const report = (q: string, u = admin) => as(t, u).get(`/report/OperatorProductivity?${q}`);
  const byUser = async (q: string): Promise<Map<number, Row>> => {
    const res = await report(`${q}&pageSize=500`).expect(200);
    return new Map((res.body.Data.Items as Row[]).map((r) => [r.UserId, r]));
  };
  const done = (u: TestUser, programId: number, q = 'status=2') =>
    as(t, u).get(`/image/UpdateStatus?programId=${programId}&${q}`).expect(200);
  const claimOne = async (u: TestUser, provider = 'PressSite'): Promise<number> =>
    (await claim(t, u, provider).expect(200)).body.Data[0].ProgramId as number;

  it('counts hand-overs, reviews and what QA made of each operator’s work, from the desk flow', async () => {
    const [p1, p2, p3] = await t.factory
      .queue({
        Provider: 'PressSite',
        Programs: 1,
        ImagesPerProgram: 2,
      })
      .then(async (a) => [...a, ...(await t.factory.queue({ Provider: 'PressSite', Programs: 2 }))]);
    const [p4] = await t.factory.queue({ Provider: 'TMDB', Programs: 1 });
    expect(await claimOne(op1)).toBe(p1);
    await done(op1, p1);
    expect(await claimOne(op2)).toBe(p2);
    await done(op2, p2);
    expect(await claimOne(op1)).toBe(p3);
    await done(op1, p3);
    expect(await claimOne(op2, 'TMDB')).toBe(p4);
    await done(op2, p4);
    expect(await claimOne(qa)).toBe(p1);
    await done(qa, p1, 'status=3');
    expect(await claimOne(qa)).toBe(p2);
    await done(qa, p2, 'status=1&rejectReasonId=1'); // back to op2, locked to them
    await done(op2, p2);

    const rows = await byUser(`fromDate=${today}&toDate=${today}`);
    expect([...rows.keys()].sort()).toEqual([op1.id, op2.id, qa.id].sort());
    expect(rows.get(op1.id)).toMatchObject({
      UserEmail: op1.email,
      Role: 'Operator',
      ProgrammesFinished: 2,
      ImagesFinished: 3,
      ImagesSentToQA: 3,
      ImagesReviewedByQA: 2,
      ImagesApprovedByQA: 2,
      ImagesSentBack: 0,
      SendBackRate: 0,
      QAApprovalRate: 1,
      ImagesReviewed: 0,
      MedianLockToReviewSeconds: null,
    });
    expect(rows.get(op1.id)!.MedianLockToHandOverSeconds).toBeGreaterThanOrEqual(0);
    expect(rows.get(op2.id)).toMatchObject({
      ProgrammesFinished: 2, // p2 twice, p4
      ImagesFinished: 3,
      ImagesReviewedByQA: 1, // the second hand-over of p2 and p4 await review
      ImagesSentBack: 1,
      SendBackRate: 1,
      QAApprovalRate: 0,
    });
    expect(rows.get(qa.id)).toMatchObject({
      Role: 'QA',
      ImagesFinished: 0,
      MedianLockToHandOverSeconds: null,
      SendBackRate: null,
      ProgrammesReviewed: 2,
      ImagesReviewed: 3,
      ReviewsApproved: 2,
      ReviewsSentBack: 1,
    });
    expect(rows.get(qa.id)!.P90LockToReviewSeconds).toBeGreaterThanOrEqual(0);

    const tmdb = await byUser(`fromDate=${today}&toDate=${today}&providerName=TMDB`);
    expect([...tmdb.keys()]).toEqual([op2.id]);
    expect(tmdb.get(op2.id)).toMatchObject({ ImagesFinished: 1, ImagesSentToQA: 1, ImagesReviewedByQA: 0 });
  });

  it('computes the median and 90th percentile of lock to hand-over exactly, from the latest lock', async () => {
    const op3 = await t.createUser('Operator');
    const images: { id: string; link_object_id: string }[] = await t.db.query(
      `SELECT id, link_object_id FROM smartcrop_programimage WHERE link_object_id = ANY($1::bigint[]) ORDER BY id`,
      [await t.factory.queue({ Provider: 'Gracenote', Programs: 5 })],
    );
    // lock → hand-over of 10, 20, 30, 40 and 100 s; the fourth was locked to op3 by a send-back, the
    // fifth locked once before (released) and again 100 s before its hand-over
    const events: [number, string, number, number, number, number | null, string, object][] = [];
    const at = (s: number) => new Date(Date.UTC(2026, 9, 1, 8, 0, s)).toISOString();
    const add = (
      i: number,
      action: string,
      from: number,
      to: number,
      toState: number,
      user: number | null,
      s: number,
      details = {},
    ) => events.push([i, action, from, to, toState, user, at(s), details]);
    add(0, 'lock', 1, 1, 1, op3.id, 0);
    add(0, 'operator_done', 1, 2, 0, op3.id, 10);
    add(1, 'lock', 1, 1, 1, op3.id, 100);
    add(1, 'operator_done', 1, 2, 0, op3.id, 120);
    add(2, 'lock', 1, 1, 1, op3.id, 200);
    add(2, 'operator_done', 1, 3, 0, op3.id, 230); // not sampled for QA: finished, not sent
    add(3, 'qa_send_back', 2, 1, 1, qa.id, 300, { returnedTo: op3.id });
    add(3, 'operator_done', 1, 2, 0, op3.id, 340);
    add(4, 'lock', 1, 1, 1, op3.id, 400);
    add(4, 'release', 1, 1, 0, op3.id, 450);
    add(4, 'lock', 1, 1, 1, op3.id, 1000);
    add(4, 'operator_done', 1, 2, 0, op3.id, 1100);
    add(1, 'lock', 2, 2, 1, qa.id, 2000);
    add(1, 'qa_approve', 2, 3, 0, qa.id, 2060);
    add(4, 'lock', 2, 2, 1, qa.id, 2100);
    add(4, 'qa_send_back', 2, 1, 1, qa.id, 2110, { returnedTo: op3.id });
    for (const [i, action, from, to, toState, user, when, details] of events) {
      await t.db.query(
        `INSERT INTO programimage_audit (image_id, program_id, action, from_status, to_status, from_state, to_state, user_id, created_at, details)
         VALUES ($1, $2, $3, $4, $5, 1 - $6::int, $6, $7, $8, $9)`,
        [
          images[i].id,
          images[i].link_object_id,
          action,
          from,
          to,
          toState,
          user,
          when,
          JSON.stringify(details),
        ],
      );
    }
    const rows = await byUser('fromDate=2026-10-01&toDate=2026-10-01');
    expect(rows.get(op3.id)).toMatchObject({
      ProgrammesFinished: 5,
      ImagesFinished: 5,
      MedianLockToHandOverSeconds: 30,
      P90LockToHandOverSeconds: 76, // 40 + 0.6 × (100 − 40)
      ImagesSentToQA: 4,
      ImagesReviewedByQA: 2,
      ImagesApprovedByQA: 1,
      ImagesSentBack: 1,
      SendBackRate: 0.5,
      QAApprovalRate: 0.5,
    });
    expect(rows.get(qa.id)).toMatchObject({
      ProgrammesReviewed: 3,
      ImagesReviewed: 3, // the send-back at 300 s has no lock before it: counted, not timed
      ReviewsApproved: 1,
      ReviewsSentBack: 2,
      MedianLockToReviewSeconds: 35, // 60 and 10
      P90LockToReviewSeconds: 55,
    });
  });

  it('pages users in SQL with totals that agree', async () => {
    const seen: number[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await report(`fromDate=${today}&toDate=${today}&pageSize=1&pageNumber=${page}`).expect(200);
      expect(res.body.Data).toMatchObject({ TotalRecords: 3, TotalPages: 3, PageNumber: page });
      seen.push(...res.body.Data.Items.map((r: Row) => r.UserId));
    }
    expect(seen.sort()).toEqual([op1.id, op2.id, qa.id].sort());
    const past = await report(`fromDate=${today}&toDate=${today}&pageNumber=9`).expect(200);
    expect(past.body.Data).toMatchObject({ Items: [], TotalRecords: 3 });
  });

  it.each([
    ['fromDate=2026-11-22&toDate=2026-11-20', 'fromDate must not be after toDate'],
    ['fromDate=2024-01-01&toDate=2026-11-20', 'The date range may span at most 366 days'],
    ['fromDate=yesterday', 'Validation failed'],
    ['toDate=2026-02-30x', 'Validation failed'],
    ['pageSize=0', 'Validation failed'],
  ])('refuses %s with a 400', async (q, message) => {
    const res = await report(q).expect(400);
    expect(res.body).toMatchObject({ StatusCode: 400, Message: message, Data: null });
  });

  it('is for Admins only', async () => {
    for (const u of [op1, qa]) {
      await report('', u).expect(403);
      await as(t, u).get('/report/OperatorProductivityDownLoad').expect(403);
    }
    await t.http().get('/report/OperatorProductivity').expect(401);
  });

  it('streams the same rows as a typed .xlsx', async () => {
    const json = await byUser('fromDate=2026-10-01&toDate=2026-10-01');
    const res = await as(t, admin)
      .get('/report/OperatorProductivityDownLoad?fromDate=2026-10-01&toDate=2026-10-01')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="OperatorProductivity_2026-10-01_2026-10-01.xlsx"',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(json.size + 1);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    const header = (ws.getRow(1).values as string[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const want = json.get(row.getCell(col('User Id')).value as number)!;
      expect(row.getCell(col('Images Finished')).value).toBe(want.ImagesFinished);
      expect(row.getCell(col('Median Lock to Hand-over (s)')).value).toBe(want.MedianLockToHandOverSeconds);
      expect(row.getCell(col('Send-back Rate')).value).toBe(want.SendBackRate);
    }
  });
});
