import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { LockSweeper } from '../../src/smartcrop/lock-sweeper.js';
import { as, audit, claim, imageRows, listen } from './fixtures.js';

describe('claiming images (GetImageInfo), resume, expiry and release', () => {
  let t: TestApp;
  let op1: TestUser;
  let op2: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ LOCK_BATCH_MAX: '5' });
    op1 = await t.createUser('Operator');
    op2 = await t.createUser('Operator');
  });
  afterAll(() => t.close());

  afterEach(async () => {
    await t.db.query(`UPDATE smartcrop_programimage SET current_state = 0, locked_by = NULL, locked_at = NULL,
                        last_activity_at = NULL, status = 4 WHERE status IN (1, 2)`);
  });

  it('locks every queued image of the oldest programme, and returns them again on resume', async () => {
    const [p1, p2] = await t.factory.queue({ Programs: 3, ImagesPerProgram: 3 });
    const first = await claim(t, op1).expect(200);
    expect(first.body.Message).toBe(`Locked 3 images of programme ${p1}`);
    const images = first.body.Data as {
      ImageId: number;
      ProgramId: number;
      Status: number;
      CurrentState: number;
      LockedBy: number;
      LockedAt: string;
      LockExpiresAt: string;
    }[];
    expect(images).toHaveLength(3);
    for (const img of images) {
      expect(img).toMatchObject({ ProgramId: p1, Status: 1, CurrentState: 1, LockedBy: op1.id });
      expect(Date.parse(img.LockExpiresAt) - Date.parse(img.LockedAt)).toBeCloseTo(120 * 60_000, -3);
    }
    const trail = await audit(
      t.db,
      images.map((i) => i.ImageId),
    );
    expect(trail).toEqual(
      images.map((i) =>
        expect.objectContaining({
          image_id: String(i.ImageId),
          action: 'lock',
          from_status: 1,
          to_status: 1,
          from_state: 0,
          to_state: 1,
          user_id: op1.id,
        }),
      ),
    );

    const again = await claim(t, op1).expect(200);
    expect(again.body.Message).toBe('Resuming 3 images you already hold');
    expect(again.body.Data.map((i: { ImageId: number }) => i.ImageId)).toEqual(images.map((i) => i.ImageId));

    const other = await claim(t, op2).expect(200);
    expect(other.body.Data.map((i: { ProgramId: number }) => i.ProgramId)).toEqual([p2, p2, p2]);
  });

  it('locks at most LOCK_BATCH_MAX images of a programme, the rest stay queued', async () => {
    const [p] = await t.factory.queue({ Programs: 1, ImagesPerProgram: 7 });
    const res = await claim(t, op1).expect(200);
    expect(res.body.Data).toHaveLength(5);
    const rows = await imageRows(t.db, p);
    expect(rows.filter((r) => r.current_state === 1)).toHaveLength(5);
    expect(rows.filter((r) => r.current_state === 0)).toHaveLength(2);
  });

  it('says why the result is empty: nothing queued, or who holds what and when it expires', async () => {
    const none = await claim(t, op1, 'Nobody').expect(200);
    expect(none.body).toMatchObject({
      StatusCode: 200,
      Data: [],
      Message: 'No images are queued for provider Nobody',
    });

    await t.factory.queue({ Provider: 'Busy', Programs: 2, ImagesPerProgram: 2 });
    await claim(t, op1, 'Busy').expect(200);
    await claim(t, op2, 'Busy').expect(200);
    const op3 = await t.createUser('Operator');
    const empty = await claim(t, op3, 'Busy').expect(200);
    expect(empty.body.Data).toEqual([]);
    expect(empty.body.Message).toMatch(
      /^4 images locked by 2 users, the first lock expires at \d{4}-\d\d-\d\dT[\d:.]+Z$/,
    );
  });

  it('refuses a user parameter naming someone else (403) and a role without the workflow (403 from the guard)', async () => {
    const res = await as(t, op1).get(`/image/GetImageInfo?providerName=PressSite&user=${op2.id}`).expect(403);
    expect(res.body).toMatchObject({ StatusCode: 403, Data: null });
    await as(t, op1).get('/image/GetImageInfo?providerName=PressSite').expect(400);
    await t.http().get(`/image/GetImageInfo?providerName=PressSite&user=${op1.id}`).expect(401);
  });

  it('gives QA the QA stage, and Admin the Operator stage first, then QA', async () => {
    const [opProg] = await t.factory.queue({ Provider: 'Stages', Status: 1 });
    const [qaProg] = await t.factory.queue({ Provider: 'Stages', Status: 2 });
    const qa = await t.createUser('QA');
    const q = await claim(t, qa, 'Stages').expect(200);
    expect(q.body.Data).toEqual([expect.objectContaining({ ProgramId: qaProg, Status: 2, LockedBy: qa.id })]);
    await as(t, qa).get(`/image/UpdateUserLockStatus?userId=${qa.id}`).expect(200);

    const admin = await t.createUser('Admin');
    const a1 = await claim(t, admin, 'Stages').expect(200);
    expect(a1.body.Data).toEqual([expect.objectContaining({ ProgramId: opProg, Status: 1 })]);
    await as(t, admin).get(`/image/UpdateUserLockStatus?userId=${admin.id}`).expect(200);
    await t.db.query(`UPDATE smartcrop_programimage SET status = 4 WHERE link_object_id = $1`, [opProg]);
    const a2 = await claim(t, admin, 'Stages').expect(200);
    expect(a2.body.Data).toEqual([expect.objectContaining({ ProgramId: qaProg, Status: 2 })]);
  });

  it('treats a lock idle past LOCK_TTL_MINUTES as claimable, with an expire audit row', async () => {
    const [p] = await t.factory.queue({ Provider: 'Stale', ImagesPerProgram: 2 });
    const mine = await claim(t, op1, 'Stale').expect(200);
    const ids = mine.body.Data.map((i: { ImageId: number }) => i.ImageId);
    await t.db.query(
      `UPDATE smartcrop_programimage SET last_activity_at = now() - interval '121 minutes' WHERE link_object_id = $1`,
      [p],
    );
    const theirs = await claim(t, op2, 'Stale').expect(200);
    expect(theirs.body.Data.map((i: { ImageId: number }) => i.ImageId)).toEqual(ids);
    expect(theirs.body.Data[0].LockedBy).toBe(op2.id);
    const actions = (await audit(t.db, [ids[0]])).map((a) => `${a.action}:${a.user_id}`);
    expect(actions).toEqual([`lock:${op1.id}`, 'expire:null', `lock:${op2.id}`]);
    // the first owner no longer holds them: their write is refused
    await as(t, op1).get(`/image/UpdateStatus?programId=${p}&status=2`).expect(409);
  });

  it('renews a lock on activity by its owner', async () => {
    const [p] = await t.factory.queue({ Provider: 'Renew' });
    await claim(t, op1, 'Renew').expect(200);
    await t.db.query(
      `UPDATE smartcrop_programimage SET last_activity_at = now() - interval '100 minutes' WHERE link_object_id = $1`,
      [p],
    );
    await claim(t, op1, 'Renew').expect(200); // resume is activity
    const [{ idle }] = await t.db.query(
      `SELECT extract(epoch FROM now() - last_activity_at) AS idle FROM smartcrop_programimage WHERE link_object_id = $1`,
      [p],
    );
    expect(Number(idle)).toBeLessThan(60);
  });

  it('sweeps expired locks back to the state before the lock', async () => {
    const [p] = await t.factory.queue({ Provider: 'Sweep', ImagesPerProgram: 2 });
    await claim(t, op1, 'Sweep').expect(200);
    const sweeper = t.app.get(LockSweeper);
    expect(await sweeper.sweep()).toBe(0);
    await t.db.query(
      `UPDATE smartcrop_programimage SET last_activity_at = now() - interval '3 hours' WHERE link_object_id = $1`,
      [p],
    );
    expect(await sweeper.sweep()).toBe(2);
    const rows = await imageRows(t.db, p);
    expect(rows.map((r) => [r.status, r.current_state, r.locked_by])).toEqual([
      [1, 0, null],
      [1, 0, null],
    ]);
    const trail = await audit(
      t.db,
      rows.map((r) => r.id),
    );
    expect(trail.filter((a) => a.action === 'expire')).toHaveLength(2);
    expect(trail.find((a) => a.action === 'expire')).toMatchObject({
      from_state: 1,
      to_state: 0,
      details: { lockedBy: op1.id },
    });
  });

  it("releases your own locks, anyone's for Admin, and refuses another user's for others", async () => {
    const [p] = await t.factory.queue({ Provider: 'Release', Programs: 2, ImagesPerProgram: 2 });
    await claim(t, op1, 'Release').expect(200);
    await claim(t, op2, 'Release').expect(200);
    await as(t, op1).get(`/image/UpdateUserLockStatus?userId=${op2.id}`).expect(403);
    const own = await as(t, op1).get(`/image/UpdateUserLockStatus?userId=${op1.id}`).expect(200);
    expect(own.body.Data).toEqual({ UserId: op1.id, Released: 2 });
    expect((await imageRows(t.db, p)).every((r) => r.current_state === 0 && r.locked_by === null)).toBe(true);
    const admin = await t.createUser('Admin');
    const theirs = await as(t, admin).get(`/image/UpdateUserLockStatus?userId=${op2.id}`).expect(200);
    expect(theirs.body.Data.Released).toBe(2);
    const trail = await audit(
      t.db,
      (await imageRows(t.db, p)).map((r) => r.id),
    );
    expect(trail.filter((a) => a.action === 'release')).toEqual([
      expect.objectContaining({ user_id: op1.id, from_state: 1, to_state: 0 }),
      expect.objectContaining({ user_id: op1.id, from_state: 1, to_state: 0 }),
    ]);
  });
  it('releases the locks of a user who is deactivated', async () => {
    const [p] = await t.factory.queue({ Provider: 'Leaver', ImagesPerProgram: 2 });
    const leaver = await t.createUser('Operator');
    await claim(t, leaver, 'Leaver').expect(200);
    await t.db.query(`UPDATE smartcrop_user SET is_active = false WHERE id = $1`, [leaver.id]);
    const rows = await imageRows(t.db, p);
    expect(rows.map((r) => [r.current_state, r.locked_by])).toEqual([
      [0, null],
      [0, null],
    ]);
    expect((await audit(t.db, [rows[0].id])).at(-1)).toMatchObject({
      action: 'release',
      details: { lockedBy: leaver.id, reason: 'user deactivated' },
    });
  });
});

