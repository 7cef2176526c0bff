import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { writeManifest } from '../harness/xlsx.js';
import { keySegment, providerNameProblem } from '../../src/infra/storage/storage-key.js';
import { as, claim, makeImage } from '../smartcrop/fixtures.js';

/** A provider's name becomes a storage folder: it is checked at ingest, and made safe when a key is built. */
describe('provider names and storage keys', () => {
  let t: TestApp;
  let admin: TestUser;
  let op: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.createUser('Admin');
    op = await t.createUser('Operator');
  });
  afterAll(() => t.close());

  it('rejects manifest rows whose provider cannot name a folder, each as a row error', async () => {
    const inbox = join(t.config.filewatcher.ingestRoot, 'providers');
    mkdirSync(inbox, { recursive: true });
    await writeManifest(
      join(inbox, 'EMAIL_names.xlsx'),
      ['Program Id', 'Program Name', 'Image Link', 'Provider'],
      [
        [8001, 'Fine', 'https://img.example.com/1.jpg', 'Acme Press'],
        [8002, 'Dots', 'https://img.example.com/2.jpg', '..'],
        [8003, 'Slash', 'https://img.example.com/3.jpg', 'a/b'],
        [8004, 'Long', 'https://img.example.com/4.jpg', 'x'.repeat(201)],
      ],
    );
    // integers beyond their column are row errors too, not a failed insert
    await writeManifest(
      join(inbox, 'SLING_sizes.xlsx'),
      ['ProgramID', 'ProgramName', 'AssetURL', 'AssetWidth', 'AssetHeight'],
      [
        [8101, 'Huge', 'https://img.example.com/h.png', '99999999999', '1080'],
        [8102, 'Zero', 'https://img.example.com/z.png', '1920', '0'],
      ],
    );
    const res = await t
      .http()
      .post(`/filewatcher/run-local?folder_path=${encodeURIComponent(inbox)}`)
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    expect(res.body.Data).toMatchObject({ Rejected: 2, RowsInserted: 0 });
    const sizes = readFileSync(join(inbox, 'rejected', 'SLING_sizes.xlsx.error.txt'), 'utf8');
    expect(sizes).toContain('row 2: Width "99999999999" is out of range (1 to 2147483647)');
    expect(sizes).toContain('row 3: Height "0" is out of range (1 to 2147483647)');
    const errors = readFileSync(join(inbox, 'rejected', 'EMAIL_names.xlsx.error.txt'), 'utf8');
    expect(errors).toContain('row 3: provider name ".." is not a name');
    expect(errors).toContain('row 4: provider name "a/b" contains a slash');
    expect(errors).toContain('row 5: provider name is longer than 200 characters');
    expect(errors).not.toContain('row 2:');
    // (a sheet's XML cannot carry control characters; a reader that could is still covered)
    expect(providerNameProblem('Ac\u0007me')).toBe('provider name contains control characters');
    expect(providerNameProblem(' ')).toBe('provider name is empty');
    expect(providerNameProblem('Acme Press')).toBeUndefined();
  });

  it('builds a key inside the storage root for any name an older row may hold', async () => {
    expect(keySegment('..')).toBe('__');
    expect(keySegment('.')).toBe('_');
    expect(keySegment('.hidden')).toBe('_hidden');
    expect(keySegment('a/../b')).toBe('a_.._b');
    expect(keySegment('\u0000\u0001')).toBe('_');
    expect(keySegment('   ')).toBe('_');
    expect(keySegment('Press Site')).toBe('Press Site');
    for (const provider of ['..', '.']) {
      const [p] = await t.factory.queue({ Provider: provider });
      const held = await claim(t, op, provider).expect(200);
      const imageId = held.body.Data[0].ImageId as number;
      const res = await as(t, op)
        .post('/image/SaveCropedImages', {
          ProgramId: p,
          ImageId: imageId,
          Crops: [
            {
              AspectRatioId: 1,
              X: 0,
              Y: 0,
              Width: 160,
              Height: 90,
              ImageData: (await makeImage(160, 90)).toString('base64'),
            },
          ],
        })
        .expect(200);
      const key = res.body.Data.Crops[0].StorageKey as string;
      expect(key.split('/')[0]).toMatch(/^_+$/);
      await t.http().get(`/files/${key}`).expect(200);
      await as(t, op).get(`/image/UpdateUserLockStatus?userId=${op.id}`).expect(200);
    }
  });
});
