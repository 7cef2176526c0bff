import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { jest } from '@jest/globals';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { startS3, type S3Fixture } from '../harness/s3.js';
import { Storage } from '../../src/infra/storage/storage.js';
import { as, claim, imageRows, makeImage } from './fixtures.js';

const BUCKET = 'refused';
type Kind = 'disk' | 's3';

interface RenditionState {
  storage_key: string;
  byte_size: number;
  width: number;
  updated_at: Date;
}

/**
 * A save that is refused or fails after its upload leaves the rendition saved before exactly as it was
 * (row and object), on both storages; a save that succeeds replaces the object under a new key.
 */
describe.each<Kind>(['disk', 's3'])('a refused save keeps what was saved before (%s storage)', (kind) => {
  let s3: S3Fixture | undefined;
  let t: TestApp;
  let op: TestUser;
  let qa: TestUser;
  let storage: Storage;
  let seq = 0;

  beforeAll(async () => {
    if (kind === 's3') {
      s3 = await startS3();
      await s3.createBucket(BUCKET);
    }
    t = await startTestApp(s3 ? s3.env(BUCKET) : {});
    op = await t.createUser('Operator');
    qa = await t.createUser('QA');
    storage = t.app.get(Storage);
  });
  afterAll(async () => {
    await t.close();
    await s3?.close();
  });
  afterEach(async () => {
    for (const u of [op, qa]) await as(t, u).get(`/image/UpdateUserLockStatus?userId=${u.id}`).expect(200);
    await t.db.query(`DELETE FROM smartcrop_rule`);
  });

  /** Every stored object under the provider's folder. */
  const keys = async (prefix: string): Promise<string[]> => {
    if (s3) {
      const out = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${prefix}/` }));
      return (out.Contents ?? []).map((o) => o.Key!).sort();
    }
    const root = t.config.storage.dir;
    const walk = (dir: string): string[] => {
      try {
        return readdirSync(dir).flatMap((n) => {
          const p = join(dir, n);
          return statSync(p).isDirectory() ? walk(p) : [relative(root, p)];
        });
      } catch {
        return [];
      }
    };
    return walk(join(root, prefix)).sort();
  };
  const rendition = async (imageId: number, ratio: number): Promise<RenditionState | undefined> => {
    const rows: RenditionState[] = await t.db.query(
      `SELECT storage_key, byte_size, width, updated_at FROM smartcrop_aspectratioimages
        WHERE imageid = $1 AND aspectratioid = $2`,
      [imageId, ratio],
    );
    return rows[0];
  };
  const b64 = (b: Buffer) => b.toString('base64');
  const crop = (bytes: Buffer, width = 160) => ({
    AspectRatioId: 2,
    X: 0,
    Y: 0,
    Width: width,
    Height: 120,
    ImageData: b64(bytes),
  });

  /** A programme of one image claimed by the operator, with ratio 2 saved once. */
  const savedOnce = async () => {
    const prov = `Refused${kind}${++seq}`;
    const [p] = await t.factory.queue({ Provider: prov });
    const held = await claim(t, op, prov).expect(200);
    const imageId = held.body.Data[0].ImageId as number;
    const first = await makeImage(160, 120, 'png');
    const res = await as(t, op)
      .post('/image/SaveCropedImages', { ProgramId: p, ImageId: imageId, Crops: [crop(first)] })
      .expect(200);
    const key = res.body.Data.Crops[0].StorageKey as string;
    expect(key).toMatch(new RegExp(`^${prov}/${p}/${imageId}/2-[0-9a-f]{10}\\.png$`));
    return { prov, p, imageId, first, key, before: (await rendition(imageId, 2))! };
  };
  const assertUnchanged = async (s: Awaited<ReturnType<typeof savedOnce>>) => {
    expect(await rendition(s.imageId, 2)).toEqual(s.before);
    expect(await keys(s.prov)).toEqual([s.key]);
    expect((await storage.get(s.key)).equals(s.first)).toBe(true);
    if (kind === 'disk') {
      const served = await t.http().get(`/files/${s.key}`).expect(200);
      expect((served.body as Buffer).equals(s.first)).toBe(true);
    }
  };

  it('an Operator asking for Status 3 gets 409 and the earlier rendition stays, row and object', async () => {
    const s = await savedOnce();
    // the same format as before, so the same key under the contract's old scheme
    const other = await makeImage(80, 60, 'png');
    const res = await as(t, op)
      .post('/image/SaveCropedImages', {
        ProgramId: s.p,
        ImageId: s.imageId,
        Status: 3,
        Crops: [crop(other)],
      })
      .expect(409);
    expect(res.body).toMatchObject({ StatusCode: 409, Data: null });
    await assertUnchanged(s);
  });

  it('an unknown RejectReasonId is 400 and the earlier rendition stays', async () => {
    const s = await savedOnce();
    // the same format as before, so the same key under the contract's old scheme
    const other = await makeImage(80, 60, 'png');
    const res = await as(t, op)
      .post('/image/SaveCropedImages', {
        ProgramId: s.p,
        ImageId: s.imageId,
        Status: 4,
        RejectReasonId: 999,
        Crops: [crop(other)],
      })
      .expect(400);
    expect(res.body.Message).toBe('RejectReasonId 999 is not a known reject reason');
    await assertUnchanged(s);
  });

  it('refuses an impossible transition before uploading anything', async () => {
    const s = await savedOnce();
    const put = jest.spyOn(storage, 'put'); // counts the real storage's uploads, which still run
    // on S3, with the storage away an upload would also be a 503: the 409/400 shows none was attempted
    await s3?.stop();
    try {
      const body = { ProgramId: s.p, ImageId: s.imageId, Crops: [crop(await makeImage(80, 60, 'png'))] };
      await as(t, op)
        .post('/image/SaveCropedImages', { ...body, Status: 3 })
        .expect(409);
      await as(t, op)
        .post('/image/SaveCropedImages', { ...body, Status: 4, RejectReasonId: 999 })
        .expect(400);
      expect(put).not.toHaveBeenCalled();
    } finally {
      put.mockRestore();
      await s3?.start();
    }
    await assertUnchanged(s);
  });

  it('a transaction that fails after the upload keeps the earlier rendition and removes the new object', async () => {
    const s = await savedOnce();
    // a real refusal from the database in the save's transaction, after the new bytes are stored
    await t.db.query(`
      CREATE OR REPLACE FUNCTION refuse_rendition() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused by test'; END $$;
      CREATE TRIGGER refuse_rendition BEFORE UPDATE ON smartcrop_aspectratioimages
        FOR EACH ROW WHEN (NEW.imageid = ${s.imageId}) EXECUTE FUNCTION refuse_rendition();`);
    try {
      const res = await as(t, op)
        .post('/image/SaveCropedImages', {
          ProgramId: s.p,
          ImageId: s.imageId,
          Crops: [crop(await makeImage(100, 75, 'png'))],
        })
        .expect(500);
      expect(res.body).toMatchObject({ StatusCode: 500, Data: null });
    } finally {
      await t.db.query(`DROP TRIGGER refuse_rendition ON smartcrop_aspectratioimages`);
    }
    await assertUnchanged(s);
  });

  it('a save that succeeds writes a new key, then removes the old object', async () => {
    const s = await savedOnce();
    const next = await makeImage(120, 90, 'png');
    const res = await as(t, op)
      .post('/image/SaveCropedImages', { ProgramId: s.p, ImageId: s.imageId, Crops: [crop(next)] })
      .expect(200);
    const key = res.body.Data.Crops[0].StorageKey as string;
    expect(key).not.toBe(s.key);
    expect((await rendition(s.imageId, 2))!.storage_key).toBe(key);
    expect(await keys(s.prov)).toEqual([key]);
    expect((await storage.get(key)).equals(next)).toBe(true);
  });

  it('a refused QA edit (UpdateCroppedImageInfo) keeps the rendition QA then reads', async () => {
    await t.db.query(`INSERT INTO smartcrop_rule (status, percentage) VALUES (2, 100)`);
    const s = await savedOnce();
    await as(t, op).get(`/image/UpdateStatus?programId=${s.p}&status=2`).expect(200);
    const open = `/image/GetCroppedImageInfo?programId=${s.p}&user=${qa.id}`;
    await as(t, qa).get(open).expect(200);
    s.before = (await rendition(s.imageId, 2))!;
    const edited = await makeImage(40, 30, 'png');
    const edit = (extra: object) =>
      as(t, qa).post('/image/UpdateCroppedImageInfo', [
        { ProgramId: s.p, ImageId: s.imageId, ...crop(edited, 150), ...extra },
      ]);
    const bad = await edit({ Status: 4, RejectReasonId: 999 }).expect(400);
    expect(bad.body.Message).toBe('RejectReasonId 999 is not a known reject reason');
    await assertUnchanged(s);
    await edit({ Status: 5 }).expect(400);
    await edit({ Status: 2 }).expect(409);
    await assertUnchanged(s);
    const read = await as(t, qa).get(open).expect(200);
    expect(Buffer.from(read.body.Data[0].Crops[0].ImageData as string, 'base64').equals(s.first)).toBe(true);
    expect(await imageRows(t.db, s.p)).toEqual([
      expect.objectContaining({ status: 2, current_state: 1, locked_by: qa.id }),
    ]);
  });

  it('DeleteCroppedImageInfo removes the row first, then the object', async () => {
    const s = await savedOnce();
    await as(t, op)
      .get(`/image/DeleteCroppedImageInfo?programId=${s.p}&id=2&imageid=${s.imageId}`)
      .expect(200);
    expect(await rendition(s.imageId, 2)).toBeUndefined();
    expect(await keys(s.prov)).toEqual([]);
    if (!s3) return;
    // storage away: the row still goes (nothing points at the object any more); the object is an orphan
    await as(t, op).get(`/image/UpdateUserLockStatus?userId=${op.id}`).expect(200);
    const again = await savedOnce();
    await s3.stop();
    try {
      await as(t, op)
        .get(`/image/DeleteCroppedImageInfo?programId=${again.p}&id=2&imageid=${again.imageId}`)
        .expect(200);
    } finally {
      await s3.start();
    }
    expect(await rendition(again.imageId, 2)).toBeUndefined();
  });
});
