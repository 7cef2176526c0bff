import { UserCache } from '../../src/auth/user-cache.js';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';

/** Polls until `check` holds or `ms` pass; returns whether it held (the caller asserts). */
async function eventually(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The guard's user cache across two API processes on one database: a change made through either one,
 * or straight in the database, reaches the other through LISTEN/NOTIFY; with the listener gone nothing is
 * reused.
 */
describe('the auth guard’s user cache across two API processes', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: TestUser;
  const env = { JWT_SECRET: 'user-cache-test-secret-0123456789abcdef0123' };
  const status = (t: TestApp, u: TestUser) =>
    t
      .http()
      .get('/lookup/GetImageTypeLookup')
      .set('Authorization', `Bearer ${u.token}`)
      .then((r) => r.status);
  const cacheOf = (t: TestApp) => t.app.get(UserCache);

  beforeAll(async () => {
    a = await startTestApp(env);
    b = await startTestApp(env, { database: a.database });
    admin = await a.createUser('Admin');
    expect(await eventually(() => cacheOf(a).active && cacheOf(b).active)).toBe(true);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('a user deactivated through one process is refused by that one at once and by the other one too', async () => {
    const op = await a.createUser('Operator');
    expect(await status(a, op)).toBe(200);
    expect(await status(b, op)).toBe(200); // now cached in both
    await a
      .http()
      .post('/user/Update')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ EmailID: op.email, IsActive: false })
      .expect(200);
    expect(await status(a, op)).toBe(401);
    expect(await eventually(async () => (await status(b, op)) === 401)).toBe(true);
    // and it stays refused (nothing stale is put back)
    expect(await status(b, op)).toBe(401);
  });

  it('a role changed in the database applies in both processes', async () => {
    const op = await a.createUser('Operator');
    expect((await a.http().get('/user/UserList').set('Authorization', `Bearer ${op.token}`)).status).toBe(
      403,
    );
    expect((await b.http().get('/user/UserList').set('Authorization', `Bearer ${op.token}`)).status).toBe(
      403,
    );
    await a.db.query(
      `UPDATE smartcrop_user SET role_id = (SELECT id FROM smartcrop_role WHERE role = 'Admin') WHERE id = $1`,
      [op.id],
    );
    for (const t of [a, b]) {
      const promoted = await eventually(
        async () =>
          (await t.http().get('/user/UserList').set('Authorization', `Bearer ${op.token}`)).status === 200,
      );
      expect(promoted).toBe(true);
    }
  });

  it('with its listener gone a process reads the user on every request, then listens again', async () => {
    const op = await a.createUser('Operator');
    expect(await status(b, op)).toBe(200);
    // drop b's listener connection (and a's; both reconnect)
    await a.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'smartcrop-user-cache'`,
    );
    expect(await eventually(() => !cacheOf(b).active)).toBe(true);
    // a change nobody hears applies at once all the same: nothing is reused while nobody listens, and
    // a listener that is back starts empty
    await a.db.query('UPDATE smartcrop_user SET is_active = false WHERE id = $1', [op.id]);
    expect(await status(b, op)).toBe(401);
    expect(await eventually(() => cacheOf(a).active && cacheOf(b).active)).toBe(true);
    expect(await status(b, op)).toBe(401);
  });
});
