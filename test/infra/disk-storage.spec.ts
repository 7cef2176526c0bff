import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { DiskStorage } from '../../src/infra/storage/disk.storage.js';
import { Storage } from '../../src/infra/storage/storage.js';
import { rewriteCdnUrl } from '../../src/infra/storage/cdn.js';
import { as, claim, makeImage } from '../smartcrop/fixtures.js';

describe('local-disk storage served read-only at /files/', () => {
  let t: TestApp;
  let op: TestUser;
  let storage: Storage;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: 'http://smartcrop.test' });
    op = await t.createUser('Operator');
    storage = t.app.get(Storage);
  });
  afterAll(() => t.close());

  it('is the storage when no S3 bucket is configured, with URLs under PUBLIC_BASE_URL/files/', () => {
    expect(storage).toBeInstanceOf(DiskStorage);
    expect(storage.publicUrl('P/1/2/3.png')).toBe('http://smartcrop.test/files/P/1/2/3.png');
    expect(storage.keyFromUrl('http://smartcrop.test/files/P/1/2/3.png')).toBe('P/1/2/3.png');
    expect(storage.keyFromUrl('http://elsewhere.test/files/P/1/2/3.png')).toBeUndefined();
  });

  it('serves saved renditions without a token, with their content type, and nothing else', async () => {
    const png = await makeImage(32, 18, 'png');
    const jpeg = await makeImage(32, 24, 'jpeg');
    await storage.put('Disk/1/2/1.png', png, 'image/png');
    await storage.put('Disk/1/2/2.jpg', jpeg, 'image/jpeg');
    const a = await t.http().get('/files/Disk/1/2/1.png').expect(200);
    expect(a.headers['content-type']).toBe('image/png');
    // the files keep the static server's own caching (revalidated by ETag), not the API's no-store
    expect(a.headers['cache-control']).not.toBe('no-store');
    expect(Buffer.compare(a.body as Buffer, png)).toBe(0);
    const b = await t.http().get('/files/Disk/1/2/2.jpg').expect(200);
    expect(b.headers['content-type']).toBe('image/jpeg');
    await t.http().head('/files/Disk/1/2/1.png').expect(200);

    // no listing, no escape from the root, no writes
    const dir = await t.http().get('/files/Disk/1/2/').expect(404);
    expect(dir.body).toMatchObject({ StatusCode: 404, Data: null });
    await t.http().get('/files/Disk').expect(404);
    await t.http().get('/files/missing.png').expect(404);
    await t
      .http()
      .get('/files/..%2F..%2Fetc%2Fpasswd')
      .expect((res) => expect([400, 403, 404]).toContain(res.status));
    await t
      .http()
      .put('/files/Disk/1/2/1.png')
      .send('x')
      .expect((res) => expect([401, 404]).toContain(res.status));
    await t
      .http()
      .delete('/files/Disk/1/2/1.png')
      .expect((res) => expect([401, 404]).toContain(res.status));
    expect(await storage.exists('Disk/1/2/1.png')).toBe(true);
    await storage.delete('Disk/1/2/1.png');
    await storage.delete('Disk/1/2/1.png'); // deleting a missing key is fine
    await t.http().get('/files/Disk/1/2/1.png').expect(404);
  });

  it('cuts a crop server-side from a source held in its own storage, and serves the result', async () => {
    await storage.put('sources/own.png', await makeImage(300, 200, 'png'), 'image/png');
    const [p] = await t.factory.queue({
      Provider: 'Disk Provider/ä',
      ImageUrl: storage.publicUrl('sources/own.png'),
      Width: 300,
      Height: 200,
    });
    const res = await claim(t, op, 'Disk Provider/ä').expect(200);
    const imageId = res.body.Data[0].ImageId as number;
    const saved = await as(t, op)
      .post('/image/SaveCropedImages', {
        ProgramId: p,
        ImageId: imageId,
        Crops: [{ AspectRatioId: 4, X: 10, Y: 10, Width: 120, Height: 180 }],
      })
      .expect(200);
    const crop = saved.body.Data.Crops[0];
    expect(crop).toMatchObject({ OutputWidth: 120, OutputHeight: 180, ContentType: 'image/png' });
    expect(crop.StorageKey).toMatch(new RegExp(`^Disk Provider_/${p}/${imageId}/4-[0-9a-f]{10}\\.png$`));
    const path = new URL(crop.Url as string).pathname;
    const served = await t.http().get(path).expect(200);
    expect(served.headers['content-type']).toBe('image/png');
  });

  it('rewrites CDN origin URLs and leaves others alone', () => {
    const cdn = {
      originBaseUrl: 'https://bucket.s3.amazonaws.com/',
      rewriteBaseUrl: 'https://cdn.example.com',
    };
    expect(rewriteCdnUrl('https://bucket.s3.amazonaws.com/a/b.jpg', cdn)).toBe(
      'https://cdn.example.com/a/b.jpg',
    );
    expect(rewriteCdnUrl('https://other.example.com/a/b.jpg', cdn)).toBe('https://other.example.com/a/b.jpg');
    expect(rewriteCdnUrl('https://bucket.s3.amazonaws.com/a.jpg', {})).toBe(
      'https://bucket.s3.amazonaws.com/a.jpg',
    );
    expect(rewriteCdnUrl(null, cdn)).toBeNull();
  });
});
