import ExcelJS from 'exceljs';
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
  let op: TestUser;
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
    op = await t.createUser('Operator');
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

  describe('counted apart', () => {
    const today = new Date().toISOString().slice(0, 10);
    const providerRow = async (provider: string) => {
      const res = await as(t, admin).get('/dashboard/ProviderList?pageSize=500').expect(200);
      return (res.body.Data.Items as { ProviderName: string }[]).find((p) => p.ProviderName === provider);
    };
    /** The truth from the audit table: images auto-cropped, and those of them QA sent back after it. */
    const auditTruth = async () =>
      (
        await t.db.query<{ cropped: number; sent_back: number }[]>(
          `SELECT count(*)::int AS cropped, count(*) FILTER (WHERE EXISTS (
                    SELECT 1 FROM programimage_audit b
                     WHERE b.image_id = a.image_id AND b.action = 'qa_send_back' AND b.id > a.first_id))::int AS sent_back
             FROM (SELECT image_id, min(id) AS first_id FROM programimage_audit WHERE action = 'auto_crop'
                    GROUP BY image_id) a`,
        )
      )[0];
    const expectTotals = async () => {
      const want = await auditTruth();
      const totals = await as(t, admin).get('/dashboard/Totals').expect(200);
      expect(totals.body.Data).toMatchObject({
        AutoCropped: want.cropped,
        AutoCroppedSentBack: want.sent_back,
      });
    };
    const productivity = async (provider: string) => {
      const res = await as(t, admin)
        .get(
          `/report/OperatorProductivity?fromDate=${today}&toDate=${today}&providerName=${provider}&pageSize=500`,
        )
        .expect(200);
      return res.body.Data.Items as ({ UserId: number | null } & Record<string, unknown>)[];
    };
    const hand = (u: TestUser, programId: number, q: string) =>
      as(t, u).get(`/image/UpdateStatus?programId=${programId}&${q}`).expect(200);

    it("shows the service's work on the dashboard and as the report's auto-crop row, never an operator's", async () => {
      const { provider, programId } = await programme('/face.jpg');
      const [manual] = await t.factory.queue({ Provider: provider, ImageUrl: host.url('/flat.jpg') });
      await drain();
      expect(await statuses(programId)).toEqual(['2/0', '2/0']);
      expect(await statuses(manual)).toEqual(['1/0']); // doubtful: the operator's
      const claimed = await as(t, op)
        .get(`/image/GetImageInfo?providerName=${provider}&user=${op.id}`)
        .expect(200);
      expect(claimed.body.Data[0].ProgramId).toBe(manual);
      await hand(op, manual, 'status=2');

      expect(await providerRow(provider)).toMatchObject({
        Total: 3,
        QAQueued: 3,
        AutoCropped: 2,
        AutoCroppedSentBack: 0,
      });
      await expectTotals();
      const rows = await productivity(provider);
      expect(rows.map((r) => r.UserId)).toEqual([null, op.id]); // the service's row first
      expect(rows[0]).toMatchObject({
        UserEmail: null,
        UserName: 'auto-crop',
        Role: null,
        ProgrammesFinished: 1,
        ImagesFinished: 2,
        MedianLockToHandOverSeconds: null,
        P90LockToHandOverSeconds: null,
        ImagesSentToQA: 2,
        ImagesReviewedByQA: 0,
        SendBackRate: null,
        ImagesReviewed: 0,
      });
      expect(rows[1]).toMatchObject({ ProgrammesFinished: 1, ImagesFinished: 1, ImagesSentToQA: 1 });

      // QA sends the service's programme back; an operator then crops it and hands it over
      await as(t, qa)
        .get(`/image/GetCroppedImageInfo?programId=${programId}&user=${qa.id}&includeImageData=false`)
        .expect(200);
      await hand(qa, programId, 'status=1&rejectReasonId=6');
      expect(await providerRow(provider)).toMatchObject({ AutoCropped: 2, AutoCroppedSentBack: 2 });
      await expectTotals();
      const after = await productivity(provider);
      expect(after.map((r) => r.UserId)).toEqual([null, op.id, qa.id]);
      expect(after[0]).toMatchObject({
        ImagesFinished: 2,
        ImagesReviewedByQA: 2,
        ImagesSentBack: 2,
        ImagesApprovedByQA: 0,
        SendBackRate: 1,
        QAApprovalRate: 0,
      });
      expect(after[1]).toMatchObject({ ImagesFinished: 1, ImagesReviewedByQA: 0, ImagesSentBack: 0 });
      expect(after[2]).toMatchObject({ ImagesReviewed: 2, ReviewsSentBack: 2 });

      const reclaimed = await as(t, op)
        .get(`/image/GetImageInfo?providerName=${provider}&user=${op.id}`)
        .expect(200);
      expect(reclaimed.body.Data[0].ProgramId).toBe(programId);
      await hand(op, programId, 'status=2');
      // still auto-cropped images (once each, whatever came after); the re-crop is the operator's work
      expect(await providerRow(provider)).toMatchObject({
        QAQueued: 3,
        AutoCropped: 2,
        AutoCroppedSentBack: 2,
      });
      const last = await productivity(provider);
      expect(last[0]).toMatchObject({ UserId: null, ImagesFinished: 2, ImagesSentBack: 2 });
      expect(last.find((r) => r.UserId === op.id)).toMatchObject({
        ProgrammesFinished: 2,
        ImagesFinished: 3,
      });

      // the .xlsx has the same rows: the service's first, with no user id
      const res = await as(t, admin)
        .get(
          `/report/OperatorProductivityDownLoad?fromDate=${today}&toDate=${today}&providerName=${provider}`,
        )
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
      const ws = wb.worksheets[0];
      const header = (ws.getRow(1).values as string[]).slice(1);
      const cell = (r: number, name: string) => ws.getRow(r).getCell(header.indexOf(name) + 1).value;
      expect(ws.rowCount).toBe(4);
      expect([cell(2, 'User Id'), cell(2, 'User Name'), cell(2, 'Images Finished')]).toEqual([
        null,
        'auto-crop',
        2,
      ]);
      expect(cell(2, 'Send-back Rate')).toBe(1);
      expect([cell(3, 'User Id'), cell(3, 'Images Finished')]).toEqual([op.id, 3]);
    });
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
