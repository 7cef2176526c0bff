import { Storage } from '../../src/infra/storage/storage.js';
import { READ_AHEAD } from '../../src/smartcrop/cropped-json.js';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { openApiDescription } from '../harness/openapi-validator.js';
import { as, claim, makeImage } from './fixtures.js';

/**
 * GetCroppedImageInfo with image data streams its JSON, one rendition read and encoded after the other,
 * in exactly the bytes and shape the legacy UI reads (and openapi.json describes).
 */
describe('the QA read streams its renditions', () => {
  let t: TestApp;
  let op: TestUser;
  let qa: TestUser;
  let programId: number;
  const IMAGES = 4;
  const RATIOS = [1, 2, 5];

  beforeAll(async () => {
    t = await startTestApp();
    op = await t.createUser('Operator');
    qa = await t.createUser('QA');
    [programId] = await t.factory.queue({ Provider: 'Stream', ImagesPerProgram: IMAGES });
    const images = (await claim(t, op, 'Stream').expect(200)).body.Data as { ImageId: number }[];
    const shapes: Record<number, [number, number, number, number]> = {
      1: [1600, 900, 160, 90],
      2: [1200, 900, 120, 90],
      5: [900, 900, 90, 90],
    };
    for (const { ImageId } of images) {
      const Crops = [];
      for (const id of RATIOS) {
        const [Width, Height, w, h] = shapes[id];
        const ImageData = (await makeImage(w, h, 'jpeg')).toString('base64');
        Crops.push({ AspectRatioId: id, X: 0, Y: 0, Width, Height, ImageData });
      }
      await as(t, op).post('/image/SaveCropedImages', { ProgramId: programId, ImageId, Crops }).expect(200);
    }
    await as(t, op).get(`/image/UpdateStatus?programId=${programId}&status=2`).expect(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  const read = (include: boolean) =>
    as(t, qa)
      .get(`/image/GetCroppedImageInfo?programId=${programId}&user=${qa.id}&includeImageData=${include}`)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => done(null, text));
      });

  it('answers the same JSON as the metadata read plus each stored rendition as base64, byte for byte', async () => {
    await read(false).expect(200); // the first read locks the programme (its Message says so)
    const without = await read(false).expect(200);
    const withData = await read(true).expect(200);
    expect(withData.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(withData.headers['transfer-encoding']).toBe('chunked');
    const text = withData.body as string;
    const parsed = JSON.parse(text) as { Data: { Crops: { StorageKey: string; ImageData?: string }[] }[] };
    // the bytes are what JSON.stringify makes of the answer: key order, no spaces, same escaping
    expect(text).toBe(JSON.stringify(parsed));
    const storage = t.app.get(Storage);
    const expected = JSON.parse(without.body as string) as typeof parsed;
    for (const [i, image] of expected.Data.entries()) {
      // each read renews the lock, so its expiry moves on between the two calls
      (image as { LockExpiresAt?: string }).LockExpiresAt = (
        parsed.Data[i] as { LockExpiresAt?: string }
      ).LockExpiresAt;
      for (const c of image.Crops) c.ImageData = (await storage.get(c.StorageKey)).toString('base64');
    }
    expect(parsed).toEqual(expected);
    expect(parsed.Data).toHaveLength(IMAGES);
    expect(parsed.Data.flatMap((i) => i.Crops)).toHaveLength(IMAGES * RATIOS.length);
  });

  it('matches the response schema in openapi.json', async () => {
    const url = `/image/GetCroppedImageInfo?programId=${programId}&user=${qa.id}&includeImageData=true`;
    const res = await read(true).expect(200);
    expect(openApiDescription().problem('GET', url, res)).toBeUndefined();
  });

  it('reads the stored renditions one after the other, never more than a few at once', async () => {
    const storage = t.app.get(Storage);
    const original = storage.get.bind(storage);
    let inFlight = 0;
    let most = 0;
    let reads = 0;
    // observe the real storage: count reads in flight around each call
    storage.get = async (key: string) => {
      inFlight++;
      reads++;
      most = Math.max(most, inFlight);
      try {
        return await original(key);
      } finally {
        inFlight--;
      }
    };
    try {
      await read(true).expect(200);
    } finally {
      storage.get = original;
    }
    expect(reads).toBe(IMAGES * RATIOS.length);
    expect(most).toBeLessThanOrEqual(READ_AHEAD + 1);
  });
});
