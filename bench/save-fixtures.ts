/**
 * What bench/save.bench.ts saves: a photo-like 1920x1080 JPEG source and its five aspect-ratio crops as
 * JPEGs of 50-130 KB (as the desk's UI sends them), and the rows the saves need.
 */
import sharp from 'sharp';
import type pg from 'pg';

export const SOURCE = { width: 1920, height: 1080 };

export interface Crop {
  AspectRatioId: number;
  X: number;
  Y: number;
  Width: number;
  Height: number;
}

/** The five seeded ratios (16:9, 4:3, 3:4, 2:3, 1:1) cut from the full height of the source. */
export const CROPS: Crop[] = [
  { AspectRatioId: 1, X: 0, Y: 0, Width: 1920, Height: 1080 },
  { AspectRatioId: 2, X: 240, Y: 0, Width: 1440, Height: 1080 },
  { AspectRatioId: 3, X: 555, Y: 0, Width: 810, Height: 1080 },
  { AspectRatioId: 4, X: 600, Y: 0, Width: 720, Height: 1080 },
  { AspectRatioId: 5, X: 420, Y: 0, Width: 1080, Height: 1080 },
];
/** Target size per crop, KB: the range of the desk's real uploads. */
const TARGET_KB = [130, 110, 60, 50, 90];

/** Smooth colour fields with a little grain: compresses like a photograph, not like noise or a flat fill. */
export async function sourceImage(): Promise<Buffer> {
  const blobs = await sharp({
    create: {
      width: 96,
      height: 54,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 70 },
    },
  })
    .png()
    .toBuffer();
  const grain = await sharp({
    create: { ...SOURCE, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 3 } },
  })
    .png()
    .toBuffer();
  return sharp(await sharp(blobs).resize(SOURCE.width, SOURCE.height, { kernel: 'cubic' }).png().toBuffer())
    .composite([{ input: grain, blend: 'overlay' }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** Each crop as a JPEG near its target size (the quality found by bisection). */
export async function cropJpegs(source: Buffer): Promise<Buffer[]> {
  return Promise.all(
    CROPS.map(async (c, i) => {
      const cut = sharp(source).extract({ left: c.X, top: c.Y, width: c.Width, height: c.Height });
      const raw = await cut.raw().toBuffer({ resolveWithObject: true });
      let lo = 5;
      let hi = 95;
      let best: Buffer | undefined;
      while (lo <= hi) {
        const q = Math.floor((lo + hi) / 2);
        const b = await sharp(raw.data, { raw: raw.info }).jpeg({ quality: q }).toBuffer();
        if (b.length <= TARGET_KB[i] * 1024) {
          best = b;
          lo = q + 1;
        } else hi = q - 1;
      }
      return best ?? (await sharp(raw.data, { raw: raw.info }).jpeg({ quality: 5 }).toBuffer());
    }),
  );
}

/**
 * One programme of `images` images per provider `name`, with the given status, dimensions and source
 * URL; returns the programme id and the image ids in order.
 */
export async function seedProgramme(
  db: pg.Pool,
  name: string,
  programId: number,
  images: number,
  status: number,
  imageUrl: string,
): Promise<number[]> {
  const rows = await db.query<{ id: string }>(
    `WITH f AS (
       INSERT INTO smartcrop_inputfiles (input_file_ref, provider_name, program_id, program_title, image_url,
                                         rights_name, source_file, source_row)
       SELECT $1 || '-' || g, $1, $2, 'Programme', $4, 'TiVo Licensed', 'bench.xlsx', g
         FROM generate_series(1, $3::int) g
       RETURNING input_file_ref, program_id, image_url, source_row
     )
     INSERT INTO smartcrop_programimage (link_object_id, provider_name, program_title, image_url, input_file_ref,
                                         width, height, status, created_at)
     SELECT program_id, $1, 'Programme', image_url, input_file_ref, $5, $6, $7,
            now() - interval '1 hour' + source_row * interval '1 ms'
       FROM f ORDER BY source_row RETURNING id`,
    [name, programId, images, imageUrl, SOURCE.width, SOURCE.height, status],
  );
  return rows.rows.map((r) => Number(r.id));
}

/** Users of a role, `bench-<tag>-<n>@bench.local`; their ids. */
export async function seedUsers(db: pg.Pool, role: string, tag: string, n: number): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO smartcrop_user (email, first_name, last_name, password_hash, role_id)
     SELECT 'bench-' || $3 || '-' || g || '@bench.local', 'Bench', $1, 'x', (SELECT id FROM smartcrop_role WHERE role = $1)
       FROM generate_series(1, $2::int) g RETURNING id`,
    [role, n, tag],
  );
  return rows.rows.map((r) => r.id);
}

export const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/**
 * Waits until the service's background analysis has taken every seeded image (issue 19: images are
 * analysed after ingest, long before an Operator saves them), so a measured phase times saves, not the
 * analysis of the images the bench has just seeded; says how many it waited for and how long.
 */
export async function analysed(db: pg.Pool, label: string, timeoutMs = 300_000): Promise<void> {
  const t0 = Date.now();
  const left = async () =>
    Number(
      (
        await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM smartcrop_image_analysis
            WHERE state IN ('pending', 'running') AND next_attempt_at <= now()`,
        )
      ).rows[0].n,
    );
  const first = await left();
  for (let n = first; n > 0; n = await left()) {
    if (Date.now() - t0 > timeoutMs)
      throw new Error(`${n} images still queued for analysis after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const states = await db.query<{ state: string; due: boolean; n: string }>(
    `SELECT state, next_attempt_at <= now() AS due, count(*) AS n FROM smartcrop_image_analysis GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  console.log(
    `${label}: waited ${((Date.now() - t0) / 1000).toFixed(1)} s for the analysis of ${first} seeded images (` +
      states.rows.map((r) => `${r.state}${r.due ? '' : ' not due'} ${r.n}`).join(', ') +
      ')',
  );
}
