/**
 * Batch export throughput: N renditions of Completed images, exported by the real BatchJobService (COPY →
 * local CSV → folder upload → stamping) beside a raw `COPY (same SELECT) TO STDOUT` of the same rows into
 * a byte-counting sink, in the same run. Prints rows/s and peak RSS per phase; asserts nothing.
 *
 *   npm run build && node dist/bench/export.bench.js
 *
 * Env: DATABASE_URL (else an embedded PostgreSQL in a temp dir), BENCH_SIZES ("100000,1000000"
 * renditions; 4 per image).
 */
import 'reflect-metadata';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { BatchExportSession, batchSelect } from '../src/batchjob/batch-export.repository.js';
import { BatchJobService } from '../src/batchjob/batchjob.service.js';
import type { AppConfig } from '../src/config/config.js';
import { applyCdnSettings } from '../src/infra/database/cdn-sql.js';
import { JobRunRepository } from '../src/jobs/job-run.repository.js';
import { startBenchApp } from './bench-app.js';

const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const PER_IMAGE = 4;
const mb = (b: number) => (b / 1024 / 1024).toFixed(0);

/** Peak RSS while `fn` runs, sampled every 20 ms. */
async function measure<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; peakRss: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  try {
    const result = await fn();
    return {
      result,
      seconds: (performance.now() - start) / 1000,
      peakRss: Math.max(peak, process.memoryUsage().rss),
    };
  } finally {
    clearInterval(timer);
  }
}

async function seed(db: pg.Client, renditions: number): Promise<void> {
  const images = Math.ceil(renditions / PER_IMAGE);
  await db.query(`TRUNCATE smartcrop_aspectratioimages, programimage_audit, smartcrop_programimage,
                  smartcrop_inputfiles RESTART IDENTITY CASCADE`);
  await db.query(
    `INSERT INTO smartcrop_inputfiles (input_file_ref, provider_name, program_id, program_title, image_url,
                                       rights_name, source_file, source_row)
     SELECT 'bench-' || g, 'PS_', g, 'Programme ' || g, 'https://src.test/' || g || '.jpg', 'TiVo Licensed',
            'bench.xlsx', g
       FROM generate_series(1, $1) g`,
    [images],
  );
  await db.query(
    `INSERT INTO smartcrop_programimage (link_object_id, provider_name, program_title, episode_title, image_url,
                                         input_file_ref, status)
     SELECT g, 'PS_', 'Programme ' || g, 'Episode, "' || g || '"', 'https://src.test/' || g || '.jpg', 'bench-' || g, 3
       FROM generate_series(1, $1) g`,
    [images],
  );
  await db.query(
    `INSERT INTO smartcrop_aspectratioimages (programid, aspectratioid, imageid, x, y, width, height, output_width,
                                              output_height, storage_key, public_url, content_type, byte_size)
     SELECT p.link_object_id, ar, p.id, 10, 20, 1600, 900, 1920, 1080, 'crops/' || p.id || '/' || ar || '.jpg',
            'https://origin.test/bucket/crops/' || p.id || '/' || ar || '.jpg', 'image/jpeg', 123456
       FROM smartcrop_programimage p CROSS JOIN generate_series(1, ${PER_IMAGE}) ar
      LIMIT $1`,
    [renditions],
  );
  await db.query('VACUUM ANALYZE smartcrop_programimage');
  await db.query('VACUUM ANALYZE smartcrop_aspectratioimages');
}

/** The same fixed images and SELECT on a plain connection, with no file or stamp. */
async function rawCopy(url: string, config: AppConfig, ledger: JobRunRepository): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await new BatchExportSession(client, config, ledger).fixEligible();
    await applyCdnSettings(client, config.cdn);
    const source = client.query(
      copyStreams.to(`COPY (${batchSelect()}) TO STDOUT WITH (FORMAT csv, HEADER)`),
    );
    await pipeline(
      source,
      new Writable({
        write(_chunk: Buffer, _e, done) {
          done();
        },
      }),
    );
    return source.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const b = await startBenchApp({
    EXPORT_TARGET: 'folder',
    CDN_ORIGIN_BASE_URL: 'https://origin.test/bucket/',
    CDN_REWRITE_BASE_URL: 'https://cdn.test',
  });
  const { app, config, url } = b;
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const batch = app.get(BatchJobService);
  try {
    process.stdout.write('renditions  phase        seconds     rows/s   peak RSS MB   detail\n');
    for (const n of SIZES) {
      const s = await measure(() => seed(db, n));
      process.stdout.write(`${String(n).padStart(10)}  seed       ${s.seconds.toFixed(1).padStart(8)}\n`);
      global.gc?.();
      const raw = await measure(() => rawCopy(url, config, app.get(JobRunRepository)));
      const rawRate = raw.result / raw.seconds;
      process.stdout.write(
        `${String(n).padStart(10)}  raw COPY   ${raw.seconds.toFixed(2).padStart(8)} ${rawRate.toFixed(0).padStart(10)} ${mb(raw.peakRss).padStart(12)}\n`,
      );
      global.gc?.();
      const exp = await measure(() => batch.run('cli', null));
      const rate = (exp.result.rows ?? 0) / exp.seconds;
      const ms = (exp.result.summary as { TimingsMs?: Record<string, number> }).TimingsMs;
      process.stdout.write(
        `${String(n).padStart(10)}  export     ${exp.seconds.toFixed(2).padStart(8)} ${rate.toFixed(0).padStart(10)} ${mb(exp.peakRss).padStart(12)}   ` +
          `${((rate / rawRate) * 100).toFixed(0)}% of COPY; copy+stamp ${ms?.CopyAndStamp} ms, upload ${ms?.Upload} ms, commit ${ms?.Commit} ms\n`,
      );
    }
  } finally {
    await db.end();
    await b.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
