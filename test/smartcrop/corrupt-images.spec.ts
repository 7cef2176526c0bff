import sharp from 'sharp';
import { as, operatorDesk, releaseLocks } from './fixtures.js';
import { corruptCorpus, type CorruptImage } from './hostile-corpus.js';

/**
 * The crop check decodes a JPEG at 1/8 scale (libjpeg still reads every coefficient of every scan) and
 * other formats whole: it must refuse at least what decoding every pixel refuses. Every file of the
 * corrupt corpus a full decode refuses, a save refuses; the ones a full decode conceals are listed in the
 * corpus with what the save does with them; the intact files are accepted by both.
 */
describe('corrupt crops: the save refuses what a full decode refuses', () => {
  const desk = operatorDesk('Corrupt');
  let corpus: CorruptImage[];

  const fullDecode = (bytes: Buffer) =>
    sharp(bytes, { failOn: 'truncated' })
      .raw()
      .toBuffer()
      .then(
        () => true,
        () => false,
      );
  const save = async (bytes: Buffer) => {
    await releaseLocks(desk.t, desk.op);
    const { p, imageId } = await desk.claimed();
    return as(desk.t, desk.op).post('/image/SaveCropedImages', {
      ProgramId: p,
      ImageId: imageId,
      Crops: [
        { AspectRatioId: 1, X: 0, Y: 0, Width: 1600, Height: 900, ImageData: bytes.toString('base64') },
      ],
    });
  };

  beforeAll(async () => {
    corpus = await corruptCorpus();
  });

  it('refuses with 400 every file of the corrupt corpus a full decode refuses', async () => {
    const verdicts = [];
    for (const c of corpus) {
      const res = await save(c.bytes);
      verdicts.push({ name: c.name, decodes: await fullDecode(c.bytes), status: res.status });
      if (res.status === 400)
        expect(res.body.Message).toMatch(/not a readable JPEG, PNG or WebP|ImageData is/);
    }
    expect(verdicts).toEqual(
      corpus.map((c) => ({ name: c.name, decodes: c.decodes ?? false, status: c.saved ? 200 : 400 })),
    );
    expect(verdicts.filter((v) => !v.decodes).every((v) => v.status === 400)).toBe(true);
  });

  it('accepts the intact files (baseline and progressive JPEG, PNG, WebP)', async () => {
    const photo = sharp({
      create: {
        width: 640,
        height: 360,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    });
    for (const bytes of [
      await photo.clone().jpeg().toBuffer(),
      await photo.clone().jpeg({ progressive: true }).toBuffer(),
      await photo.clone().png().toBuffer(),
      await photo.clone().webp().toBuffer(),
    ]) {
      expect(await fullDecode(bytes)).toBe(true);
      expect((await save(bytes)).status).toBe(200);
    }
  });
});
