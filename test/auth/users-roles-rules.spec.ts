import { startTestApp, TEST_PASSWORD, type TestApp, type TestUser } from '../harness/app.js';

describe('users, roles, rules and the QA switch', () => {
  let t: TestApp;
  let admin: TestUser;
  let op: TestUser;

  beforeAll(async () => {
    t = await startTestApp({
      LOGIN_THROTTLE_LIMIT: '3',
      LOGIN_THROTTLE_ADDRESS_LIMIT: '3',
      LOGIN_THROTTLE_WINDOW_SECONDS: '60',
    });
    admin = await t.createUser('Admin');
    op = await t.createUser('Operator');
  });
  afterAll(() => t.close());

  const post = (u: TestUser, path: string, body: object) =>
    t.http().post(path).set('Authorization', `Bearer ${u.token}`).send(body);
  const get = (u: TestUser, path: string) => t.http().get(path).set('Authorization', `Bearer ${u.token}`);
  const auditCount = async (entity: string) => {
    const rows = await t.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM smartcrop_admin_audit WHERE entity = $1`,
      [entity],
    );
    return rows[0].n;
  };

  describe('users', () => {
    const newUser = {
      EmailID: 'Ada@Desk.tv',
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Password: 'a-long-passphrase',
      Role: 'QA',
    };

    it('registers a user who can then sign in, and never returns a hash', async () => {
      const res = await post(admin, '/user/Register', newUser).expect(200);
      expect(res.body.Data).toMatchObject({
        EmailID: 'Ada@Desk.tv',
        Role: 'QA',
        IsActive: true,
        UserId: expect.any(Number),
      });
      const login = await t
        .http()
        .post('/user/Login')
        .send({ EmailID: 'ada@desk.tv', Password: 'a-long-passphrase' })
        .expect(200);
      expect(login.body.Data.User).toMatchObject({ Role: 'QA', FirstName: 'Ada' });
      const list = await get(admin, '/user/UserList').expect(200);
      expect(list.body.Data.map((u: { EmailID: string }) => u.EmailID)).toContain('Ada@Desk.tv');
      expect(JSON.stringify(list.body)).not.toMatch(/argon2|hash/i);
      expect(await auditCount('user')).toBeGreaterThanOrEqual(1);
    });

    it.each([
      [{ ...newUser, EmailID: 'ADA@desk.TV' }, 409, /already exists/],
      [{ ...newUser, EmailID: 'other@desk.tv', Password: 'short' }, 400, /Validation failed/],
      [{ ...newUser, EmailID: 'other@desk.tv', Role: 'Wizard' }, 400, /Unknown role "Wizard"/],
      [{ ...newUser, EmailID: 'not-an-email' }, 400, /Validation failed/],
    ])('refuses %j with %i', async (body, status, message) => {
      const res = await post(admin, '/user/Register', body).expect(status);
      expect(res.body.Message).toMatch(message);
    });

    it('changes passwords: own with the old one, anyone’s as Admin, nobody else’s', async () => {
      const user = await t.createUser('Operator');
      await post(user, '/user/UpdatePassword', {
        EmailID: user.email,
        NewPassword: 'brand-new-passphrase',
      }).expect(400);
      await post(user, '/user/UpdatePassword', {
        EmailID: user.email,
        OldPassword: 'wrong-one',
        NewPassword: 'brand-new-passphrase',
      }).expect(400);
      await post(user, '/user/UpdatePassword', {
        EmailID: user.email,
        OldPassword: TEST_PASSWORD,
        NewPassword: 'brand-new-passphrase',
      }).expect(200);
      // the change revoked the token it was made with: sign in again with the new password
      await post(user, '/user/UpdatePassword', { EmailID: user.email, NewPassword: 'x'.repeat(12) }).expect(
        401,
      );
      const login = await t
        .http()
        .post('/user/Login')
        .send({ EmailID: user.email, Password: 'brand-new-passphrase' })
        .expect(200);
      const signedIn = { ...user, token: login.body.Data.Token as string };
      await post(signedIn, '/user/UpdatePassword', {
        EmailID: admin.email,
        OldPassword: 'x',
        NewPassword: 'brand-new-passphrase',
      }).expect(403);
      await post(admin, '/user/UpdatePassword', {
        EmailID: user.email,
        NewPassword: 'admin-set-passphrase',
      }).expect(200);
      await t
        .http()
        .post('/user/Login')
        .send({ EmailID: user.email, Password: 'admin-set-passphrase' })
        .expect(200);
    });

    it('updates names and role, lists assignable roles, and 404s an unknown e-mail', async () => {
      const user = await t.createUser('Operator');
      const res = await post(admin, '/user/Update', {
        EmailID: user.email,
        FirstName: 'Grace',
        Role: 'QA',
      }).expect(200);
      expect(res.body.Data).toMatchObject({ FirstName: 'Grace', Role: 'QA' });
      const roles = await post(
        admin,
        `/user/UserRoleDetails?EmailID=${encodeURIComponent(user.email)}`,
        {},
      ).expect(200);
      expect(roles.body.Data.map((r: { Role: string }) => r.Role)).toEqual(['Admin', 'Operator']);
      await post(admin, '/user/Update', { EmailID: 'nobody@desk.tv', FirstName: 'x' }).expect(404);
      await post(admin, '/user/Update', { EmailID: admin.email, IsActive: false }).expect(409);
    });

    it('deletes softly: the token stops, sign-in fails, and their locks go back to the queue with audit rows', async () => {
      const user = await t.createUser('Operator');
      await t.factory.queue({ Provider: 'DelTest', Programs: 1, ImagesPerProgram: 2 });
      const claimed = await get(user, `/image/GetImageInfo?providerName=DelTest&user=${user.id}`).expect(200);
      expect(claimed.body.Data).toHaveLength(2);
      await post(admin, '/user/Delete', { EmailID: user.email }).expect(200);
      await get(user, '/lookup/GetImageTypeLookup').expect(401);
      await t.http().post('/user/Login').send({ EmailID: user.email, Password: TEST_PASSWORD }).expect(401);
      const held: { n: number }[] = await t.db.query(
        `SELECT count(*)::int AS n FROM smartcrop_programimage WHERE locked_by = $1`,
        [user.id],
      );
      expect(held[0].n).toBe(0);
      const released: { n: number }[] = await t.db.query(
        `SELECT count(*)::int AS n FROM programimage_audit WHERE action = 'release' AND (details->>'lockedBy')::int = $1`,
        [user.id],
      );
      expect(released[0].n).toBe(2);
      await post(admin, '/user/Delete', { EmailID: admin.email }).expect(409);
    });
  });

  describe('roles', () => {
    it('creates, renames and deletes a custom role, refusing duplicates, roles in use and built-in roles', async () => {
      const created = await post(admin, '/role/Create', { Role: 'Supervisor' }).expect(200);
      await post(admin, '/role/Create', { Role: 'supervisor' }).expect(409);
      await post(admin, '/role/Update', { Id: created.body.Data.Id, Role: 'Lead' }).expect(200);
      await post(admin, '/user/Register', {
        EmailID: 'lead@desk.tv',
        FirstName: 'L',
        LastName: 'D',
        Password: 'a-long-passphrase',
        Role: 'Lead',
      }).expect(200);
      const inUse = await post(admin, '/role/Delete', { Role: 'Lead' }).expect(409);
      expect(inUse.body.Message).toMatch(/held by 1 user/);
      await post(admin, '/role/Delete', { Role: 'Operator' }).expect(409);
      await post(admin, '/role/Update', { Id: 1, Role: 'Boss' }).expect(409);
      await post(admin, '/role/Create', { Role: 'Temp' }).expect(200);
      await post(admin, '/role/Delete', { Role: 'Temp' }).expect(200);
      await post(admin, '/role/Delete', { Role: 'Temp' }).expect(404);
      const roles = await get(admin, '/role/Get').expect(200);
      expect(roles.body.Data.map((r: { Role: string }) => r.Role)).toEqual([
        'Admin',
        'Operator',
        'QA',
        'Lead',
      ]);
      expect(await auditCount('role')).toBeGreaterThanOrEqual(4);
    });

    it('switches QA off and on, but not off while QA work is locked', async () => {
      const qa = await t.createUser('QA');
      expect((await get(op, '/role/QCdisablestatus').expect(200)).body.Data).toEqual({ QCDisabled: false });
      await t.factory.queue({ Provider: 'QcTest', Programs: 1, ImagesPerProgram: 1, Status: 2 });
      await get(qa, `/image/GetImageInfo?providerName=QcTest&user=${qa.id}`).expect(200);
      const refused = await get(admin, '/role/QCdisable?disable=true').expect(409);
      expect(refused.body.Message).toMatch(/QA work is in progress/);
      await get(qa, `/image/UpdateUserLockStatus?userId=${qa.id}`).expect(200);
      expect((await get(admin, '/role/QCdisable?disable=true').expect(200)).body.Data).toEqual({
        QCDisabled: true,
      });
      expect((await get(admin, '/role/QCdisable').expect(200)).body.Data).toEqual({ QCDisabled: false }); // flips
      await get(admin, '/role/QCdisable?disable=maybe').expect(400);
      expect(await auditCount('setting')).toBe(2);
    });
  });

  describe('rules', () => {
    it('keeps one active rule per status with a percentage from 0 to 100', async () => {
      await post(admin, '/rule/Create', { Status: 2, Percentage: 101 }).expect(400);
      await post(admin, '/rule/Create', { Status: 2, Percentage: -1 }).expect(400);
      await post(admin, '/rule/Create', { Status: 9, Percentage: 10 }).expect(400);
      const rule = (await post(admin, '/rule/Create', { Status: 2, Percentage: 30 }).expect(200)).body.Data;
      expect(rule).toMatchObject({ Status: 2, Percentage: 30, IsActive: true });
      await post(admin, '/rule/Create', { Status: 2, Percentage: 50 }).expect(409);
      const updated = await post(admin, '/rule/Update', { Id: rule.Id, Percentage: 60 }).expect(200);
      expect(updated.body.Data.Percentage).toBe(60);
      await post(admin, '/rule/Update', { Id: 9999, Percentage: 1 }).expect(404);
      await post(admin, '/rule/Delete', { Id: rule.Id }).expect(200);
      expect((await get(admin, '/rule/Get').expect(200)).body.Data).toEqual([]);
      await post(admin, '/rule/Create', { Status: 2, Percentage: 50 }).expect(200); // the old one is inactive
      await post(admin, '/rule/Update', { Id: rule.Id, IsActive: true }).expect(409);
      expect(await auditCount('rule')).toBeGreaterThanOrEqual(4);
    });
  });

  describe('login throttling', () => {
    // each case starts from clean counters (earlier cases failed sign-ins from the same address)
    beforeEach(() => t.db.query('DELETE FROM smartcrop_login_throttle'));

    it('answers 429 with Retry-After once an e-mail has failed too often, even with the right password', async () => {
      const user = await t.createUser('Operator');
      for (let i = 0; i < 3; i++) {
        await t
          .http()
          .post('/user/Login')
          .send({ EmailID: user.email, Password: 'wrong-password' })
          .expect(401);
      }
      const res = await t
        .http()
        .post('/user/Login')
        .send({ EmailID: user.email, Password: TEST_PASSWORD })
        .expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body).toMatchObject({ StatusCode: 429, Data: null });
    });

    it('throttles one client address across different e-mails', async () => {
      for (let i = 0; i < 3; i++) {
        await t
          .http()
          .post('/user/Login')
          .send({ EmailID: `nobody${i}@desk.tv`, Password: 'wrong-password' })
          .expect(401);
      }
      await t
        .http()
        .post('/user/Login')
        .send({ EmailID: 'someone-else@desk.tv', Password: 'wrong-password' })
        .expect(429);
    });

    it('ignores X-Forwarded-For unless TRUST_PROXY names the proxy: a client cannot spoof its way out', async () => {
      for (let i = 0; i < 3; i++) {
        await t
          .http()
          .post('/user/Login')
          .set('X-Forwarded-For', `198.51.100.${i}`)
          .send({ EmailID: `spoof${i}@desk.tv`, Password: 'wrong-password' })
          .expect(401);
      }
      await t
        .http()
        .post('/user/Login')
        .set('X-Forwarded-For', '198.51.100.99')
        .send({ EmailID: 'spoof-next@desk.tv', Password: 'wrong-password' })
        .expect(429);
    });

    it('does not count a successful sign-in', async () => {
      const user = await t.createUser('QA');
      for (let i = 0; i < 5; i++) {
        await t.http().post('/user/Login').send({ EmailID: user.email, Password: TEST_PASSWORD }).expect(200);
      }
    });
  });

  describe('login throttling behind a trusted reverse proxy (TRUST_PROXY)', () => {
    let proxied: TestApp;
    beforeAll(async () => {
      proxied = await startTestApp({
        LOGIN_THROTTLE_LIMIT: '3',
        LOGIN_THROTTLE_ADDRESS_LIMIT: '3',
        LOGIN_THROTTLE_WINDOW_SECONDS: '60',
        TRUST_PROXY: 'loopback',
      });
    });
    afterAll(() => proxied.close());

    const failFrom = (client: string, email: string) =>
      proxied
        .http()
        .post('/user/Login')
        .set('X-Forwarded-For', client)
        .send({ EmailID: email, Password: 'wrong-password' });

    it('counts each forwarded client apart, so one noisy desk does not lock out the others', async () => {
      for (let i = 0; i < 3; i++) await failFrom('203.0.113.7', `noisy${i}@desk.tv`).expect(401);
      await failFrom('203.0.113.7', 'noisy-next@desk.tv').expect(429);
      await failFrom('203.0.113.8', 'quiet@desk.tv').expect(401);
      const keys = await proxied.db.query<{ key: string }[]>(
        `SELECT key FROM smartcrop_login_throttle WHERE key LIKE 'ip:%' ORDER BY key`,
      );
      expect(keys.map((k) => k.key)).toEqual(['ip:203.0.113.7', 'ip:203.0.113.8']);
    });
  });
});
