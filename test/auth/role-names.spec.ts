import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';

/**
 * Role names are plain: ASCII letters, digits, space, `-` and `_`, unique whatever their case and however
 * they are spelt in Unicode (NFKC), in the service and in the database itself.
 */
describe('role names', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.createUser('Admin');
  });
  afterAll(() => t.close());

  const post = (path: string, body: object) =>
    t.http().post(path).set('Authorization', `Bearer ${admin.token}`).send(body);

  it.each([
    ['a Cyrillic А posing as Admin', '\u0410dmin'],
    ['a Greek omicron', 'Supervis\u03bfr'],
    ['punctuation', 'Lead;DROP'],
    ['a slash', 'QA/Lead'],
    ['an emoji', 'Lead \u{1F600}'],
    ['only spaces', '   '],
    ['a zero-width space', 'Le\u200bad'],
  ])('refuses %s with 400 on Create and Update', async (_what, name) => {
    const created = await post('/role/Create', { Role: name });
    expect([created.status, created.body.Message]).toEqual([400, expect.stringMatching(/letters, digits/)]);
    const custom = await post('/role/Create', { Role: `Plain ${Math.random().toString(36).slice(2, 8)}` });
    expect(custom.status).toBe(200);
    const renamed = await post('/role/Update', { Id: custom.body.Data.Id, Role: name });
    expect([renamed.status, renamed.body.Message]).toEqual([400, expect.stringMatching(/letters, digits/)]);
  });

  it('takes letters, digits, space, - and _, and refuses a name equal to another after NFKC and case folding', async () => {
    const ok = await post('/role/Create', { Role: 'Night_Shift-2 Lead' });
    expect([ok.status, ok.body.Data.Role]).toEqual([200, 'Night_Shift-2 Lead']);
    // fullwidth letters are the same name once NFKC-normalised
    expect((await post('/role/Create', { Role: '\uff2e\uff49ght_shift-2 lead' })).status).toBe(409);
    expect((await post('/role/Create', { Role: 'ADMIN' })).status).toBe(409);
    const other = await post('/role/Create', { Role: 'Day Shift' });
    expect((await post('/role/Update', { Id: other.body.Data.Id, Role: 'NIGHT_SHIFT-2 LEAD' })).status).toBe(
      409,
    );
  });

  it('is guarded by the database too: a lookalike or case variant written straight to the table is refused', async () => {
    await expect(t.db.query(`INSERT INTO smartcrop_role (role) VALUES ('\u0410dmin')`)).rejects.toThrow();
    await expect(t.db.query(`INSERT INTO smartcrop_role (role) VALUES ('\uff21dmin')`)).rejects.toThrow();
    await expect(t.db.query(`INSERT INTO smartcrop_role (role) VALUES ('operator')`)).rejects.toThrow();
  });
});
