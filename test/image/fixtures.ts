import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import request from 'supertest';
import { validated } from '../harness/openapi-validator.js';
import type { DataSource } from 'typeorm';
import type { TestApp, TestUser } from '../harness/app.js';

let programSeq = 100_000 + Math.floor(Math.random() * 1_000_000);

export interface SeedOptions {
  provider?: string;
  programs?: number;
  imagesPerProgram?: number;
  status?: number;
  imageUrl?: string;
  width?: number | null;
  height?: number | null;
}

/**
 * Queues `programs` programmes of `imagesPerProgram` images each for a provider, oldest first in
 * programme order, with the input-file rows they reference. One INSERT ... SELECT generate_series.
 * Returns the ProgramIds in queue order.
 */
export async function seedQueue(db: DataSource, o: SeedOptions = {}): Promise<number[]> {
  const programs = o.programs ?? 1;
  const per = o.imagesPerProgram ?? 1;
  const first = programSeq;
  programSeq += programs;
  const tag = randomBytes(4).toString('hex');
  await db.query(
    `WITH f AS (
       INSERT INTO smartcrop_inputfiles (input_file_ref, provider_name, program_id, program_title, image_url, rights_name,
                                         source_file, source_row, width, height)
       SELECT $1 || '-' || g, $2, $3 + (g - 1) / $4, 'Programme ' || ($3 + (g - 1) / $4), $5, 'TiVo Licensed',
              'seed.xlsx', g, $7, $8
         FROM generate_series(1, $6::int) g
       RETURNING input_file_ref, program_id, program_title, image_url, source_row, width, height
     )
     INSERT INTO smartcrop_programimage (link_object_id, provider_name, program_title, image_url, input_file_ref,
                                         width, height, status, created_at)
     SELECT program_id, $2, program_title, image_url, input_file_ref, width, height, $9,
            now() - interval '1 hour' + source_row * interval '1 millisecond'
       FROM f`,
    [
      tag,
      o.provider ?? 'PressSite',
      first,
      per,
      o.imageUrl ?? 'https://images.example.com/a.jpg',
      programs * per,
      o.width === undefined ? 1920 : o.width,
      o.height === undefined ? 1080 : o.height,
      o.status ?? 1,
    ],
  );
  return Array.from({ length: programs }, (_, i) => first + i);
}

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
