import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { as, audit, claim, imageRows } from './fixtures.js';

describe('stage transitions (UpdateStatus) and their audit rows', () => {
  let t: TestApp;
  let op: TestUser;
  let op2: TestUser;
  let qa: TestUser;

  const setRule = async (percentage: number | null) => {
    await t.db.query(`DELETE FROM smartcrop_rule`);
    if (percentage !== null)
      await t.db.query(`INSERT INTO smartcrop_rule (status, percentage) VALUES (2, $1)`, [percentage]);
  };
  const setQc = (disabled: boolean) =>
    t.db.query(`UPDATE smartcrop_setting SET value = $1::jsonb WHERE key = 'qc_disabled'`, [
      JSON.stringify(disabled),
    ]);
  const update = (u: TestUser, programId: number, query: string) =>
    as(t, u).get(`/image/UpdateStatus?programId=${programId}&${query}`);
  /** Claims the next programme of a fresh provider for `u` and returns its ProgramId. */
  const claimOne = async (u: TestUser, provider: string, status = 1, images = 2) => {
    const [p] = await t.factory.queue({ Provider: provider, Status: status, ImagesPerProgram: images });
    const res = await claim(t, u, provider).expect(200);
    expect(res.body.Data[0].ProgramId).toBe(p);
    return p;
  };
  let seq = 0;
  const provider = () => `Prov${++seq}`;

  beforeAll(async () => {
    t = await startTestApp();
    op = await t.createUser('Operator');
    op2 = await t.createUser('Operator');
    qa = await t.createUser('QA');
  });
  afterAll(() => t.close());
  afterEach(async () => {
    for (const u of [op, op2, qa])
      await as(t, u).get(`/image/UpdateUserLockStatus?userId=${u.id}`).expect(200);
    await setRule(null);
    await setQc(false);
  });

  it('operator done sends a sampled programme to QA, stamps cropped_by and audits it', async () => {
    await setRule(100);
    const p = await claimOne(op, provider());
    const res = await update(op, p, 'status=2').expect(200);
    expect(res.body.Data).toEqual({ RowsChanged: 2, Status: 2, CurrentState: 0 });
    const rows = await imageRows(t.db, p);
    expect(rows.map((r) => [r.status, r.current_state, r.locked_by, r.cropped_by])).toEqual([
      [2, 0, null, op.id],
      [2, 0, null, op.id],
    ]);
    const done = (
      await audit(
        t.db,
        rows.map((r) => r.id),
      )
    ).filter((a) => a.action === 'operator_done');
    expect(done).toEqual(
      rows.map(() =>
        expect.objectContaining({
          from_status: 1,
          to_status: 2,
          from_state: 1,
          to_state: 0,
          user_id: op.id,
          details: { qcDisabled: false, percentage: 100, sentToQa: true },
        }),
      ),
    );
  });

  it('with no rule every programme goes to QA; at 0 percent none does', async () => {
    const p1 = await claimOne(op, provider());
    expect((await update(op, p1, 'status=2').expect(200)).body.Data.Status).toBe(2);
    await setRule(0);
    const p2 = await claimOne(op, provider());
    expect((await update(op, p2, 'status=2').expect(200)).body.Data.Status).toBe(3);
  });

  it('samples 50 percent deterministically per programme', async () => {
    await setRule(50);
    const prov = provider();
    const programs = await t.factory.queue({ Provider: prov, Programs: 40 });
    const outcome = new Map<number, number>();
    for (let i = 0; i < programs.length; i++) {
      const res = await claim(t, op, prov).expect(200);
      const p = res.body.Data[0].ProgramId as number;
      outcome.set(p, (await update(op, p, 'status=2').expect(200)).body.Data.Status);
    }
    const toQa = [...outcome].filter(([, s]) => s === 2).map(([p]) => p);
    expect(toQa.length).toBeGreaterThan(5);
    expect(toQa.length).toBeLessThan(35);
    // the same rule on the database side: a retry of a programme gives the same answer
    const expected: { id: string }[] = await t.db.query(
      `SELECT p AS id FROM unnest($1::bigint[]) p WHERE abs(hashtext(p::text)::bigint) % 100 < 50 ORDER BY p`,
      [programs],
    );
    expect(toQa.sort((a, b) => a - b)).toEqual(expected.map((e) => Number(e.id)));
  });

  it('with QA disabled, operator done goes straight to Completed', async () => {
    await setRule(100);
    await setQc(true);
    const p = await claimOne(op, provider());
    const res = await update(op, p, 'status=2').expect(200);
    expect(res.body.Data).toEqual({ RowsChanged: 2, Status: 3, CurrentState: 0 });
    const [a] = (await audit(t.db, [(await imageRows(t.db, p))[0].id])).filter(
      (x) => x.action === 'operator_done',
    );
    expect(a.details).toMatchObject({ qcDisabled: true, sentToQa: false });
  });

  it("QA approves (3) and rejects (4, reason required) with audit rows; an operator's stage cannot be approved (409)", async () => {
    const prov = provider();
    const [p] = await t.factory.queue({ Provider: prov, Status: 2, ImagesPerProgram: 2 });
    await claim(t, op, prov).expect(200); // operators claim stage 1 only: nothing here for them
    const mine = await claim(t, qa, prov).expect(200);
    expect(mine.body.Data).toHaveLength(2);
    await update(qa, p, 'status=4').expect(400);
    await update(qa, p, 'status=2').expect(409);
    const ok = await update(qa, p, 'status=3').expect(200);
    expect(ok.body.Data).toEqual({ RowsChanged: 2, Status: 3, CurrentState: 0 });
    const rows = await imageRows(t.db, p);
    expect(rows.every((r) => r.reviewed_by === qa.id && r.current_state === 0)).toBe(true);
    expect((await audit(t.db, [rows[0].id])).map((a) => a.action)).toEqual(['lock', 'qa_approve']);

    const [p2] = await t.factory.queue({ Provider: prov, Status: 2 });
    await claim(t, qa, prov).expect(200);
    const rej = await update(qa, p2, 'status=4&rejectReasonId=2').expect(200);
    expect(rej.body.Data).toEqual({ RowsChanged: 1, Status: 4, CurrentState: 0 });
    const [r] = await imageRows(t.db, p2);
    expect(r.reject_reason_id).toBe(2);
    expect((await audit(t.db, [r.id])).at(-1)).toMatchObject({
      action: 'reject',
      from_status: 2,
      to_status: 4,
      details: { rejectReasonId: 2 },
    });

    // an operator holding a stage-1 programme cannot approve it
    const p3 = await claimOne(op, provider(), 1, 1);
    await update(op, p3, 'status=3').expect(409);
    await update(op, p3, 'status=5').expect(400);
  });

  it('QA send back returns the programme to the operator who cropped it first, with the reason visible', async () => {
    await setRule(100);
    const prov = provider();
    const p = await claimOne(op, prov);
    await update(op, p, 'status=2').expect(200);
    const review = await claim(t, qa, prov).expect(200);
    expect(review.body.Data).toHaveLength(2);
    await update(qa, p, 'status=1').expect(400);
    await update(qa, p, 'status=1&rejectReasonId=999').expect(400);
    const back = await update(qa, p, 'status=1&rejectReasonId=6').expect(200);
    expect(back.body.Data).toEqual({ RowsChanged: 2, Status: 1, CurrentState: 1 });

    // another operator does not get it; the cropper's resume does, with the reason
    const other = await claim(t, op2, prov).expect(200);
    expect(other.body.Data).toEqual([]);
    const resumed = await claim(t, op, prov).expect(200);
    expect(resumed.body.Message).toBe('Resuming 2 images you already hold');
    expect(resumed.body.Data[0]).toMatchObject({
      ProgramId: p,
      Status: 1,
      CurrentState: 1,
      LockedBy: op.id,
      RejectReasonId: 6,
      RejectReason: 'Poor crop',
    });
    const rows = await imageRows(t.db, p);
    expect((await audit(t.db, [rows[0].id])).map((a) => a.action)).toEqual([
      'lock',
      'operator_done',
      'lock',
      'qa_send_back',
    ]);

    // done again: cropped_by stays the first operator, the reason is cleared
    const again = await update(op, p, 'status=2').expect(200);
    expect(again.body.Data.Status).toBe(2);
    expect((await imageRows(t.db, p)).map((r) => [r.cropped_by, r.reject_reason_id])).toEqual([
      [op.id, null],
      [op.id, null],
    ]);
  });

  it('an operator may reject an unusable image at their stage; release with currentState=0', async () => {
    const p = await claimOne(op, provider(), 1, 1);
    await update(op, p, 'status=4&RejectReasonId=1').expect(200);
    expect((await imageRows(t.db, p))[0]).toMatchObject({ status: 4, reject_reason_id: 1, current_state: 0 });

    const p2 = await claimOne(op, provider(), 1, 1);
    await update(op, p2, 'status=1').expect(409);
    const rel = await update(op, p2, 'status=1&currentState=0').expect(200);
    expect(rel.body.Data).toEqual({ RowsChanged: 1, Status: 1, CurrentState: 0 });
    expect((await audit(t.db, [(await imageRows(t.db, p2))[0].id])).map((a) => a.action)).toEqual([
      'lock',
      'release',
    ]);
  });

  it("answers 409 for another user's lock or nothing held, and never changes their rows", async () => {
    const p = await claimOne(op, provider());
    const res = await update(op2, p, 'status=2').expect(409);
    expect(res.body).toMatchObject({
      StatusCode: 409,
      Data: null,
      Message: `You hold no images of programme ${p}`,
    });
    expect((await imageRows(t.db, p)).every((r) => r.locked_by === op.id && r.status === 1)).toBe(true);
    await update(op, p, 'status=9').expect(400);
    await as(t, op).get(`/image/UpdateStatus?status=2`).expect(400);
  });
});
