import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { as, claim } from './fixtures.js';

/** Integers beyond their column's type are a 400 naming the field, never a database error (500). */
describe('integer inputs are range-checked to their column', () => {
  let t: TestApp;
  let op: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    op = await t.createUser('Operator');
    admin = await t.createUser('Admin');
  });
  afterAll(() => t.close());

  const fields = (res: { body: { Errors?: { Field: string; Message: string }[] } }) =>
    (res.body.Errors ?? []).map((e) => `${e.Field}: ${e.Message}`);

  it('refuses out-of-range ids in SaveCropedImages bodies, each named', async () => {
    const [p] = await t.factory.queue({ Provider: 'Ranges' });
    const held = await claim(t, op, 'Ranges').expect(200);
    const imageId = held.body.Data[0].ImageId as number;
    const crop = { AspectRatioId: 1, X: 0, Y: 0, Width: 16, Height: 9 };
    const cases: [object, string][] = [
      [{ ProgramId: 1e20, ImageId: imageId, Crops: [crop] }, 'ProgramId: must be at most 9007199254740991'],
      [{ ProgramId: p, ImageId: 2 ** 63, Crops: [crop] }, 'ImageId: must be at most 9007199254740991'],
      [
        { ProgramId: p, ImageId: imageId, Crops: [{ ...crop, ImageTypeId: 2 ** 31 }] },
        'Crops.0.ImageTypeId: must be at most 2147483647',
      ],
      [
        { ProgramId: p, ImageId: imageId, Crops: [{ ...crop, Width: 2 ** 31 }] },
        'Crops.0.Width: must be at most 2147483647',
      ],
      [
        { ProgramId: p, ImageId: imageId, Crops: [crop], Status: 4, RejectReasonId: 2 ** 31 },
        'RejectReasonId: must be at most 2147483647',
      ],
    ];
    for (const [body, error] of cases) {
      const res = await as(t, op).post('/image/SaveCropedImages', body).expect(400);
      expect(res.body).toMatchObject({ StatusCode: 400, Data: null });
      expect(fields(res)).toEqual([error]);
    }
  });

  it('names each bad field of an UpdateCroppedImageInfo array by its index', async () => {
    const qa = await t.createUser('QA');
    const item = { ProgramId: 1, ImageId: 1, AspectRatioId: 1, X: 0, Y: 0, Width: 16, Height: 9 };
    const res = await as(t, qa)
      .post('/image/UpdateCroppedImageInfo', [
        item,
        { ...item, ImageId: 2 ** 63, LanguageId: 2 ** 31, Bogus: 1 },
        'text',
      ])
      .expect(400);
    expect(fields(res).sort()).toEqual([
      '1.Bogus: property Bogus should not exist',
      '1.ImageId: must be at most 9007199254740991',
      '1.LanguageId: must be at most 2147483647',
      '2: must be an object',
    ]);
    const notArray = await as(t, qa).post('/image/UpdateCroppedImageInfo', item).expect(400);
    expect(fields(notArray)).toEqual(['body: must be a JSON array']);
  });

  it('refuses out-of-range query integers', async () => {
    const cases: [string, string][] = [
      [`/image/UpdateUserLockStatus?userId=99999999999999999999`, 'userId: must be at most 2147483647'],
      [
        `/image/GetCroppedImageInfo?programId=1e23&user=${op.id}`,
        'programId: must be at most 9007199254740991',
      ],
      [
        `/image/UpdateStatus?programId=1&status=4&rejectReasonId=2147483648`,
        'rejectReasonId: must be at most 2147483647',
      ],
      [`/image/DeleteCroppedImageInfo?programId=1&id=2147483648&imageid=1`, 'id: must be at most 2147483647'],
      [`/image/GetImageInfo?providerName=X&user=2147483648`, 'user: must be at most 2147483647'],
      [`/report/CroppedImageReport?user=2147483648`, 'user: must be at most 2147483647'],
      [`/dashboard/ProviderList?pageNumber=1e20`, 'pageNumber: must be at most 2147483647'],
    ];
    for (const [path, error] of cases) {
      const res = await as(t, admin).get(path).expect(400);
      expect(fields(res)).toEqual([error]);
    }
    await as(t, admin)
      .post('/rule/Update', { Id: 2 ** 31, Percentage: 5 })
      .expect(400);
    await as(t, admin)
      .post('/role/Update', { Id: 2 ** 31, Role: 'X' })
      .expect(400);
  });

  it('says one thing per bad field, the first rule it breaks', async () => {
    const cases: [string, string[]][] = [
      ['/jobs/runs/abc', ['RunId: must be a positive integer']],
      ['/jobs/runs/-1', ['RunId: must be a positive integer']],
      [
        '/dashboard/ProviderList?pageNumber=x&pageSize=0.5',
        ['pageNumber: must be an integer', 'pageSize: must be an integer'],
      ],
    ];
    for (const [path, errors] of cases) {
      const res = await as(t, admin).get(path).expect(400);
      expect(fields(res)).toEqual(errors);
    }
    const res = await as(t, op)
      .post('/image/SaveCropedImages', { ProgramId: 'x', ImageId: 1, Crops: [] })
      .expect(400);
    expect(fields(res).filter((f) => f.startsWith('ProgramId:'))).toHaveLength(1);
  });

  it('serves a pageSize above 500 as 500, and still refuses one below 1 or not whole', async () => {
    const big = await as(t, admin).get('/dashboard/ProviderList?pageSize=100000').expect(200);
    expect(big.body.Data).toMatchObject({ PageNumber: 1, PageSize: 500 });
    const runs = await as(t, admin).get('/jobs/runs?pageSize=501').expect(200);
    expect(runs.body.Data.PageSize).toBe(500);
    for (const bad of ['0', '-1', '1.5', 'ten']) {
      const res = await as(t, admin).get(`/dashboard/ProviderList?pageSize=${bad}`).expect(400);
      expect(fields(res)[0]).toMatch(/^pageSize: /);
    }
  });
});
