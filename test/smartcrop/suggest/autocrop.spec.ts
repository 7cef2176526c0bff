import sharp from 'sharp';
import { startTestApp, type TestApp, type TestUser } from '../../harness/app.js';
import { as, audit } from '../fixtures.js';
import { AnalysisWorker } from '../../../src/smartcrop/suggest/analysis.worker.js';
import { composite, headPatches } from './composites.js';
import { imageHost } from './image-host.js';

describe('auto-crop per provider', () => {
  let t: TestApp;
  let host: Awaited<ReturnType<typeof imageHost>>;
  let admin: TestUser;
  let qa: TestUser;
  let seq = 0;

  beforeAll(async () => {
    const [patch] = await headPatches();
    const face = await composite({
      width: 1920,
      height: 1080,
      background: 'solid',
      patch,
      scale: 0.35,
      at: { x: 0.5, y: 0.3 },
      seed: 21,
    });
    const flat = await sharp({ create: { width: 1920, height: 1080, channels: 3, background: '#777777' } })
      .jpeg()
      .toBuffer();
    host = await imageHost({ '/face.jpg': { bytes: face.jpeg }, '/flat.jpg': { bytes: flat } });
    t = await startTestApp({ FETCH_ALLOW_HOSTS: '127.0.0.1', SOURCE_FETCH_TIMEOUT_MS: '3000' });
    admin = await t.createUser('Admin');
    qa = await t.createUser('QA');
  });
  afterAll(async () => {
    await t?.close();
    await host?.close();
  });

  const drain = async () => {
    const w = t.app.get(AnalysisWorker);
    while ((await w.drainOnce()) > 0);
  };
  const programme = async (path: string, enabled = true) => {
    const provider = `Auto${++seq}`;
    await as(t, admin)
      .post('/autocrop/Setting', {
        ProviderName: provider,
        Enabled: enabled,
        MinScore: 0.7,
        QaSamplePercent: 100,
      })
      .expect(200);
    const [programId] = await t.factory.queue({
      Provider: provider,
      ImageUrl: host.url(path),
      ImagesPerProgram: 2,
    });
    return { provider, programId };
  };
  const statuses = async (programId: number) =>
    (
      await t.db.query<{ status: number; current_state: number }[]>(
        'SELECT status, current_state FROM smartcrop_programimage WHERE link_object_id = $1 ORDER BY id',
        [programId],
      )
    ).map((r) => `${r.status}/${r.current_state}`);
  const renditionCount = async (programId: number) =>
    (
      await t.db.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM smartcrop_aspectratioimages WHERE programid = $1',
        [programId],
      )
    )[0].n;

  it('crops a confident programme from its suggestions and moves it to QA, by the system', async () => {
    const { programId } = await programme('/face.jpg');
    await drain();
    expect(await statuses(programId)).toEqual(['2/0', '2/0']);
    expect(await renditionCount(programId)).toBe(10);
    const ids = (
      await t.db.query<{ id: string }[]>('SELECT id FROM smartcrop_programimage WHERE link_object_id = $1', [
        programId,
      ])
    ).map((r) => r.id);
    const rows = await audit(t.db, ids);
    const auto = rows.filter((r) => r.action === 'auto_crop');
    expect(auto).toHaveLength(2);
    expect(auto.every((r) => r.user_id === null && r.from_status === 1 && r.to_status === 2)).toBe(true);
    // the renditions are the suggestions, stored
    const [r] = await t.db.query<{ x: number; width: number; output_width: number; storage_key: string }[]>(
      `SELECT a.x, a.width, a.output_width, a.storage_key FROM smartcrop_aspectratioimages a
         JOIN smartcrop_crop_suggestion s ON s.image_id = a.imageid AND s.aspectratioid = a.aspectratioid
        WHERE a.programid = $1 AND a.x = s.x AND a.width = s.width LIMIT 1`,
      [programId],
    );
    expect(r.output_width).toBe(r.width);
  });

  it('leaves a doubtful programme (nothing stands out) and a provider without auto-crop to the Operators', async () => {
    const doubtful = await programme('/flat.jpg');
    const off = await programme('/face.jpg', false);
    await drain();
    expect(await statuses(doubtful.programId)).toEqual(['1/0', '1/0']);
    expect(await statuses(off.programId)).toEqual(['1/0', '1/0']);
    expect(await renditionCount(doubtful.programId)).toBe(0);
  });

  it("QA's send-back returns an auto-cropped programme to the Operator queue", async () => {
    const { programId } = await programme('/face.jpg');
    await drain();
    await as(t, qa)
      .get(`/image/GetCroppedImageInfo?programId=${programId}&user=${qa.id}&includeImageData=false`)
      .expect(200);
    await as(t, qa).get(`/image/UpdateStatus?programId=${programId}&status=1&rejectReasonId=6`).expect(200);
    expect(await statuses(programId)).toEqual(['1/0', '1/0']);
  });

  it('lists settings for Admin only, and validates them', async () => {
    const res = await as(t, admin).get('/autocrop/Settings').expect(200);
    expect(res.body.Data[0]).toMatchObject({ Enabled: true, MinScore: 0.7, QaSamplePercent: 100 });
    await as(t, qa).get('/autocrop/Settings').expect(403);
    const bad = await as(t, admin)
      .post('/autocrop/Setting', { ProviderName: 'X', Enabled: true, MinScore: 2, QaSamplePercent: 100 })
      .expect(400);
    expect(bad.body.Data).toBeNull();
  });
});
