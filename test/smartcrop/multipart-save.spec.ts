import { Storage } from '../../src/infra/storage/storage.js';
import { committedOpenApi } from '../harness/openapi-file.js';
import { audit, makeImage, operatorDesk } from './fixtures.js';

/**
 * SaveCropedImages as multipart/form-data: the JSON body in a part named Request, each crop's bytes as a
 * file part named by its AspectRatioId; checked and stored as the base64 form is, refused as clearly.
 */
describe('multipart saves', () => {
  const MAX = 200_000;
  const desk = operatorDesk('Multi', { MAX_CROP_BYTES: String(MAX) });

  const post = () =>
    desk.t.http().post('/image/SaveCropedImages').set('Authorization', `Bearer ${desk.op.token}`);
  const rect = (id: number) => ({ AspectRatioId: id, X: 0, Y: 0, Width: 1600, Height: 900 });

  it('stores each file part as that crop, byte for byte, beside a base64 crop and a server-side one', async () => {
    const { p, imageId } = await desk.claimed();
    const jpeg = await makeImage(160, 90, 'jpeg');
    const png = await makeImage(160, 90, 'png');
    const body = {
      ProgramId: p,
      ImageId: imageId,
      Crops: [
        rect(1),
        { AspectRatioId: 2, X: 0, Y: 0, Width: 1200, Height: 900 },
        { ...rect(3), ImageData: png.toString('base64') },
      ],
    };
    const four3 = await makeImage(120, 90, 'png');
    const res = await post()
      .field('Request', JSON.stringify(body))
      .attach('1', jpeg, { filename: 'a.jpg', contentType: 'image/jpeg' })
      .attach('2', four3, { filename: 'b.png', contentType: 'image/png' })
      .expect(200);
    const crops = res.body.Data.Crops as { AspectRatioId: number; StorageKey: string; ContentType: string }[];
    expect(crops.map((c) => [c.AspectRatioId, c.ContentType])).toEqual([
      [1, 'image/jpeg'],
      [2, 'image/png'],
      [3, 'image/png'],
    ]);
    const storage = desk.t.app.get(Storage);
    expect((await storage.get(crops[0].StorageKey)).equals(jpeg)).toBe(true);
    expect((await storage.get(crops[1].StorageKey)).equals(four3)).toBe(true);
    expect((await audit(desk.t.db, [imageId])).map((a) => a.action)).toEqual(['lock', 'save_crops']);
  });

  it('refuses bad forms with 400 and a file part above MAX_CROP_BYTES with 413, in the envelope', async () => {
    const { p, imageId } = await desk.claimed();
    const jpeg = await makeImage(160, 90, 'jpeg');
    const json = (crops: object[]) => JSON.stringify({ ProgramId: p, ImageId: imageId, Crops: crops });
    const cases: [string, ReturnType<typeof post>, number, RegExp][] = [
      ['no Request part', post().attach('1', jpeg, 'a.jpg'), 400, /part named Request/],
      [
        'Request not JSON',
        post().field('Request', '{nope').attach('1', jpeg, 'a.jpg'),
        400,
        /not valid JSON/,
      ],
      [
        'part not an id',
        post()
          .field('Request', json([rect(1)]))
          .attach('x', jpeg, 'a.jpg'),
        400,
        /by its AspectRatioId/,
      ],
      [
        'part for no crop',
        post()
          .field('Request', json([rect(1)]))
          .attach('5', jpeg, 'a.jpg'),
        400,
        /no crop with AspectRatioId 5/,
      ],
      [
        'both ImageData and a part',
        post()
          .field('Request', json([{ ...rect(1), ImageData: jpeg.toString('base64') }]))
          .attach('1', jpeg, 'a.jpg'),
        400,
        /both ImageData and a file part/,
      ],
      [
        'corrupt bytes',
        post()
          .field('Request', json([rect(1)]))
          .attach('1', jpeg.subarray(0, jpeg.length >> 1), 'a.jpg'),
        400,
        /not a readable JPEG, PNG or WebP/,
      ],
      [
        'too large',
        post()
          .field('Request', json([rect(1)]))
          .attach('1', Buffer.alloc(MAX + 1), 'a.jpg'),
        413,
        /.+/,
      ],
      [
        'unknown field in Request',
        post()
          .field('Request', JSON.stringify({ ProgramId: p, ImageId: imageId, Crops: [rect(1)], Extra: 1 }))
          .attach('1', jpeg, 'a.jpg'),
        400,
        /.+/,
      ],
    ];
    for (const [name, req, status, message] of cases) {
      const res = await req;
      expect({ name, status: res.status }).toEqual({ name, status });
      expect(res.body).toMatchObject({
        StatusCode: status,
        Data: null,
        Message: expect.stringMatching(message),
      });
    }
    const rows: unknown[] = await desk.t.db.query(
      `SELECT 1 FROM smartcrop_aspectratioimages WHERE imageid = $1`,
      [imageId],
    );
    expect(rows).toEqual([]);
  });

  it('is documented in openapi.json beside the JSON form', () => {
    const doc = committedOpenApi<{
      paths: Record<
        string,
        { post: { requestBody: { content: Record<string, { schema: { required?: string[] } }> } } }
      >;
    }>();
    const content = doc.paths['/image/SaveCropedImages'].post.requestBody.content;
    expect(Object.keys(content).sort()).toEqual(['application/json', 'multipart/form-data']);
    expect(content['multipart/form-data'].schema.required).toEqual(['Request']);
  });
});
