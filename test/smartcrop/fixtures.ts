import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import request from 'supertest';
import { validated } from '../harness/openapi-validator.js';
import type { DataSource } from 'typeorm';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import type { QueueSpec } from '../harness/factory.js';

const listening = new WeakMap<TestApp, string>();

/**
 * Makes the app listen on a loopback port, so many concurrent requests share one server (supertest
 * against an unbound server opens an ephemeral listener per request, which resets under a crowd).
 */
export async function listen(t: TestApp): Promise<void> {
  await t.app.listen(0, '127.0.0.1');
  listening.set(t, (await t.app.getUrl()).replace('[::1]', '127.0.0.1'));
}

export function as(t: TestApp, u: TestUser) {
  const auth = { Authorization: `Bearer ${u.token}` };
  const base = listening.get(t);
  const http = () => (base ? validated(request(base)) : t.http());
  return {
    get: (path: string) => http().get(path).set(auth),
    post: (path: string, body: unknown) =>
      http()
        .post(path)
        .set(auth)
        .send(body as object),
  };
}

export function claim(t: TestApp, u: TestUser, provider = 'PressSite') {
  return as(t, u).get(`/image/GetImageInfo?providerName=${encodeURIComponent(provider)}&user=${u.id}`);
}

/** A programme of one image at a provider of its own (so the claim takes exactly it), claimed by `u`. */
export async function claimFresh(t: TestApp, u: TestUser, provider: string, spec: QueueSpec = {}) {
  const [p] = await t.factory.queue({ Provider: provider, ...spec });
  const res = await claim(t, u, provider).expect(200);
  return { prov: provider, p, imageId: res.body.Data[0].ImageId as number, image: res.body.Data[0] };
}

export const releaseLocks = (t: TestApp, u: TestUser) =>
  as(t, u).get(`/image/UpdateUserLockStatus?userId=${u.id}`).expect(200);

/**
 * The set-up of a save suite: one app (with `env`) and one Operator for the describe block, the
 * Operator's locks released after each test, and `claimed()` for a fresh one-image programme
 * (providers `${prefix}1`, `${prefix}2`, …). `listen` makes the app listen on loopback (see `listen`).
 */
export interface OperatorDesk {
  t: TestApp;
  op: TestUser;
  claimed(u?: TestUser, spec?: QueueSpec): ReturnType<typeof claimFresh>;
}

export function operatorDesk(
  prefix: string,
  env: Record<string, string> = {},
  o: { listen?: boolean } = {},
): OperatorDesk {
  let seq = 0;
  const desk: OperatorDesk = {
    t: undefined as unknown as TestApp,
    op: undefined as unknown as TestUser,
    claimed: (u = desk.op, spec = {}) => claimFresh(desk.t, u, `${prefix}${++seq}`, spec),
  };
  beforeAll(async () => {
    desk.t = await startTestApp(env);
    if (o.listen) await listen(desk.t);
    desk.op = await desk.t.createUser('Operator');
  });
  afterAll(async () => {
    await desk.t?.close();
  });
  afterEach(async () => {
    await releaseLocks(desk.t, desk.op);
  });
  return desk;
}

export async function audit(db: DataSource, imageIds: (number | string)[]) {
  const rows: {
    image_id: string;
    action: string;
    from_status: number;
    to_status: number;
    from_state: number;
    to_state: number;
    user_id: number | null;
    details: Record<string, unknown>;
  }[] = await db.query(
    `SELECT image_id, action, from_status, to_status, from_state, to_state, user_id, details
       FROM programimage_audit WHERE image_id = ANY($1::bigint[]) ORDER BY id`,
    [imageIds.map(String)],
  );
  return rows;
}

export async function imageRows(db: DataSource, programId: number) {
  const rows: {
    id: string;
    status: number;
    current_state: number;
    locked_by: number | null;
    reject_reason_id: number | null;
    cropped_by: number | null;
    reviewed_by: number | null;
  }[] = await db.query(
    `SELECT id, status, current_state, locked_by, reject_reason_id, cropped_by, reviewed_by
       FROM smartcrop_programimage WHERE link_object_id = $1 ORDER BY id`,
    [programId],
  );
  return rows;
}

/** A real image of the given size and format, with some structure so crops differ. */
export function makeImage(width: number, height: number, format: 'png' | 'jpeg' | 'webp' | 'gif' = 'png') {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .composite([
      {
        input: {
          create: {
            width: Math.ceil(width / 2),
            height: Math.ceil(height / 2),
            channels: 3,
            background: { r: 10, g: 120, b: 220 },
          },
        },
        left: 0,
        top: 0,
      },
    ])
    .toFormat(format)
    .toBuffer();
}

/** A tiny HTTP server serving fixed bytes at /source.jpg (the "provider's" image host). */
export async function serveBytes(
  bytes: Buffer,
  contentType = 'image/jpeg',
): Promise<{ url: string; hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits++;
    if (req.url !== '/source.jpg') {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('Content-Type', contentType);
    res.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/source.jpg`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
