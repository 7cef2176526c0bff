import { JwtService } from '@nestjs/jwt';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';

type Who = 'public' | 'any' | ('Operator' | 'QA')[];
const ADMIN_ONLY: Who = [];

/**
 * Who may call each route, from CONTRACT.md section 2 (Admin may call everything). Every route the app
 * serves must be listed: a new route without an entry fails this test, so nothing opens by accident.
 */
const EXPECTED: Record<string, Who> = {
  'POST /user/Login': 'public',
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'GET /lookup/GetImageTypeLookup': 'any',
  'GET /lookup/GetImageLanguageLookup': 'any',
  'GET /lookup/GetRejectReasonLookup': 'any',
  'GET /lookup/GetAspectRatioLookup': 'any',
  'GET /dashboard/Totals': 'any',
  'GET /dashboard/ProviderList': 'any',
  'POST /user/UpdatePassword': 'any',
  'GET /image/UpdateUserLockStatus': 'any',
  'GET /role/QCdisablestatus': 'any',
  'GET /image/GetImageInfo': ['Operator', 'QA'],
  'GET /image/GetCropSuggestions': ['Operator', 'QA'],
  'POST /lookup/UpdateAspectRatioMinimum': ADMIN_ONLY,
  'GET /report/SuggestionAcceptance': ADMIN_ONLY,
  'GET /autocrop/Settings': ADMIN_ONLY,
  'POST /autocrop/Setting': ADMIN_ONLY,
  'POST /image/SaveCropedImages': ['Operator', 'QA'],
  'GET /image/DeleteCroppedImageInfo': ['Operator', 'QA'],
  'GET /image/UpdateStatus': ['Operator', 'QA'],
  'GET /image/GetCroppedImageInfo': ['QA'],
  'POST /image/UpdateCroppedImageInfo': ['QA'],
  'POST /user/Register': ADMIN_ONLY,
  'POST /user/Update': ADMIN_ONLY,
  'POST /user/UserRoleDetails': ADMIN_ONLY,
  'GET /user/UserList': ADMIN_ONLY,
  'POST /user/Delete': ADMIN_ONLY,
  'POST /role/Create': ADMIN_ONLY,
  'POST /role/Delete': ADMIN_ONLY,
  'POST /role/Update': ADMIN_ONLY,
  'GET /role/Get': ADMIN_ONLY,
  'GET /role/QCdisable': ADMIN_ONLY,
  'POST /rule/Create': ADMIN_ONLY,
  'POST /rule/Delete': ADMIN_ONLY,
  'POST /rule/Update': ADMIN_ONLY,
  'GET /rule/Get': ADMIN_ONLY,
  'GET /report/CroppedImageReport': ADMIN_ONLY,
  'GET /report/CroppedImageReportDownLoad': ADMIN_ONLY,
  'GET /report/OperatorProductivity': ADMIN_ONLY,
  'GET /report/OperatorProductivityDownLoad': ADMIN_ONLY,
  'GET /jobs/runs': ADMIN_ONLY,
  'GET /jobs/runs/{RunId}': ADMIN_ONLY,
  'POST /filewatcher/run-local': ADMIN_ONLY,
  'POST /filewatcher/download-s3': ADMIN_ONLY,
  'POST /filewatcher/download-sftp': ADMIN_ONLY,
  'POST /filewatcher/batch/run': ADMIN_ONLY,
  'POST /batchjob/run': ADMIN_ONLY,
  'POST /dumpdata/run': ADMIN_ONLY,
};

describe('the authorisation matrix', () => {
  let t: TestApp;
  let routes: string[];
  let described: Record<string, string | undefined>;
  const users: Record<string, TestUser> = {};
  let expired: string;

  beforeAll(async () => {
    t = await startTestApp();
    for (const role of ['Admin', 'Operator', 'QA']) users[role] = await t.createUser(role);
    expired = await t.app
      .get(JwtService)
      .signAsync({ sub: users.Admin.id, role: 'Admin' }, { expiresIn: -10 });
    const doc = (await t.http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { description?: string }>>;
    };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    described = Object.fromEntries(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops).map(([m, op]) => [
          `${m.toUpperCase()} ${path}`,
          op.description?.split('\n').pop(),
        ]),
      ),
    );
  });
  afterAll(() => t.close());

  const call = (route: string, token?: string) => {
    const [method, path] = route.split(' ');
    const req = method === 'GET' ? t.http().get(path) : t.http().post(path).send({});
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };

  it('has an expectation for every route the app serves', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => !(r in EXPECTED))).toEqual([]);
  });

  it('tells in each operation of the description who may call it, as this table says', () => {
    const line = (who: Who) =>
      who === 'public'
        ? 'Public: no token needed.'
        : who === 'any'
          ? 'Roles: any signed-in user.'
          : `Roles: ${['Admin', ...who].join(', ')}.`;
    for (const route of routes)
      expect({ route, says: described[route] }).toEqual({ route, says: line(EXPECTED[route]) });
  });

  it('refuses every non-public route without a token, with a garbage token and with an expired one', async () => {
    for (const route of routes.filter((r) => EXPECTED[r] !== 'public')) {
      for (const token of [undefined, 'not.a.jwt', expired]) {
        const res = await call(route, token);
        expect({ route, token: token?.slice(0, 8), status: res.status }).toEqual({
          route,
          token: token?.slice(0, 8),
          status: 401,
        });
        expect(res.body).toMatchObject({ StatusCode: 401, Data: null });
      }
    }
  });

  it('lets each role through exactly where the contract says, and answers 403 elsewhere', async () => {
    for (const route of routes) {
      const who = EXPECTED[route];
      for (const role of ['Admin', 'Operator', 'QA'] as const) {
        const allowed = who === 'public' || who === 'any' || role === 'Admin' || who.includes(role);
        const res = await call(route, users[role].token);
        const outcome = res.status === 403 ? 'forbidden' : res.status === 401 ? 'unauthenticated' : 'through';
        expect({ route, role, outcome }).toEqual({ route, role, outcome: allowed ? 'through' : 'forbidden' });
      }
    }
  });

  // (a change made straight in the database, or through another process: test/auth/user-cache.spec.ts)
  it('stops a deactivated user’s token at once', async () => {
    const op = await t.createUser('Operator');
    await t.http().get('/lookup/GetImageTypeLookup').set('Authorization', `Bearer ${op.token}`).expect(200);
    const admin = await t.createUser('Admin');
    await t
      .http()
      .post('/user/Update')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ EmailID: op.email, IsActive: false })
      .expect(200);
    const res = await t
      .http()
      .get('/lookup/GetImageTypeLookup')
      .set('Authorization', `Bearer ${op.token}`)
      .expect(401);
    expect(res.body.Message).toBe('This account is no longer active');
  });
});
