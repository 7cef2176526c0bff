import { startTestApp, type TestApp, type TestUser } from '../../harness/app.js';
import { as, audit, claim, makeImage } from '../fixtures.js';
import { AnalysisWorker } from '../../../src/smartcrop/suggest/analysis.worker.js';
import { composite, headPatches } from './composites.js';
import { imageHost } from './image-host.js';

interface Suggested {
  AspectRatioId: number;
  X: number;
  Y: number;
  Width: number;
  Height: number;
  Score: number;
  Method: string;
}

describe('suggested crops on the wire', () => {
  let t: TestApp;
  let strict: TestApp;
  let host: Awaited<ReturnType<typeof imageHost>>;
  let op: TestUser;
  let admin: TestUser;
  let seq = 0;

  beforeAll(async () => {
    const [patch] = await headPatches();
    const big = await composite({
      width: 1920,
      height: 1080,
      background: 'gradient',
      patch,
      scale: 0.4,
      at: { x: 0.2, y: 0.3 },
      seed: 11,
    });
    const small = await composite({
      width: 960,
      height: 540,
      background: 'solid',
      patch,
      scale: 0.5,
      at: { x: 0.5, y: 0.5 },
      seed: 12,
    });
    host = await imageHost({ '/big.jpg': { bytes: big.jpeg }, '/small.jpg': { bytes: small.jpeg } });
    // one secret for both apps, so a token from one is good at the other
    const env = {
      FETCH_ALLOW_HOSTS: '127.0.0.1',
      SOURCE_FETCH_TIMEOUT_MS: '3000',
      JWT_SECRET: 'wire-spec-'.repeat(4),
    };
    t = await startTestApp(env);
    strict = await startTestApp({ ...env, RESOLUTION_GUARD: 'refuse' }, { database: t.database });
    op = await t.createUser('Operator');
    admin = await t.createUser('Admin');
  });
  afterAll(async () => {
    await strict?.close();
    await t?.close();
    await host?.close();
  });

  const drain = async () => {
    const w = t.app.get(AnalysisWorker);
    while ((await w.drainOnce()) > 0);
  };
  const queued = async (path: string) => {
    const provider = `Wire${++seq}`;
    const [programId] = await t.factory.queue({
      Provider: provider,
      ImageUrl: host.url(path),
      Width: null,
      Height: null,
    });
    return { provider, programId };
  };

  it('GetImageInfo items carry SuggestedCrops, Analysis and Warnings: empty while pending, filled once analysed', async () => {
    const { provider } = await queued('/big.jpg');
    const first = await claim(t, op, provider).expect(200);
    expect(first.body.Data[0]).toMatchObject({
      SuggestedCrops: [],
      Analysis: { State: 'pending', Reason: null, SourceWidth: null, SourceHeight: null },
      Warnings: [],
      Width: null,
    });
    await drain();
    const again = await claim(t, op, provider).expect(200); // resume
    const item = again.body.Data[0];
    expect(item.Analysis).toEqual({ State: 'done', Reason: null, SourceWidth: 1920, SourceHeight: 1080 });
    expect(item.Width).toBe(1920);
    expect(item.SuggestedCrops.map((s: Suggested) => s.AspectRatioId)).toEqual([1, 2, 3, 4, 5]);
    expect(item.Warnings).toEqual([]);
    await as(t, op).get(`/image/UpdateUserLockStatus?userId=${op.id}`).expect(200);
  });

  it('GetCropSuggestions computes on demand, 404 for an unknown image, 400 for a bad id', async () => {
    const { programId } = await queued('/small.jpg');
    const [{ id }] = await t.db.query<{ id: string }[]>(
      'SELECT id FROM smartcrop_programimage WHERE link_object_id = $1',
      [programId],
    );
    const res = await as(t, op).get(`/image/GetCropSuggestions?imageId=${id}`).expect(200);
    expect(res.body.Data.ImageId).toBe(Number(id));
    expect(res.body.Data.Analysis).toMatchObject({ State: 'done', SourceWidth: 960, SourceHeight: 540 });
    expect(res.body.Data.SuggestedCrops).toHaveLength(5);
    // 960x540 cannot give 1280x720 (16:9) nor 720x1080 (2:3): BelowMinimum from analysis on
    const codes = res.body.Data.Warnings.map(
      (w: { AspectRatioId: number; Code: string }) => `${w.AspectRatioId}:${w.Code}`,
    );
    expect(codes).toEqual(expect.arrayContaining(['1:BelowMinimum', '4:BelowMinimum']));
    await as(t, op).get('/image/GetCropSuggestions?imageId=999999999').expect(404);
    const bad = await as(t, op).get('/image/GetCropSuggestions?imageId=abc').expect(400);
    expect(bad.body.Data).toBeNull();
  });

  it('saves UseSuggestion crops from the suggestion and audits equal / moved / replaced', async () => {
    const { provider } = await queued('/big.jpg');
    await drain();
    const item = (await claim(t, op, provider).expect(200)).body.Data[0];
    const s = new Map<number, Suggested>(item.SuggestedCrops.map((c: Suggested) => [c.AspectRatioId, c]));
    const s3 = s.get(3)!;
    const res = await as(t, op)
      .post('/image/SaveCropedImages', {
        ProgramId: item.ProgramId,
        ImageId: item.ImageId,
        Crops: [
          { AspectRatioId: 2, UseSuggestion: true },
          // 10 px aside, towards whichever side has room (the suggestion may touch the left edge)
          {
            AspectRatioId: 3,
            X: s3.X >= 10 ? s3.X - 10 : s3.X + 10,
            Y: s3.Y,
            Width: s3.Width,
            Height: s3.Height,
          },
          { AspectRatioId: 5, X: 840, Y: 0, Width: 1080, Height: 1080 },
        ],
      })
      .expect(200);
    const saved = res.body.Data.Crops.find((c: { AspectRatioId: number }) => c.AspectRatioId === 2);
    const s2 = s.get(2)!;
    expect([saved.X, saved.Y, saved.Width, saved.Height]).toEqual([s2.X, s2.Y, s2.Width, s2.Height]);
    expect(saved.OutputWidth).toBe(s2.Width);
    expect(res.body.Data.Warnings).toEqual([]);
    const rows = await audit(t.db, [item.ImageId]);
    const save = rows.find((r) => r.action === 'save_crops')!;
    const s5 = s.get(5)!;
    expect(save.details.suggestions).toEqual({
      2: 'equal',
      3: 'moved',
      5: s5.X === 840 ? 'equal' : Math.abs(s5.X - 840) < 540 ? 'moved' : 'replaced',
    });

    const report = await as(t, admin)
      .get(`/report/SuggestionAcceptance?providerName=${provider}`)
      .expect(200);
    const byRatio = new Map(report.body.Data.map((r: { AspectRatioId: number }) => [r.AspectRatioId, r]));
    expect(byRatio.get(2)).toMatchObject({ ProviderName: provider, Saved: 1, Equal: 1, AcceptanceRate: 1 });
    expect(byRatio.get(3)).toMatchObject({ Saved: 1, Moved: 1, AcceptanceRate: 0 });
    await as(t, op).get('/report/SuggestionAcceptance').expect(403);
  });

  it('a UseSuggestion crop with ImageData, or a crop without a rectangle, is 400', async () => {
    // the claim below hands out this programme's image, not one an earlier test still holds
    await as(t, op).get(`/image/UpdateUserLockStatus?userId=${op.id}`).expect(200);
    const { provider } = await queued('/big.jpg');
    const item = (await claim(t, op, provider).expect(200)).body.Data[0];
    const post = (crop: object) =>
      as(t, op).post('/image/SaveCropedImages', {
        ProgramId: item.ProgramId,
        ImageId: item.ImageId,
        Crops: [crop],
      });
    const both = await post({ AspectRatioId: 1, UseSuggestion: true, ImageData: 'AAAA' }).expect(400);
    expect(both.body.Message).toMatch(/UseSuggestion or image bytes/);
    const none = await post({ AspectRatioId: 1 }).expect(400);
    expect(none.body.Data).toBeNull();
    // multipart: a file part for a UseSuggestion crop is the same contradiction
    const form = await t
      .http()
      .post('/image/SaveCropedImages')
      .set('Authorization', `Bearer ${op.token}`)
      .field(
        'Request',
        JSON.stringify({
          ProgramId: item.ProgramId,
          ImageId: item.ImageId,
          Crops: [{ AspectRatioId: 1, UseSuggestion: true }],
        }),
      )
      .attach('1', await makeImage(160, 90, 'jpeg'), { filename: 'a.jpg', contentType: 'image/jpeg' })
      .expect(400);
    expect(form.body.Message).toMatch(/UseSuggestion or image bytes/);
    expect((await audit(t.db, [item.ImageId])).map((a) => a.action)).toEqual(['lock']);
    await as(t, op).get(`/image/UpdateUserLockStatus?userId=${op.id}`).expect(200);
  });

  it('a multipart save takes UseSuggestion crops beside file parts', async () => {
    await as(t, op).get(`/image/UpdateUserLockStatus?userId=${op.id}`).expect(200);
    const { provider } = await queued('/big.jpg');
    await drain();
    const item = (await claim(t, op, provider).expect(200)).body.Data[0];
    const s2 = item.SuggestedCrops.find((c: Suggested) => c.AspectRatioId === 2) as Suggested;
    const jpeg = await makeImage(160, 90, 'jpeg');
    const res = await t
      .http()
      .post('/image/SaveCropedImages')
      .set('Authorization', `Bearer ${op.token}`)
      .field(
        'Request',
        JSON.stringify({
          ProgramId: item.ProgramId,
          ImageId: item.ImageId,
          Crops: [
            { AspectRatioId: 1, X: 0, Y: 0, Width: 1920, Height: 1080 },
            { AspectRatioId: 2, UseSuggestion: true },
          ],
        }),
      )
      .attach('1', jpeg, { filename: 'a.jpg', contentType: 'image/jpeg' })
      .expect(200);
    const crops = res.body.Data.Crops as { AspectRatioId: number; X: number; Width: number }[];
    expect(crops.map((c) => [c.AspectRatioId, c.X, c.Width])).toEqual([
      [1, 0, 1920],
      [2, s2.X, s2.Width],
    ]);
    const save = (await audit(t.db, [item.ImageId])).find((r) => r.action === 'save_crops')!;
    expect(save.details.suggestions).toEqual({ 1: 'equal', 2: 'equal' });
    await as(t, op).get(`/image/UpdateUserLockStatus?userId=${op.id}`).expect(200);
  });

  it('a rendition below its minimum saves with a BelowMinimum warning (warn), and is 400 with RESOLUTION_GUARD=refuse', async () => {
    const { provider } = await queued('/big.jpg');
    const item = (await claim(t, op, provider).expect(200)).body.Data[0];
    const body = {
      ProgramId: item.ProgramId,
      ImageId: item.ImageId,
      Crops: [{ AspectRatioId: 5, X: 0, Y: 0, Width: 500, Height: 500 }],
    };
    const refused = await as(strict, op).post('/image/SaveCropedImages', body).expect(400);
    expect(refused.body.Message).toMatch(/500x500, below the minimum 720x720/);
    const warned = await as(t, op).post('/image/SaveCropedImages', body).expect(200);
    expect(warned.body.Data.Warnings).toEqual([
      { AspectRatioId: 5, Code: 'BelowMinimum', Message: expect.stringMatching(/below the minimum 720x720/) },
    ]);
  });

  it('Admin changes a minimum; GetAspectRatioLookup shows it; others may not', async () => {
    const res = await as(t, admin)
      .post('/lookup/UpdateAspectRatioMinimum', { Id: 5, MinWidth: 400, MinHeight: 400 })
      .expect(200);
    expect(res.body.Data).toMatchObject({ Id: 5, MinWidth: 400, MinHeight: 400 });
    const lookup = await as(t, op).get('/lookup/GetAspectRatioLookup').expect(200);
    expect(lookup.body.Data.find((r: { Id: number }) => r.Id === 1)).toMatchObject({
      MinWidth: 1280,
      MinHeight: 720,
    });
    await as(t, op)
      .post('/lookup/UpdateAspectRatioMinimum', { Id: 5, MinWidth: 1, MinHeight: 1 })
      .expect(403);
    await as(t, admin)
      .post('/lookup/UpdateAspectRatioMinimum', { Id: 999, MinWidth: 1, MinHeight: 1 })
      .expect(404);
    await as(t, admin)
      .post('/lookup/UpdateAspectRatioMinimum', { Id: 5, MinWidth: 720, MinHeight: 720 })
      .expect(200);
  });
});
