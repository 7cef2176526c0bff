import { startTestApp, TEST_PASSWORD, type TestApp, type TestUser } from '../harness/app.js';

/**
 * Failed sign-ins count per (e-mail, client address) and per address across e-mails (at a higher limit);
 * failures for one e-mail from everywhere only slow further tries down. So an attacker guessing someone's
 * password never locks that person out, and one mistyping colleague never locks out a desk behind one NAT.
 * Clients are told apart by X-Forwarded-For through a trusted (loopback) proxy.
 */
describe('login throttling per e-mail and address', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      LOGIN_THROTTLE_LIMIT: '3',
      LOGIN_THROTTLE_ADDRESS_LIMIT: '6',
      LOGIN_THROTTLE_WINDOW_SECONDS: '60',
      LOGIN_THROTTLE_DELAY_MS: '10',
      TRUST_PROXY: 'loopback',
    });
  });
  afterAll(() => t.close());
  beforeEach(() => t.db.query('DELETE FROM smartcrop_login_throttle'));

  const login = (from: string, email: string, password: string) =>
    t.http().post('/user/Login').set('X-Forwarded-For', from).send({ EmailID: email, Password: password });

  it('never refuses the right password from an address that did not fail, whoever failed elsewhere', async () => {
    const victim = await t.createUser('Operator');
    for (let i = 1; i <= 10; i++) await login(`198.51.100.${i}`, victim.email, 'guess-' + i).expect(401);
    for (let i = 0; i < 3; i++) await login('198.51.100.50', victim.email, 'guess-x' + i).expect(401);
    await login('198.51.100.50', victim.email, TEST_PASSWORD).expect(429);
    const own = await login('203.0.113.20', victim.email, TEST_PASSWORD);
    expect(own.status).toBe(200);
  });

  it('lets a desk behind one address mistype now and then, and stops an address trying many e-mails', async () => {
    const desk: TestUser[] = [];
    for (let i = 0; i < 5; i++) desk.push(await t.createUser('Operator'));
    for (const user of desk) await login('203.0.113.30', user.email, 'typo-password').expect(401);
    for (const user of desk) await login('203.0.113.30', user.email, TEST_PASSWORD).expect(200);

    for (let i = 0; i < 6; i++) await login('192.0.2.9', `nobody${i}@desk.tv`, 'wrong-password').expect(401);
    const stopped = await login('192.0.2.9', desk[0].email, TEST_PASSWORD);
    expect([stopped.status, Number(stopped.headers['retry-after']) > 0]).toEqual([429, true]);
    await login('192.0.2.10', desk[0].email, TEST_PASSWORD).expect(200);
  });

  it('throttles the OldPassword check of UpdatePassword like a sign-in', async () => {
    const user = await t.createUser('QA');
    const change = (old: string) =>
      t
        .http()
        .post('/user/UpdatePassword')
        .set('Authorization', `Bearer ${user.token}`)
        .set('X-Forwarded-For', '203.0.113.40')
        .send({ EmailID: user.email, OldPassword: old, NewPassword: 'Vivid-Otter-Compass-58' });
    for (let i = 0; i < 3; i++) await change('wrong-old-' + i).expect(400);
    const throttled = await change(TEST_PASSWORD);
    expect([throttled.status, Number(throttled.headers['retry-after']) > 0]).toEqual([429, true]);
  });
});
