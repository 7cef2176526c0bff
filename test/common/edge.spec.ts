import { startTestApp, TEST_PASSWORD, type TestApp } from '../harness/app.js';

describe('the HTTP edge', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT: '64kb' });
  });
  afterAll(() => t.close());

  it('serves liveness and readiness in the envelope', async () => {
    const live = await t.http().get('/health/live').expect(200);
    expect(live.body).toEqual({ StatusCode: 200, Message: 'OK', Data: { Status: 'ok' } });
    const ready = await t.http().get('/health/ready').expect(200);
    // PascalCase at every depth, like every other body on the wire
    expect(ready.body.Data).toEqual({
      Status: 'ok',
      Info: { Database: expect.objectContaining({ Status: 'up' }), Migrations: { Status: 'up' } },
      Error: {},
      Details: { Database: expect.objectContaining({ Status: 'up' }), Migrations: { Status: 'up' } },
    });
  });

  it('matches paths case-sensitively, as the contract spells them', async () => {
    const admin = await t.createUser('Admin');
    const get = (path: string) => t.http().get(path).set('Authorization', `Bearer ${admin.token}`);
    await get('/dashboard/Totals').expect(200);
    await get('/lookup/GetImageTypeLookup').expect(200);
    for (const path of [
      '/dashboard/totals',
      '/DASHBOARD/TOTALS',
      '/lookup/getimagetypelookup',
      '/Health/live',
    ]) {
      const res = await get(path).expect(404);
      expect(res.body).toEqual({ StatusCode: 404, Message: `No route GET ${path}`, Data: null });
    }
    const login = await t
      .http()
      .post('/user/login')
      .send({ EmailID: 'admin@test.local', Password: TEST_PASSWORD })
      .expect(404);
    expect(login.body).toMatchObject({ StatusCode: 404, Data: null });
  });

  it('refuses JSON nested deeper than the limit with 400, before parsing it', async () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const send = (raw: string) =>
      t.http().post('/user/Login').set('Content-Type', 'application/json').send(raw);
    const res = await send(`{"EmailID":${deep(20_000)}}`).expect(400);
    expect(res.body).toEqual({
      StatusCode: 400,
      Message: 'The request body is nested deeper than 32 levels',
      Data: null,
    });
    await send(`{"EmailID":${deep(33)}}`).expect(400);
    // brackets inside strings are text, not nesting
    const ok = await send(JSON.stringify({ EmailID: 'ops@desk.tv', Password: '[{'.repeat(500) })).expect(401);
    expect(ok.body.StatusCode).toBe(401);
    const fine = await send(`{"EmailID":${deep(30)}}`).expect(400);
    expect(fine.body.Message).toBe('Validation failed');
  });

  it('refuses NUL bytes in any string, body or query, with 400 naming the field', async () => {
    const admin = await t.createUser('Admin');
    const body = await t
      .http()
      .post('/user/Login')
      .send({ EmailID: 'ops@desk.tv', Password: 'x\u0000y' })
      .expect(400);
    expect(body.body.Errors).toEqual([{ Field: 'Password', Message: 'must not contain NUL characters' }]);
    const nested = await t
      .http()
      .post('/rule/Create')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ Status: 2, Percentage: 10, Extra: { Deep: ['\u0000'] } })
      .expect(400);
    expect(nested.body.Errors).toEqual(
      expect.arrayContaining([{ Field: 'Extra.Deep.0', Message: 'must not contain NUL characters' }]),
    );
    const query = await t
      .http()
      .get('/image/GetImageInfo?providerName=Press%00Site&user=1')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(400);
    expect(query.body.Errors).toEqual([
      { Field: 'providerName', Message: 'must not contain NUL characters' },
    ]);
  });

  it('tags each response with a request id, echoing a sane incoming one', async () => {
    const fresh = await t.http().get('/health/live').expect(200);
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await t.http().get('/health/live').set('X-Request-Id', 'ui-123').expect(200);
    expect(echoed.headers['x-request-id']).toBe('ui-123');
    const refused = await t.http().get('/health/live').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(refused.headers['x-request-id']).not.toBe('bad id with spaces');
  });

  it('marks API answers and errors no-store, without an ETag to revalidate against', async () => {
    const ok = await t.http().get('/health/live').expect(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(ok.headers.etag).toBeUndefined();
    const missing = await t.http().get('/no/such/route').expect(404);
    expect(missing.headers['cache-control']).toBe('no-store');
    const unauthorised = await t.http().get('/image/GetImageInfo?providerName=X&user=1').expect(401);
    expect(unauthorised.headers['cache-control']).toBe('no-store');
    const docs = await t.http().get('/docs-json').expect(200);
    expect(docs.headers['cache-control']).not.toBe('no-store');
  });

  it('answers an unknown route with a 404 envelope', async () => {
    const res = await t.http().get('/no/such/route').expect(404);
    expect(res.body).toEqual({ StatusCode: 404, Message: 'No route GET /no/such/route', Data: null });
    // a missing stored rendition names its path once
    const file = await t.http().get('/files/Prov/1/2/3-abc.png').expect(404);
    expect(file.body).toEqual({
      StatusCode: 404,
      Message: 'No route GET /files/Prov/1/2/3-abc.png',
      Data: null,
    });
  });

  it('gives ids as numbers in /jobs/runs (bigint columns parsed)', async () => {
    const admin = await t.createUser('Admin');
    await t.db.query(
      `INSERT INTO smartcrop_job_run (job, trigger, triggered_by, summary) VALUES ('batch', 'api', $1, '{}')`,
      [admin.id],
    );
    const res = await t.http().get('/jobs/runs').set('Authorization', `Bearer ${admin.token}`).expect(200);
    const [run] = res.body.Data.Items;
    expect(run).toMatchObject({ Job: 'batch', TriggeredBy: admin.id, Rows: 0 });
    expect(typeof run.Id).toBe('number');
  });

  it('answers malformed JSON with 400 and a body over the limit with 413, both enveloped', async () => {
    const bad = await t
      .http()
      .post('/user/Login')
      .set('Content-Type', 'application/json')
      .send('{"EmailID": ')
      .expect(400);
    expect(bad.body).toEqual({ StatusCode: 400, Message: 'The request body is not valid JSON', Data: null });
    const big = await t
      .http()
      .post('/user/Login')
      .send({ EmailID: 'a@b.c', Password: 'x'.repeat(100_000) })
      .expect(413);
    expect(big.body).toMatchObject({ StatusCode: 413, Data: null });
  });

  it('lists each invalid field of a body and refuses unknown fields', async () => {
    const res = await t.http().post('/user/Login').send({ EmailID: 'not-an-email', Extra: 1 }).expect(400);
    expect(res.body.StatusCode).toBe(400);
    expect(res.body.Data).toBeNull();
    const fields = (res.body.Errors as { Field: string }[]).map((e) => e.Field).sort();
    expect(fields).toEqual(expect.arrayContaining(['EmailID', 'Extra', 'Password']));
  });

  it('validates query names case-sensitively and ignores unknown ones', async () => {
    const admin = await t.createUser('Admin');
    const ok = await t
      .http()
      .get('/lookup/GetImageTypeLookup?Whatever=1')
      .set('Authorization', `Bearer ${admin.token}`);
    expect(ok.status).toBe(200);
  });

  it('needs a token for everything but login, health and docs', async () => {
    const res = await t.http().get('/lookup/GetImageTypeLookup').expect(401);
    expect(res.body).toMatchObject({ StatusCode: 401, Data: null });
    await t.http().get('/docs').expect(200);
    const doc = await t.http().get('/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.body.paths['/lookup/GetImageTypeLookup'].get.operationId).toBe('getImageTypeLookup');
  });

  it('serves the seeded lookups in id order to a signed-in user', async () => {
    const op = await t.createUser('Operator');
    const get = (path: string) =>
      t.http().get(`/lookup/${path}`).set('Authorization', `Bearer ${op.token}`).expect(200);
    const ratios = await get('GetAspectRatioLookup');
    expect(ratios.body.Data).toEqual([
      // with the documented default minimum rendition sizes (a shorter side of 720)
      { Id: 1, Title: '16:9', Width: 16, Height: 9, MinWidth: 1280, MinHeight: 720 },
      { Id: 2, Title: '4:3', Width: 4, Height: 3, MinWidth: 960, MinHeight: 720 },
      { Id: 3, Title: '3:4', Width: 3, Height: 4, MinWidth: 720, MinHeight: 960 },
      { Id: 4, Title: '2:3', Width: 2, Height: 3, MinWidth: 720, MinHeight: 1080 },
      { Id: 5, Title: '1:1', Width: 1, Height: 1, MinWidth: 720, MinHeight: 720 },
    ]);
    const types = await get('GetImageTypeLookup');
    expect(types.body.Data[0]).toEqual({ Id: 1, Title: 'Poster' });
    const langs = await get('GetImageLanguageLookup');
    expect(langs.body.Data.map((l: { Title: string }) => l.Title)).toContain('English');
    const reasons = await get('GetRejectReasonLookup');
    expect(reasons.body.Data[0]).toEqual({ Id: 1, Reason: 'Low resolution' });
  });

  it('signs in the bootstrap admin and never echoes the password', async () => {
    const res = await t
      .http()
      .post('/user/Login')
      .send({ EmailID: 'ADMIN@test.local', Password: TEST_PASSWORD })
      .expect(200);
    expect(res.body.Data).toMatchObject({
      TokenType: 'Bearer',
      User: { EmailID: 'admin@test.local', Role: 'Admin' },
    });
    expect(JSON.stringify(res.body)).not.toContain(TEST_PASSWORD);
    const wrong = await t
      .http()
      .post('/user/Login')
      .send({ EmailID: 'admin@test.local', Password: 'wrong-password' })
      .expect(401);
    expect(wrong.body).toEqual({ StatusCode: 401, Message: 'E-mail or password is incorrect', Data: null });
  });
});
