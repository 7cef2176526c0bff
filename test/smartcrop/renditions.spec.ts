import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { startS3, type S3Fixture } from '../harness/s3.js';
import type { QueueSpec } from '../harness/factory.js';
import { as, audit, claimFresh, imageRows, makeImage, serveBytes } from './fixtures.js';

const BUCKET = 'renditions';

describe('renditions on S3: save, server-side crop, QA edit, read and delete', () => {
  let s3: S3Fixture;
  let t: TestApp;
  let op: TestUser;
  let qa: TestUser;
  let seq = 0;
  const provider = () => `Rend${++seq}`;

  const objectKeys = async (prefix = '') => {
    const out = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
    return (out.Contents ?? []).map((o) => o.Key!).sort();
  };
  const objectBytes = async (key: string) => {
    const out = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  };
  /** A programme of one image at stage 1, claimed by `u`. */
  const claimed = (u: TestUser, spec: QueueSpec = {}) => claimFresh(t, u, provider(), spec);
  const save = (u: TestUser, body: unknown) => as(t, u).post('/image/SaveCropedImages', body);
  const b64 = (buf: Buffer) => buf.toString('base64');

  beforeAll(async () => {
    s3 = await startS3();
    await s3.createBucket(BUCKET);
    t = await startTestApp({
      ...s3.env(BUCKET),
      MAX_CROP_BYTES: '200000',
      CDN_ORIGIN_BASE_URL: 'https://origin.example.com/',
      CDN_REWRITE_BASE_URL: 'https://cdn.example.com/',
      SOURCE_FETCH_TIMEOUT_MS: '3000',
      // the source servers below listen on loopback, which source fetches refuse unless allowed
      FETCH_ALLOW_HOSTS: '127.0.0.1',
    });
    op = await t.createUser('Operator');
    qa = await t.createUser('QA');
  });
  afterAll(async () => {
    await t.close();
    await s3.close();
  });
  afterEach(async () => {
    for (const u of [op, qa]) await as(t, u).get(`/image/UpdateUserLockStatus?userId=${u.id}`).expect(200);
  });

  it('stores base64 PNG and JPEG (data: URL) crops under the contract key with CDN URLs, and audits the save', async () => {
    const { prov, p, imageId, image } = await claimed(op, {
      ImageUrl: 'https://origin.example.com/src/x.jpg',
    });
    expect(image.ImageUrl).toBe('https://cdn.example.com/src/x.jpg');
    const png = await makeImage(160, 90, 'png');
    const jpeg = await makeImage(120, 90, 'jpeg');
    const res = await save(op, {
      ProgramId: p,
      ImageId: imageId,
      Crops: [
        { AspectRatioId: 1, X: 0, Y: 0, Width: 1600, Height: 900, ImageData: b64(png), ImageTypeId: 2 },
        {
          AspectRatioId: 2,
          X: 100,
          Y: 0,
          Width: 1200,
          Height: 900,
          ImageData: `data:image/jpeg;base64,${b64(jpeg)}`,
        },
      ],
    }).expect(200);
    expect(res.body.Data.Crops).toEqual([
      expect.objectContaining({
        AspectRatioId: 1,
        AspectRatio: '16:9',
        OutputWidth: 160,
        OutputHeight: 90,
        ImageTypeId: 2,
        ImageType: 'Backdrop',
        ContentType: 'image/png',
        ByteSize: png.length,
        // the contract's folder, and a name of its own per save: new bytes never overwrite saved ones
        StorageKey: expect.stringMatching(new RegExp(`^${prov}/${p}/${imageId}/1-[0-9a-f]{10}\\.png$`)),
      }),
      expect.objectContaining({
        AspectRatioId: 2,
        ContentType: 'image/jpeg',
        StorageKey: expect.stringMatching(new RegExp(`^${prov}/${p}/${imageId}/2-[0-9a-f]{10}\\.jpg$`)),
      }),
    ]);
    const [k1, k2] = res.body.Data.Crops.map((c: { StorageKey: string }) => c.StorageKey) as string[];
    expect(res.body.Data.Crops[0].Url).toBe(`https://cdn.example.com/${k1}`);
    expect(await objectKeys(`${prov}/`)).toEqual([k1, k2]);
    expect((await objectBytes(k1)).equals(png)).toBe(true);
    expect((await audit(t.db, [imageId])).map((a) => a.action)).toEqual(['lock', 'save_crops']);
  });

  it('refuses corrupt, wrong-type and oversized pixels, and rectangles outside the source', async () => {
    const { p, imageId } = await claimed(op);
    const crop = (extra: object) => ({
      ProgramId: p,
      ImageId: imageId,
      Crops: [{ AspectRatioId: 1, X: 0, Y: 0, Width: 160, Height: 90, ...extra }],
    });
    const png = await makeImage(160, 90, 'png');
    const corrupt = await save(op, crop({ ImageData: b64(png.subarray(0, png.length - 40)) })).expect(400);
    expect(corrupt.body.Message).toMatch(/not a readable JPEG, PNG or WebP/);
    const gif = await save(op, crop({ ImageData: b64(await makeImage(16, 9, 'gif')) })).expect(400);
    expect(gif.body.Message).toMatch(/JPEG, PNG and WebP/);
    await save(op, crop({ ImageData: b64(Buffer.from('hello, this is not an image')) })).expect(400);
    await save(op, crop({ ImageData: 'not*base64!' })).expect(400);
    const big = await save(op, crop({ ImageData: b64(Buffer.alloc(250_000, 7)) })).expect(413);
    expect(big.body).toMatchObject({ StatusCode: 413, Data: null });
    const outside = await save(op, crop({ X: 1800, ImageData: b64(png) })).expect(400);
    expect(outside.body.Message).toMatch(/does not fit the 1920x1080 source image/);
    await save(op, crop({ AspectRatioId: 99, ImageData: b64(png) })).expect(400);
    await save(op, { ...crop({ ImageData: b64(png) }), Extra: 1 }).expect(400);
    expect(
      await t.db.query(`SELECT 1 FROM smartcrop_aspectratioimages WHERE imageid = $1`, [imageId]),
    ).toEqual([]);
  });

  it('reads base64 as sent: padded or not, in lines, either alphabet; and names a stray character as not base64', async () => {
    const { p, imageId } = await claimed(op);
    const jpeg = await makeImage(160, 90, 'jpeg');
    const png = await makeImage(160, 90, 'png');
    const crop = (AspectRatioId: number, ImageData: string) => ({
      AspectRatioId,
      X: 0,
      Y: 0,
      Width: 1600,
      Height: 900,
      ImageData,
    });
    const urlSafe = (b: Buffer) => b.toString('base64url');
    const res = await save(op, {
      ProgramId: p,
      ImageId: imageId,
      Crops: [
        crop(1, b64(jpeg)),
        // MIME line breaks, as some encoders write them
        crop(2, b64(png).replace(/(.{76})/g, '$1\r\n')),
        // the URL-safe alphabet, unpadded
        crop(3, urlSafe(png)),
        crop(4, `data:image/jpeg;base64,${b64(jpeg)}`),
      ],
    }).expect(200);
    const stored = res.body.Data.Crops as { AspectRatioId: number; ByteSize: number }[];
    expect(stored.map((c) => [c.AspectRatioId, c.ByteSize])).toEqual([
      [1, jpeg.length],
      [2, png.length],
      [3, png.length],
      [4, jpeg.length],
    ]);
    // a stray character in an otherwise well-formed, padded text is still refused
    const text = b64(jpeg);
    const stray = `${text.slice(0, 400)}*${text.slice(401)}`;
    const bad = await save(op, { ProgramId: p, ImageId: imageId, Crops: [crop(1, stray)] }).expect(400);
    expect(bad.body.Message).toBe(`Crop 1 of image ${imageId}: ImageData is not valid base64`);
    // a character above U+00FF whose low byte is a base64 letter (Node's decoder would read U+0141 as 'A')
    const wide = `${text.slice(0, 400)}\u0141${text.slice(401)}`;
    await save(op, { ProgramId: p, ImageId: imageId, Crops: [crop(1, wide)] }).expect(400);
  });

  it('cuts crops server-side from the source URL at the right size, fetching the source once', async () => {
    const source = await serveBytes(await makeImage(640, 360, 'jpeg'));
    try {
      const { p, imageId } = await claimed(op, { ImageUrl: source.url, Width: null, Height: null });
      const res = await save(op, {
        ProgramId: p,
        ImageId: imageId,
        Crops: [
          { AspectRatioId: 1, X: 10, Y: 20, Width: 320, Height: 180 },
          { AspectRatioId: 5, X: 0, Y: 0, Width: 360, Height: 360 },
        ],
      }).expect(200);
      expect(
        res.body.Data.Crops.map((c: { OutputWidth: number; OutputHeight: number; ContentType: string }) => [
          c.OutputWidth,
          c.OutputHeight,
          c.ContentType,
        ]),
      ).toEqual([
        [320, 180, 'image/jpeg'],
        [360, 360, 'image/jpeg'],
      ]);
      const meta = await sharp(await objectBytes(res.body.Data.Crops[0].StorageKey)).metadata();
      expect([meta.width, meta.height, meta.format]).toEqual([320, 180, 'jpeg']);
      expect(source.hits()).toBe(1);
      const outside = await save(op, {
        ProgramId: p,
        ImageId: imageId,
        Crops: [{ AspectRatioId: 2, X: 400, Y: 0, Width: 480, Height: 360 }],
      }).expect(400);
      expect(outside.body.Message).toMatch(/640x360 source/);
    } finally {
      await source.close();
    }
  });

  it('reads a source that lives in our own bucket (origin URL) from storage', async () => {
    await s3.client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'src/own.png',
        Body: await makeImage(200, 100, 'png'),
        ContentType: 'image/png',
      }),
    );
    const { p, imageId } = await claimed(op, {
      ImageUrl: 'https://origin.example.com/src/own.png',
      Width: 200,
      Height: 100,
    });
    const res = await save(op, {
      ProgramId: p,
      ImageId: imageId,
      Crops: [{ AspectRatioId: 5, X: 50, Y: 0, Width: 100, Height: 100 }],
    }).expect(200);
    expect(res.body.Data.Crops[0]).toMatchObject({
      OutputWidth: 100,
      OutputHeight: 100,
      ContentType: 'image/png',
    });
  });

  it('changes no row and leaves no object when S3 is down during a save', async () => {
    const { prov, p, imageId } = await claimed(op);
    await s3.stop();
    try {
      const res = await save(op, {
        ProgramId: p,
        ImageId: imageId,
        Status: 2,
        Crops: [
          { AspectRatioId: 1, X: 0, Y: 0, Width: 160, Height: 90, ImageData: b64(await makeImage(160, 90)) },
          { AspectRatioId: 5, X: 0, Y: 0, Width: 90, Height: 90, ImageData: b64(await makeImage(90, 90)) },
        ],
      }).expect(503);
      expect(res.body).toEqual({
        StatusCode: 503,
        Message: 'Storage is unavailable right now; nothing was saved, try again',
        Data: null,
      });
    } finally {
      await s3.start();
    }
    expect(
      await t.db.query(`SELECT 1 FROM smartcrop_aspectratioimages WHERE imageid = $1`, [imageId]),
    ).toEqual([]);
    expect(await imageRows(t.db, p)).toEqual([
      expect.objectContaining({ status: 1, current_state: 1, locked_by: op.id }),
    ]);
    expect((await audit(t.db, [imageId])).map((a) => a.action)).toEqual(['lock']);
    expect(await objectKeys(`${prov}/`)).toEqual([]);
  });

  it('refuses writes without the lock (409) and to the QA endpoints for operators (403)', async () => {
    const { p, imageId } = await claimed(op);
    const other = await t.createUser('Operator');
    const png = b64(await makeImage(16, 9));
    const body = {
      ProgramId: p,
      ImageId: imageId,
      Crops: [{ AspectRatioId: 1, X: 0, Y: 0, Width: 16, Height: 9, ImageData: png }],
    };
    const res = await save(other, body).expect(409);
    expect(res.body.Message).toBe(`Image ${imageId} is locked by another user`);
    await save(op, { ...body, ImageId: 987654321 }).expect(404);
    await as(t, other)
      .get(`/image/DeleteCroppedImageInfo?programId=${p}&id=1&imageid=${imageId}`)
      .expect(409);
    await as(t, op).get(`/image/GetCroppedImageInfo?programId=${p}&user=${op.id}`).expect(403);
    await as(t, op).post('/image/UpdateCroppedImageInfo', []).expect(403);
  });

  it('QA opens a programme with renditions and their bytes, edits it in bulk and approves it', async () => {
    await t.db.query(`INSERT INTO smartcrop_rule (status, percentage) VALUES (2, 100)`);
    const source = await serveBytes(await makeImage(400, 300, 'png'), 'image/png');
    try {
      const { p, imageId } = await claimed(op, { ImageUrl: source.url, Width: 400, Height: 300 });
      const png = await makeImage(40, 30, 'png');
      await save(op, {
        ProgramId: p,
        ImageId: imageId,
        Status: 2,
        Crops: [
          { AspectRatioId: 2, X: 0, Y: 0, Width: 400, Height: 300, ImageData: b64(png) },
          { AspectRatioId: 5, X: 0, Y: 0, Width: 300, Height: 300 },
        ],
      }).expect(200);
      expect((await imageRows(t.db, p))[0]).toMatchObject({ status: 2, current_state: 0 });

      const url = `/image/GetCroppedImageInfo?programId=${p}&user=${qa.id}`;
      await as(t, qa).get(`/image/GetCroppedImageInfo?programId=${p}&user=${op.id}`).expect(403);
      await as(t, qa).get(`/image/GetCroppedImageInfo?programId=999999999&user=${qa.id}`).expect(404);
      const open = await as(t, qa).get(url).expect(200);
      expect(open.body.Message).toBe('Locked 1 images for review');
      const [img] = open.body.Data;
      expect(img).toMatchObject({
        ImageId: imageId,
        Status: 2,
        CurrentState: 1,
        LockedBy: qa.id,
        ImageType: null,
      });
      expect(img.Crops.map((c: { AspectRatioId: number }) => c.AspectRatioId)).toEqual([2, 5]);
      expect(Buffer.from(img.Crops[0].ImageData, 'base64').equals(png)).toBe(true);
      const lean = await as(t, qa).get(`${url}&includeImageData=false`).expect(200);
      expect(lean.body.Data[0].Crops[0].ImageData).toBeUndefined();
      const qa2 = await t.createUser('QA');
      await as(t, qa2).get(`/image/GetCroppedImageInfo?programId=${p}&user=${qa2.id}`).expect(409);

      const edit = await as(t, qa).post('/image/UpdateCroppedImageInfo', [
        {
          ProgramId: p,
          ImageId: imageId,
          AspectRatioId: 2,
          X: 0,
          Y: 0,
          Width: 400,
          Height: 300,
          LanguageId: 1,
        },
        {
          ProgramId: p,
          ImageId: imageId,
          AspectRatioId: 5,
          X: 100,
          Y: 0,
          Width: 200,
          Height: 200,
          Status: 3,
        },
      ]);
      expect(edit.body.Message).toBe('Updated 2 renditions of 1 images');
      // what was written, in SaveCropedImages' shape
      expect(edit.body.Data).toEqual([
        {
          ImageId: imageId,
          Crops: [
            expect.objectContaining({ AspectRatioId: 2, LanguageId: 1, OutputWidth: 40 }),
            expect.objectContaining({ AspectRatioId: 5, X: 100, Width: 200, OutputWidth: 200 }),
          ],
          Transition: { RowsChanged: 1, Status: 3, CurrentState: 0 },
          // small test renditions: below the default minimums, saved with a warning (RESOLUTION_GUARD=warn)
          Warnings: [
            expect.objectContaining({ AspectRatioId: 2, Code: 'BelowMinimum' }),
            expect.objectContaining({ AspectRatioId: 5, Code: 'BelowMinimum' }),
          ],
        },
      ]);
      const rows: { aspectratioid: number; output_width: number; language_id: number | null }[] =
        await t.db.query(
          `SELECT aspectratioid, output_width, language_id FROM smartcrop_aspectratioimages WHERE imageid = $1 ORDER BY aspectratioid`,
          [imageId],
        );
      expect(rows).toEqual([
        { aspectratioid: 2, output_width: 40, language_id: 1 },
        { aspectratioid: 5, output_width: 200, language_id: null },
      ]);
      expect((await audit(t.db, [imageId])).map((a) => a.action)).toEqual([
        'lock',
        'save_crops',
        'operator_done',
        'lock',
        'qa_edit',
        'qa_approve',
      ]);
      await as(t, qa)
        .post('/image/UpdateCroppedImageInfo', [
          { ProgramId: p, ImageId: imageId, AspectRatioId: 2, X: 0, Y: 0, Width: 1, Height: 1, Bogus: 1 },
        ])
        .expect(400);
    } finally {
      await source.close();
      await t.db.query(`DELETE FROM smartcrop_rule`);
    }
  });

  it('deletes one rendition and its object after checking the lock; 404 when absent', async () => {
    const { prov, p, imageId } = await claimed(op);
    await save(op, {
      ProgramId: p,
      ImageId: imageId,
      Crops: [{ AspectRatioId: 1, X: 0, Y: 0, Width: 16, Height: 9, ImageData: b64(await makeImage(16, 9)) }],
    }).expect(200);
    const key = (
      await t.db.query(`SELECT storage_key FROM smartcrop_aspectratioimages WHERE imageid = $1`, [imageId])
    )[0].storage_key as string;
    await s3.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    await as(t, op).get(`/image/DeleteCroppedImageInfo?programId=${p}&id=3&imageid=${imageId}`).expect(404);
    const res = await as(t, op).get(`/image/DeleteCroppedImageInfo?programId=${p}&id=1&imageid=${imageId}`);
    expect(res.body.Message).toBe('Deleted the rendition for aspect ratio 1');
    expect(res.body.Data).toEqual({ Deleted: 1 });
    expect(await objectKeys(`${prov}/`)).toEqual([]);
    expect(
      await t.db.query(`SELECT 1 FROM smartcrop_aspectratioimages WHERE imageid = $1`, [imageId]),
    ).toEqual([]);
    expect((await audit(t.db, [imageId])).at(-1)).toMatchObject({
      action: 'delete_crop',
      details: { aspectRatioId: 1 },
    });
  });
});
