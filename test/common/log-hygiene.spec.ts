import { Writable } from 'node:stream';
import { startTestApp, TEST_PASSWORD, type TestApp, type TestUser } from '../harness/app.js';

/** Every line the service logs, as written. */
function logSink(): { stream: Writable; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => lines.join('') };
}

/**
 * What reaches the log: never a password, a hash, an SQL parameter or a query-string value, whatever a
 * request sends and however it fails.
 */
describe('the log', () => {
  let t: TestApp;
  let admin: TestUser;
  const sink = logSink();

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'info' }, { logStream: sink.stream });
    admin = await t.createUser('Admin');
  });
  afterAll(() => t.close());

  it('holds no SQL parameters when a write fails in the database (a NUL byte in a name)', async () => {
    const res = await t.http().post('/user/Register').set('Authorization', `Bearer ${admin.token}`).send({
      EmailID: 'nul-byte@desk.tv',
      FirstName: 'Nul\u0000Name',
      LastName: 'Tester',
      Password: 'Zebra-Quartz-Lantern-92',
      Role: 'QA',
    });
    expect(res.status).toBeLessThan(600);
    expect(JSON.stringify(res.body)).not.toMatch(/INSERT|argon2|\$\d/);
    const log = sink.text();
    expect(log).not.toMatch(/argon2/);
    expect(log).not.toMatch(/Zebra-Quartz-Lantern-92/);
    expect(log).not.toMatch(/nul-byte@desk\.tv/);
    expect(log).not.toMatch(/"parameters"|"query"|INSERT INTO/);
  });

  it('logs requests by their path, without the values of the query string', async () => {
    await t
      .http()
      .get(`/image/GetImageInfo?providerName=Secret-Provider-77&user=${admin.id}`)
      .set('Authorization', `Bearer ${admin.token}`);
    await t
      .http()
      .post(`/user/UserRoleDetails?EmailID=${encodeURIComponent('hidden.person@desk.tv')}`)
      .set('Authorization', `Bearer ${admin.token}`);
    await t.http().post('/user/Login').send({ EmailID: admin.email, Password: TEST_PASSWORD });
    const log = sink.text();
    expect(log).toMatch(/"url":"\/image\/GetImageInfo"/);
    expect(log).not.toMatch(/Secret-Provider-77|hidden\.person|providerName=/);
    expect(log).not.toContain(TEST_PASSWORD);
  });
});
