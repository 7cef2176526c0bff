import type { TestUser } from '../harness/app.js';
import { ImageBudget } from '../../src/infra/image/image-budget.js';
import { as, makeImage, operatorDesk, serveBytes } from './fixtures.js';
import { hostileCorpus, zeroPng, type HostileImage } from './hostile-corpus.js';

/**
 * Crops and source images that must never reach the decoder (other formats, vector, scripted) or that
 * claim more pixels than MAX_IMAGE_PIXELS, refused with 400 before any sharp call; pixels of the wrong
 * shape; and the image budget bounding how many decodes run at once.
 */
describe('hostile images: refused from the header, before any decode', () => {
  const desk = operatorDesk(
    'Hostile',
    {
      MAX_IMAGE_PIXELS: '1000000',
      MAX_CROP_BYTES: String(15 * 1024 * 1024),
      IMAGE_CONCURRENCY: '1',
      FETCH_ALLOW_HOSTS: '127.0.0.1',
    },
    { listen: true },
  );
  let corpus: HostileImage[];
  const b64 = (buf: Buffer) => buf.toString('base64');
  const budget = () => desk.t.app.get(ImageBudget).stats();
  const renditionCount = async (imageId: number) =>
    Number(
      (
        await desk.t.db.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM smartcrop_aspectratioimages WHERE imageid = $1`,
          [imageId],
        )
      )[0].n,
    );
  const saveOne = (u: TestUser, p: number, imageId: number, crop: object) =>
    as(desk.t, u).post('/image/SaveCropedImages', {
      ProgramId: p,
      ImageId: imageId,
      Crops: [{ AspectRatioId: 5, X: 0, Y: 0, ...crop }],
    });

  beforeAll(async () => {
    corpus = await hostileCorpus();
  });

  it('refuses every file of the hostile corpus as crop pixels with 400 naming why, without decoding it', async () => {
    const { p, imageId } = await desk.claimed(desk.op);
    const before = budget().started;
    const answers: Record<string, [number, string]> = {};
    for (const h of corpus) {
      const res = await saveOne(desk.op, p, imageId, { Width: 1000, Height: 1000, ImageData: b64(h.bytes) });
      expect(res.body).toMatchObject({ StatusCode: res.status, Data: null });
      expect(res.body.Message).toMatch(h.refusal);
      answers[h.name] = [res.status, res.body.Message];
    }
    expect(Object.values(answers).map(([status]) => status)).toEqual(corpus.map(() => 400));
    expect(answers['SVG bomb (feTurbulence 16000x16000)'][1]).toBe(
      'Crop 5 of image ' + imageId + ': ImageData is only JPEG, PNG and WebP are accepted, not SVG',
    );
    expect(answers['PNG 16000x16000 (256 MP)'][1]).toBe(
      `Crop 5 of image ${imageId}: ImageData is 16000x16000 (256 megapixels), above the limit of 1 megapixels`,
    );
    expect(budget().started).toBe(before);
    expect(await renditionCount(imageId)).toBe(0);
  });

  it('accepts an image at the pixel cap and refuses one pixel row more', async () => {
    const { p, imageId } = await desk.claimed(desk.op);
    const atCap = await saveOne(desk.op, p, imageId, {
      Width: 1000,
      Height: 1000,
      ImageData: b64(zeroPng(1000, 1000, 3)),
    }).expect(200);
    expect(atCap.body.Data.Crops[0]).toMatchObject({
      OutputWidth: 1000,
      OutputHeight: 1000,
      ContentType: 'image/png',
    });
    const over = await saveOne(desk.op, p, imageId, {
      Width: 1000,
      Height: 1001,
      ImageData: b64(zeroPng(1000, 1001, 3)),
    }).expect(400);
    expect(over.body.Message).toMatch(/1000x1001 \(1 megapixels\), above the limit of 1 megapixels/);
  });

  it('accepts pixels that are the crop scaled, and refuses pixels of another shape', async () => {
    const { p, imageId } = await desk.claimed(desk.op);
    const cases: [number, number, number, number, number][] = [
      // pixels w x h, claimed W x H, expected status
      [50, 50, 1000, 1000, 200],
      [161, 90, 1600, 900, 200], // 0.6% off: rounding of a scaled crop
      [10, 3, 1000, 333, 200], // 11% off, but one pixel of rounding on the short side
      [170, 90, 1600, 900, 400], // 6% off
      [1000, 10, 100, 100, 400], // the field report's reshaped crop
      [90, 160, 1600, 900, 400], // rotated
    ];
    const got = [];
    for (const [w, h, W, H] of cases) {
      const res = await saveOne(desk.op, p, imageId, {
        Width: W,
        Height: H,
        ImageData: b64(await makeImage(w, h, 'png')),
      });
      got.push(res.status);
      if (res.status === 400) {
        expect(res.body.Message).toBe(
          `Crop 5 of image ${imageId}: the pixels are ${w}x${h}, not the shape of the ${W}x${H} crop (aspect ratios may differ by at most 2%)`,
        );
      } else {
        expect(res.body.Data.Crops[0]).toMatchObject({
          Width: W,
          Height: H,
          OutputWidth: w,
          OutputHeight: h,
        });
      }
    }
    expect(got).toEqual(cases.map((c) => c[4]));
  });

  it('refuses hostile source images for server-side crops with 400, fetched but never decoded', async () => {
    const picks = [
      'SVG bomb (feTurbulence 16000x16000)',
      'PNG 16000x16000 (256 MP)',
      'TIFF',
      'SVGZ (gzipped SVG bomb)',
    ];
    for (const h of corpus.filter((c) => picks.includes(c.name))) {
      const source = await serveBytes(h.bytes, 'image/png');
      try {
        const { p, imageId } = await desk.claimed(desk.op, {
          ImageUrl: source.url,
          Width: null,
          Height: null,
        });
        const before = budget().started;
        const res = await saveOne(desk.op, p, imageId, { Width: 10, Height: 10 }).expect(400);
        expect(res.body.Message).toMatch(/^The source image is /);
        expect(res.body.Message).toMatch(h.refusal);
        expect(source.hits()).toBe(1);
        expect(budget().started).toBe(before);
      } finally {
        await source.close();
        await as(desk.t, desk.op).get(`/image/UpdateUserLockStatus?userId=${desk.op.id}`).expect(200);
      }
    }
  });

  it('runs at most IMAGE_CONCURRENCY decodes at once; the rest wait and all succeed', async () => {
    const ops = await Promise.all(Array.from({ length: 6 }, () => desk.t.createUser('Operator')));
    const work = [];
    for (const u of ops) work.push({ u, ...(await desk.claimed(u)) });
    const pixels = b64(await makeImage(900, 900, 'jpeg'));
    const before = budget().started;
    const res = await Promise.all(
      work.map(({ u, p, imageId }) => saveOne(u, p, imageId, { Width: 900, Height: 900, ImageData: pixels })),
    );
    expect(res.map((r) => r.status)).toEqual(ops.map(() => 200));
    expect(budget().started - before).toBeGreaterThanOrEqual(6);
    expect(budget().peak).toBe(1);
    expect(budget()).toMatchObject({ running: 0, waiting: 0 });
  });
});
