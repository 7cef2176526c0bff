import { UserCache } from '../../src/auth/user-cache.js';
import { startTestApp, TEST_PASSWORD, type TestApp, type TestUser } from '../harness/app.js';

async function eventually(check: () => Promise<boolean>, ms = 5_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const STRONG = 'Velvet-Harbor-Cobalt-71';
const STRONGER = 'Quiet-Meadow-Falcon-39';

/**
 * Passwords across two API processes on one database: a change or a reset revokes every earlier token in
 * both at once; the answer to UpdatePassword never tells a non-Admin which e-mails exist; and weak
 * passwords are refused wherever a password is set.
 */
describe('passwords and tokens', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: TestUser;
  const env = { JWT_SECRET: 'password-test-secret-0123456789abcdef0123456' };

  beforeAll(async () => {
    a = await startTestApp(env);
    b = await startTestApp(env, { database: a.database });
    admin = await a.createUser('Admin');
    expect(
      await eventually(() => Promise.resolve(a.app.get(UserCache).active && b.app.get(UserCache).active)),
    ).toBe(true);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const status = (t: TestApp, token: string) =>
    t
      .http()
      .get('/lookup/GetImageTypeLookup')
      .set('Authorization', `Bearer ${token}`)
      .then((r) => r.status);
  const signIn = async (t: TestApp, email: string, password: string) => {
    const res = await t.http().post('/user/Login').send({ EmailID: email, Password: password }).expect(200);
    return res.body.Data.Token as string;
  };
  const changePassword = (t: TestApp, token: string, body: object) =>
    t.http().post('/user/UpdatePassword').set('Authorization', `Bearer ${token}`).send(body);

  it('a change of one’s own password revokes every earlier token in both processes', async () => {
    const user = await a.createUser('Operator');
    const session = await signIn(b, user.email, TEST_PASSWORD);
    for (const t of [a, b])
      for (const token of [user.token, session]) expect(await status(t, token)).toBe(200);

    await changePassword(a, session, {
      EmailID: user.email,
      OldPassword: TEST_PASSWORD,
      NewPassword: STRONG,
    }).expect(200);
    expect([await status(a, user.token), await status(a, session)]).toEqual([401, 401]);
    expect(
      await eventually(
        async () => (await status(b, session)) === 401 && (await status(b, user.token)) === 401,
      ),
    ).toBe(true);
    const fresh = await signIn(a, user.email, STRONG);
    expect([await status(a, fresh), await status(b, fresh)]).toEqual([200, 200]);
  });

  it('a reset by an Admin (UpdatePassword or Update) revokes the user’s earlier tokens too', async () => {
    const user = await a.createUser('QA');
    const session = await signIn(a, user.email, TEST_PASSWORD);
    expect([await status(a, session), await status(b, session)]).toEqual([200, 200]);
    await changePassword(b, admin.token, { EmailID: user.email, NewPassword: STRONG }).expect(200);
    expect(await status(b, session)).toBe(401);
    expect(await eventually(async () => (await status(a, session)) === 401)).toBe(true);

    const next = await signIn(a, user.email, STRONG);
    await b
      .http()
      .post('/user/Update')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ EmailID: user.email, Password: STRONGER })
      .expect(200);
    expect(await eventually(async () => (await status(a, next)) === 401)).toBe(true);
    expect(await status(a, await signIn(a, user.email, STRONGER))).toBe(200);
    // the Admin's own token was not touched by resetting someone else
    expect(await status(a, admin.token)).toBe(200);
  });

  it('answers a non-Admin the same for an unknown e-mail as for someone else’s', async () => {
    const user = await a.createUser('Operator');
    const body = { OldPassword: TEST_PASSWORD, NewPassword: STRONG };
    const known = await changePassword(a, user.token, { ...body, EmailID: admin.email });
    const unknown = await changePassword(a, user.token, { ...body, EmailID: 'nobody-at-all@desk.tv' });
    expect([unknown.status, unknown.body]).toEqual([known.status, known.body]);
    expect(known.status).toBe(403);
    // an Admin may be told: the id is theirs to manage
    await changePassword(a, admin.token, { EmailID: 'nobody-at-all@desk.tv', NewPassword: STRONG }).expect(
      404,
    );
  });

  it.each([
    ['only spaces', '            '],
    ['one character repeated', 'aaaaaaaaaaaa'],
    ['the e-mail’s name', 'ada.lovelace-2026!'],
    ['a common password', 'password1234'],
    ['a keyboard walk', 'qwertyuiop12'],
  ])('refuses %s wherever a password is set', async (_what, password) => {
    const register = await a
      .http()
      .post('/user/Register')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({
        EmailID: 'ada.lovelace@desk.tv',
        FirstName: 'Ada',
        LastName: 'L',
        Password: password,
        Role: 'QA',
      });
    expect([register.status, register.body.Message]).toEqual([400, expect.stringMatching(/password/i)]);
    const user = await a.createUser('Operator', {
      email: `ada.lovelace+${Math.random().toString(36).slice(2, 7)}@desk.tv`,
    });
    const own = await changePassword(a, user.token, {
      EmailID: user.email,
      OldPassword: TEST_PASSWORD,
      NewPassword: password,
    });
    expect([own.status, own.body.Message]).toEqual([400, expect.stringMatching(/password/i)]);
  });

  it('takes a strong password', async () => {
    await a
      .http()
      .post('/user/Register')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ EmailID: 'grace@desk.tv', FirstName: 'Grace', LastName: 'H', Password: STRONG, Role: 'QA' })
      .expect(200);
  });
});
