/**
 * The raw side of bench/save.bench.ts, in a process of its own: the minimal work of a save with none of
 * the service around it. Per save: decode each crop's base64, check it decodes (the check the service
 * makes, see CHECK below), write it to a file, then one INSERT ... ON CONFLICT of the five rows; or, for
 * server-side crops, read the source file, cut the five rectangles with sharp, write them, one INSERT.
 */
import { mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import sharp from 'sharp';
import { CROPS } from './save-fixtures.js';

// as the service sets them (src/infra/image/image-budget.ts)
sharp.concurrency(1);
sharp.cache(false);

export interface RawJob {
  /** base64 in JSON, bytes as multipart parts, or cut server-side from the source */
  mode: 'base64' | 'multipart' | 'server';
  /** one image id per operator, each of its own programme */
  targets: { programId: number; imageId: number }[];
  seconds: number;
  warmupMs: number;
}

export interface RawSetup {
  url: string;
  dir: string;
  poolSize: number;
  sourcePath: string;
  crops: string[];
  maxPixels: number;
}

export interface RunResult {
  saves: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

/**
 * The check the raw script makes: the service's (src/smartcrop/image-processor.ts: the header read by
 * sharp, then a 64 px thumbnail, which sharp decodes from a JPEG at 1/8 scale), or with
 * BENCH_RAW_CHECK=full every pixel at full size.
 */
const CHECK = process.env.BENCH_RAW_CHECK ?? 'service';

async function check(bytes: Buffer, maxPixels: number): Promise<void> {
  const s = () => sharp(bytes, { failOn: 'truncated', limitInputPixels: maxPixels });
  const meta = await s().metadata();
  if (!meta.width) throw new Error('no size');
  if (CHECK === 'full') await s().raw().toBuffer();
  else await s().resize(64, 64, { fit: 'inside', kernel: 'nearest' }).raw().toBuffer();
}

const UPSERT = `
  INSERT INTO smartcrop_aspectratioimages
    (programid, aspectratioid, imageid, x, y, width, height, output_width, output_height, storage_key, public_url,
     content_type, byte_size, created_by, updated_by)
  SELECT $1, r.a, $2, r.x, r.y, r.w, r.h, r.w, r.h, r.k, 'http://raw/' || r.k, 'image/jpeg', r.n, NULL, NULL
    FROM unnest($3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::text[], $9::int[]) AS r(a, x, y, w, h, k, n)
  ON CONFLICT (programid, aspectratioid, imageid) DO UPDATE SET
    storage_key = EXCLUDED.storage_key, byte_size = EXCLUDED.byte_size, updated_at = now()`;

function serveRaw(setup: RawSetup): void {
  const pool = new pg.Pool({ connectionString: setup.url, max: setup.poolSize });
  pool.on('error', () => undefined);
  const bytesOf = setup.crops.map((b) => Buffer.from(b, 'base64'));
  const save = async (mode: RawJob['mode'], t: RawJob['targets'][number]) => {
    const dir = join(setup.dir, String(t.programId), String(t.imageId));
    mkdirSync(dir, { recursive: true });
    const src = mode === 'server' ? await readFile(setup.sourcePath) : undefined;
    const sizes = await Promise.all(
      CROPS.map(async (c, i) => {
        let bytes: Buffer;
        if (src) {
          bytes = await sharp(src)
            .extract({ left: c.X, top: c.Y, width: c.Width, height: c.Height })
            .jpeg()
            .toBuffer();
        } else {
          bytes = mode === 'multipart' ? bytesOf[i] : Buffer.from(setup.crops[i], 'base64');
          await check(bytes, setup.maxPixels);
        }
        await writeFile(join(dir, `${c.AspectRatioId}.jpg`), bytes);
        return bytes.length;
      }),
    );
    await pool.query(UPSERT, [
      t.programId,
      t.imageId,
      CROPS.map((c) => c.AspectRatioId),
      CROPS.map((c) => c.X),
      CROPS.map((c) => c.Y),
      CROPS.map((c) => c.Width),
      CROPS.map((c) => c.Height),
      CROPS.map((c) => `raw/${t.programId}/${t.imageId}/${c.AspectRatioId}.jpg`),
      sizes,
    ]);
  };
  process.on('message', (job: RawJob | 'stop') => {
    if (job === 'stop') {
      void pool.end().then(() => process.exit(0));
      return;
    }
    void runLoop(job.targets.length, job.seconds, job.warmupMs, (w) => save(job.mode, job.targets[w])).then(
      (r) => process.send!(r),
    );
  });
  process.send!('ready');
}

/** `count` loops back to back for `seconds` after `warmupMs` of uncounted cycles. */
export async function runLoop(
  count: number,
  seconds: number,
  warmupMs: number,
  cycle: (w: number) => Promise<void>,
): Promise<RunResult> {
  const begin = performance.now();
  const start = begin + warmupMs;
  const end = start + seconds * 1000;
  const result: RunResult = { saves: 0, errors: 0, seconds: 0, latencies: [] };
  await Promise.all(
    Array.from({ length: count }, async (_, w) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        let ok = true;
        await cycle(w).catch((err: unknown) => {
          ok = false;
          if (result.errors++ === 0) console.error('first error:', (err as Error).message);
        });
        if (t0 < start) continue;
        if (ok) {
          result.saves++;
          result.latencies.push(performance.now() - t0);
        }
      }
    }),
  );
  result.seconds = (performance.now() - start) / 1000;
  return result;
}

if (process.env.BENCH_RAW) process.once('message', (setup: RawSetup) => serveRaw(setup));
