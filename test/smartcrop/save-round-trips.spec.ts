import type pg from 'pg';
import { DataSource } from 'typeorm';
import { AnalysisRepository } from '../../src/smartcrop/suggest/analysis.repository.js';
import { ENGINE_VERSION } from '../../src/smartcrop/suggest/suggestion-engine.js';
import { as, audit, claim, imageRows, makeImage, operatorDesk } from './fixtures.js';

/**
 * What a save costs the database: the statements the app sends during one SaveCropedImages, read from
 * the real pg client the app uses (every call goes through to PostgreSQL; nothing is faked).
 */
describe('a save is one or two transactions', () => {
  const desk = operatorDesk('Trips');
  const b64 = (buf: Buffer) => buf.toString('base64');

  /** The statements sent while `fn` runs, and how many transactions they make. */
  const statements = async (fn: () => Promise<unknown>) => {
    const { Client } = (desk.t.app.get(DataSource).driver as unknown as { postgres: typeof pg }).postgres;
    const sent: string[] = [];
    // observe, not replace: every call still goes to the real client
    const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function (this: pg.Client, ...args: unknown[]) {
      const q = args[0] as string | { text: string };
      sent.push((typeof q === 'string' ? q : q.text).trim().replace(/\s+/g, ' '));
      return original.apply(this, args);
    };
    try {
      await fn();
    } finally {
      proto.query = original;
    }
    let transactions = 0;
    let inside = false;
    for (const s of sent) {
      if (/^(START TRANSACTION|BEGIN)/i.test(s)) inside = true;
      else if (/^(COMMIT|ROLLBACK)/i.test(s)) {
        inside = false;
        transactions++;
      } else if (!inside) transactions++;
    }
    return { sent, transactions };
  };

  const crop = async (id: number, extra: object = {}) => ({
    AspectRatioId: id,
    X: 0,
    Y: 0,
    Width: 1600,
    Height: 900,
    ImageData: b64(await makeImage(160, 90, 'jpeg')),
    ...extra,
  });

  it('saves base64 crops in two single-statement transactions, with no lookup query, and answers what it wrote', async () => {
    const { p, imageId } = await desk.claimed();
    // the first save reads the reference tables (and the caller) once for the process
    await as(desk.t, desk.op)
      .post('/image/SaveCropedImages', { ProgramId: p, ImageId: imageId, Crops: [await crop(1)] })
      .expect(200);
    const body = {
      ProgramId: p,
      ImageId: imageId,
      Crops: [await crop(2), await crop(5, { ImageTypeId: 2 })],
    };
    let res: {
      body: { Data: { Crops: { AspectRatioId: number; AspectRatio: string; ImageType: string | null }[] } };
    };
    const { sent, transactions } = await statements(async () => {
      res = await as(desk.t, desk.op).post('/image/SaveCropedImages', body).expect(200);
    });
    expect(transactions).toBe(2);
    expect(sent).toHaveLength(2);
    // the image read, then the write: no lookup-existence query, no re-read
    expect(sent).toEqual([
      expect.stringMatching(/^SELECT p\.id, p\.link_object_id/),
      expect.stringMatching(
        /^WITH held AS \( SELECT id, link_object_id, status, current_state FROM smartcrop_programimage/,
      ),
    ]);
    // every rendition of the image, the earlier one too, with its titles
    expect(res!.body.Data.Crops.map((c) => [c.AspectRatioId, c.AspectRatio, c.ImageType])).toEqual([
      [1, '16:9', null],
      [2, '4:3', null],
      [5, '1:1', 'Backdrop'],
    ]);
    expect((await audit(desk.t.db, [imageId])).map((a) => a.action)).toEqual([
      'lock',
      'save_crops',
      'save_crops',
    ]);
    // with how each rendition relates to the image's suggestion (none yet: its analysis has not run)
    expect((await audit(desk.t.db, [imageId])).at(-1)!.details).toEqual({
      aspectRatioIds: [2, 5],
      suggestions: { 2: 'none', 5: 'none' },
    });
  });

  it("reads the image's suggestions and the ratios' minimums with the image: a save against them is still two statements", async () => {
    const { p, imageId } = await desk.claimed();
    await as(desk.t, desk.op)
      .post('/image/SaveCropedImages', { ProgramId: p, ImageId: imageId, Crops: [await crop(1)] })
      .expect(200);
    await desk.t.db.query(
      `INSERT INTO smartcrop_crop_suggestion (image_id, aspectratioid, x, y, width, height, score, method, engine_version)
       VALUES ($1, 2, 0, 0, 1600, 900, 0.9, 'face', 1), ($1, 5, 1000, 0, 200, 200, 0.9, 'face', 1)`,
      [imageId],
    );
    expect(
      await desk.t.db.query(`SELECT title, min_width FROM smartcrop_aspectratio_lookup WHERE id = 2`),
    ).toEqual([{ title: '4:3', min_width: 960 }]);
    await desk.t.db.query(`UPDATE smartcrop_aspectratio_lookup SET min_width = 2000 WHERE id = 2`);
    try {
      let res: { body: { Data: { Warnings: { AspectRatioId: number; Code: string }[] } } };
      const { sent, transactions } = await statements(async () => {
        res = await as(desk.t, desk.op)
          .post('/image/SaveCropedImages', {
            ProgramId: p,
            ImageId: imageId,
            Crops: [await crop(2), await crop(5)],
          })
          .expect(200);
      });
      expect([transactions, sent.length]).toEqual([2, 2]);
      // the 4:3 crop is the suggestion and below the minimum just set; the 1:1 one is drawn elsewhere
      expect(res!.body.Data.Warnings).toEqual([
        expect.objectContaining({ AspectRatioId: 2, Code: 'BelowMinimum' }),
      ]);
      expect((await audit(desk.t.db, [imageId])).at(-1)!.details).toEqual({
        aspectRatioIds: [2, 5],
        suggestions: { 2: 'equal', 5: 'replaced' },
      });
    } finally {
      // the migration's default for 4:3
      await desk.t.db.query(`UPDATE smartcrop_aspectratio_lookup SET min_width = 960 WHERE id = 2`);
    }
  });

  it('moves the image on in the same transaction as the rows when Status is given', async () => {
    const { p, imageId } = await desk.claimed();
    await as(desk.t, desk.op)
      .post('/image/SaveCropedImages', { ProgramId: p, ImageId: imageId, Crops: [await crop(1)] })
      .expect(200);
    const body = { ProgramId: p, ImageId: imageId, Crops: [await crop(2)] };
    const { transactions } = await statements(async () => {
      const res = await as(desk.t, desk.op)
        .post('/image/SaveCropedImages', { ...body, Status: 2 })
        .expect(200);
      expect(res.body.Data.Transition).toMatchObject({ RowsChanged: 1 });
    });
    expect(transactions).toBe(2);
    expect((await imageRows(desk.t.db, p))[0]).toMatchObject({ current_state: 0 });
  });

  it('renews the lock activity of an image when it is older than 30 s, and leaves a fresh one', async () => {
    const { p, imageId } = await desk.claimed();
    const activity = async () =>
      (
        await desk.t.db.query<{ age: number }[]>(
          `SELECT extract(epoch FROM now() - last_activity_at)::float AS age FROM smartcrop_programimage WHERE id = $1`,
          [imageId],
        )
      )[0].age;
    await desk.t.db.query(
      `UPDATE smartcrop_programimage SET last_activity_at = now() - interval '10 minutes' WHERE id = $1`,
      [imageId],
    );
    const save = () =>
      crop(1).then((c) =>
        as(desk.t, desk.op)
          .post('/image/SaveCropedImages', { ProgramId: p, ImageId: imageId, Crops: [c] })
          .expect(200),
      );
    await save();
    expect(await activity()).toBeLessThan(5);
    await desk.t.db.query(
      `UPDATE smartcrop_programimage SET last_activity_at = now() - interval '10 seconds' WHERE id = $1`,
      [imageId],
    );
    await save();
    expect(await activity()).toBeGreaterThanOrEqual(10);
  });

  it('refuses a save whose lock went away before the write (409), leaving no row and no audit', async () => {
    const { p, imageId } = await desk.claimed();
    // the lock is released by someone else's sweep between the read and the write: here, before both
    await desk.t.db.query(
      `UPDATE smartcrop_programimage SET current_state = 0, locked_by = NULL WHERE id = $1`,
      [imageId],
    );
    await as(desk.t, desk.op)
      .post('/image/SaveCropedImages', { ProgramId: p, ImageId: imageId, Crops: [await crop(1)] })
      .expect(409);
    const rows: unknown[] = await desk.t.db.query(
      `SELECT 1 FROM smartcrop_aspectratioimages WHERE imageid = $1`,
      [imageId],
    );
    expect(rows).toEqual([]);
  });

  it('still refuses unknown aspect ratios, image types and languages with 400', async () => {
    const { p, imageId } = await desk.claimed();
    const save = async (c: object) =>
      (
        await as(desk.t, desk.op)
          .post('/image/SaveCropedImages', { ProgramId: p, ImageId: imageId, Crops: [c] })
          .expect(400)
      ).body.Message as string;
    expect(await save(await crop(99))).toBe('AspectRatioId 99 is not a known aspect ratio');
    expect(await save(await crop(1, { ImageTypeId: 999, LanguageId: 998 }))).toBe(
      'Unknown ImageTypeId 999, LanguageId 998',
    );
  });

  it('finds a reference row added after the process read the tables', async () => {
    const { p, imageId } = await desk.claimed();
    await as(desk.t, desk.op)
      .post('/image/SaveCropedImages', { ProgramId: p, ImageId: imageId, Crops: [await crop(1)] })
      .expect(200);
    const [{ id }] = await desk.t.db.query<{ id: number }[]>(
      `INSERT INTO smartcrop_imagetype_lookup (title) VALUES ('Trips added') RETURNING id`,
    );
    const res = await as(desk.t, desk.op)
      .post('/image/SaveCropedImages', {
        ProgramId: p,
        ImageId: imageId,
        Crops: [await crop(1, { ImageTypeId: id })],
      })
      .expect(200);
    expect(res.body.Data.Crops[0]).toMatchObject({ ImageTypeId: id, ImageType: 'Trips added' });
  });
});

describe('a claim is one statement', () => {
  const desk = operatorDesk('ClaimTrips');

  it('answers GetImageInfo, suggestion fields included, from the claim statement alone', async () => {
    const t = desk.t;
    // two images of one programme: one analysed (a 700×500 source, below the 2:3 minimum), one pending
    const provider = 'ClaimTripsA';
    const [p] = await t.factory.queue({ Provider: provider, ImagesPerProgram: 2 });
    const ids = (await imageRows(t.db, p)).map((r) => String(r.id));
    await t.app.get(AnalysisRepository).complete(ids[0], {
      width: 700,
      height: 500,
      format: 'jpeg',
      bytes: 4321,
      faces: 1,
      engineVersion: ENGINE_VERSION,
      suggestions: [
        { aspectRatioId: 1, x: 0, y: 53, width: 700, height: 394, score: 0.8125, method: 'face' },
        { aspectRatioId: 5, x: 100, y: 0, width: 500, height: 500, score: 0.5, method: 'saliency' },
      ],
    });
    // the caller's first request reads them into the user cache; the claim after it is measured
    await claim(t, desk.op, 'ClaimTripsNothing').expect(200);
    const { Client } = (t.app.get(DataSource).driver as unknown as { postgres: typeof pg }).postgres;
    const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    const sent: string[] = [];
    proto.query = function (this: pg.Client, ...args: unknown[]) {
      const q = args[0] as string | { text: string };
      sent.push((typeof q === 'string' ? q : q.text).trim().slice(0, 40));
      return original.apply(this, args);
    };
    let res;
    try {
      res = await claim(t, desk.op, provider).expect(200);
    } finally {
      proto.query = original;
    }
    expect(sent).toEqual([expect.stringMatching(/^WITH mine AS/)]);
    const items = res.body.Data as Record<string, unknown>[];
    expect(items.map((i) => String(i.ImageId))).toEqual(ids);
    // the same fields the other paths build from their own reads
    for (const item of items) {
      const other = await as(t, desk.op).get(`/image/GetCropSuggestions?imageId=${item.ImageId as number}`);
      if (String(item.ImageId) !== ids[0]) continue; // the pending one is computed on demand there
      expect(item.SuggestedCrops).toEqual(other.body.Data.SuggestedCrops);
      expect(item.Warnings).toEqual(other.body.Data.Warnings);
      expect(item.Analysis).toEqual(other.body.Data.Analysis);
    }
    expect(items[0].SuggestedCrops).toEqual([
      { AspectRatioId: 1, X: 0, Y: 53, Width: 700, Height: 394, Score: 0.813, Method: 'face' },
      { AspectRatioId: 5, X: 100, Y: 0, Width: 500, Height: 500, Score: 0.5, Method: 'saliency' },
    ]);
    expect(items[0].Analysis).toEqual({ State: 'done', Reason: null, SourceWidth: 700, SourceHeight: 500 });
    expect((items[0].Warnings as { Code: string }[]).length).toBeGreaterThan(0);
    expect(items[1]).toMatchObject({
      SuggestedCrops: [],
      Warnings: [],
      Analysis: { State: 'pending', Reason: null, SourceWidth: null, SourceHeight: null },
    });
  });
});