describe('a crowd of claimers on one queue, across two API processes', () => {
  let t: TestApp;
  let t2: TestApp;

  beforeAll(async () => {
    // one secret, so a token from either process works on both
    const env = { DB_POOL_SIZE: '8', JWT_SECRET: 'crowd-test-secret-0123456789abcdef0123456789' };
    t = await startTestApp(env);
    t2 = await startTestApp(env, { database: t.database });
    await listen(t);
    await listen(t2);
  });
  afterAll(async () => {
    await t2.close();
    await t.close();
  });

  it('50 parallel claimers on 1,000 queued images: every image claimed exactly once, none lost', async () => {
    await t.db.query(`INSERT INTO smartcrop_rule (status, percentage) VALUES (2, 0)`); // done → Completed
    await t.factory.queue({ Provider: 'Crowd', Programs: 400, ImagesPerProgram: 2 });
    await t.factory.queue({ Provider: 'Crowd', Programs: 200, ImagesPerProgram: 1 });
    const users = await Promise.all(Array.from({ length: 50 }, () => t.createUser('Operator')));
    const claimed: number[] = [];
    await Promise.all(
      users.map(async (u, i) => {
        const app = i % 2 === 0 ? t : t2;
        for (;;) {
          const res = await claim(app, u, 'Crowd').expect(200);
          const batch = res.body.Data as { ImageId: number; ProgramId: number; LockedBy: number }[];
          if (batch.length === 0) {
            if (/being claimed right now/.test(res.body.Message)) continue;
            return;
          }
          expect(new Set(batch.map((b) => b.ProgramId)).size).toBe(1);
          expect(batch.every((b) => b.LockedBy === u.id)).toBe(true);
          claimed.push(...batch.map((b) => b.ImageId));
          const done = await as(app, u)
            .get(`/image/UpdateStatus?programId=${batch[0].ProgramId}&status=2`)
            .expect(200);
          expect(done.body.Data).toEqual({ RowsChanged: batch.length, Status: 3, CurrentState: 0 });
        }
      }),
    );
    expect(claimed).toHaveLength(1000);
    expect(new Set(claimed).size).toBe(1000);
    const [counts] = await t.db.query(
      `SELECT count(*) FILTER (WHERE status = 3 AND current_state = 0)::int AS completed, count(*)::int AS total,
              (SELECT count(*)::int FROM programimage_audit a JOIN smartcrop_programimage p ON p.id = a.image_id
                WHERE p.provider_name = 'Crowd' AND a.action = 'lock') AS locks
         FROM smartcrop_programimage WHERE provider_name = 'Crowd'`,
    );
    expect(counts).toEqual({ completed: 1000, total: 1000, locks: 1000 });
  });
});
