/**
 * Claim latency beside the analysis queue (issue 19, point 6: "analysis of 10,000 queued images finishes
 * without touching claim latency by more than 20%, the claim bench running beside it").
 * The service as `npm start` runs it (bench/service-process.ts: the built entry in a child process; PROCESS_ROLE=all,
 * so HTTP worker(s) and, with ANALYSIS_PROCESS=separate, an analysis process at ANALYSIS_NICE; `inline` puts the
 * analysis in HTTP worker 1, the layout before), on an embedded PostgreSQL. BENCH_ANALYSIS_IMAGES program
 * images (another provider than the claimed one) point at the service's own storage, where a few dozen
 * distinct 1920×1080 JPEG composites (a real head or a drawn star on varied backgrounds, as bench:crops)
 * are written; the analysis reads them from storage as it does for any own-storage URL.
 * Analysis off and on differ only by the queue: the same process, worker and rows throughout; the analysis
 * rows are pending but not due (next_attempt_at = infinity) while analysis is off, and due from the moment
 * it is on, so the worker polls an empty due range before and works the queue after.
 * Phases, after one unmeasured paced window (the first on a fresh service is cold): (a) paced claim + done operators (bench:claim's helpers), analysis off, and a closed-loop
 * run; (b) the queue released: the same closed-loop run, then paced windows until the queue is done (or
 * BENCH_ANALYSIS_SECONDS); (c) paced again with analysis off, after (drift of the machine and the queue).
 * Prints claim p50/p95/p99 per phase and the ratios, analysis images/s and the time to finish, the
 * service's and PostgreSQL's CPU, the load average at both ends of every phase; asserts nothing.
 *
 *   npm run bench:analysis
 *
 * Env: BENCH_ANALYSIS_IMAGES (10000), BENCH_ANALYSIS_SOURCES (distinct JPEGs, 40), ANALYSIS_CONCURRENCY (1),
 * BENCH_ANALYSIS_SECONDS (0: until the queue is done; else the cap, with the projected time), BENCH_IMAGES
 * (claimable images, 300000), BENCH_PACED_OPERATORS (64), BENCH_PACE_MS (500), BENCH_SECONDS (the off
 * phases and each window of the on phase, 30), BENCH_CLOSED_OPERATORS (32), BENCH_CLOSED_SECONDS (10; 0
 * skips), BENCH_WEB_CONCURRENCY (1), ANALYSIS_PROCESS (separate | inline), ANALYSIS_NICE (10), ANALYSIS_CPU_SHARE (the service's default), DB_POOL_SIZE (16),
 * DATABASE_URL.
 */
import 'reflect-metadata';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { JwtService } from '@nestjs/jwt';
import pg from 'pg';
import sharp from 'sharp';
import { startEmbeddedPostgres } from '../src/infra/database/embedded-postgres.js';
import { FaceDetector } from '../src/smartcrop/suggest/face-detector.js';
import { BACKGROUNDS, composite, headPatches, rng } from '../test/smartcrop/suggest/composites.js';
import { runHttpLoad, SEED_CLAIMABLE, type LoadResult } from './http-load.js';
import { parentOf, treeCpuMs, treePids } from './proc-stat.js';
import { pct } from './save-fixtures.js';
import { attributed, BENCH_SECRET, describe, startService, type ServiceProcess } from './service-process.js';

const env = process.env;
const ANALYSE = Number(env.BENCH_ANALYSIS_IMAGES ?? 10_000);
const SOURCES = Number(env.BENCH_ANALYSIS_SOURCES ?? 40);
const CONCURRENCY = env.ANALYSIS_CONCURRENCY ?? '1';
const CAP_S = Number(env.BENCH_ANALYSIS_SECONDS ?? 0);
const IMAGES = Number(env.BENCH_IMAGES ?? 300_000);
const PACED_N = Number(env.BENCH_PACED_OPERATORS ?? 64);
const PACE_MS = Number(env.BENCH_PACE_MS ?? 500);
const WINDOW_S = Number(env.BENCH_SECONDS ?? 30);
const CLOSED_N = Number(env.BENCH_CLOSED_OPERATORS ?? 32);
const CLOSED_S = Number(env.BENCH_CLOSED_SECONDS ?? 10);
const WORKERS = env.BENCH_WEB_CONCURRENCY ?? '1';
const POOL = env.DB_POOL_SIZE ?? '16';
const LAYOUT = env.ANALYSIS_PROCESS ?? 'separate';
const NICE = env.ANALYSIS_NICE ?? '10';
const SHARE = env.ANALYSIS_CPU_SHARE; // unset: the service's default

const PROVIDER = 'Bench';
const ANALYSED = 'BenchAnalysis';

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const stamp = () => new Date().toISOString().slice(11, 19);

/** SOURCES distinct 1920×1080 JPEGs: two in three a real head, the others a drawn star, on six backgrounds. */
async function sources(storage: string): Promise<string[]> {
  const patches = await headPatches(new FaceDetector());
  const r = rng(19);
  const keys: string[] = [];
  mkdirSync(join(storage, 'bench-src'), { recursive: true });
  for (let i = 0; i < SOURCES; i++) {
    const background = BACKGROUNDS[i % BACKGROUNDS.length];
    const star = () => {
      const h = Math.round(1080 * (0.15 + r() * 0.45));
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${h}" height="${h}"><circle cx="${h / 2}" cy="${h / 2}" r="${h / 2.2}" fill="rgb(${Math.floor(r() * 256)},90,40)"/></svg>`;
      return sharp(Buffer.from(svg))
        .png()
        .toBuffer()
        .then((png) => ({ png, width: h, height: h, face: { x: 0, y: 0, width: h, height: h } }));
    };
    const patch = i % 3 === 2 ? await star() : patches[Math.floor(r() * patches.length)];
    const img = await composite({
      width: 1920,
      height: 1080,
      background,
      patch,
      scale: 0.15 + r() * 0.5,
      at: { x: r(), y: r() },
      seed: 1900 + i,
    });
    const key = `bench-src/${i}.jpg`;
    writeFileSync(join(storage, key), img.jpeg);
    keys.push(key);
  }
  return keys;
}

/**
 * The claimable images (their analysis rows removed: analysed long ago, they are not the queue measured)
 * and the ANALYSE images to analyse, whose rows the trigger queues; all in one transaction, so the worker
 * never sees the queue due before the bench releases it.
 */
async function seed(db: pg.Pool, ownBase: string, keys: string[]): Promise<void> {
  const t0 = performance.now();
  const c = await db.connect();
  try {
    await c.query('BEGIN');
    await c.query(SEED_CLAIMABLE, [PROVIDER, IMAGES]);
    await c.query(
      `DELETE FROM smartcrop_image_analysis a USING smartcrop_programimage p
        WHERE p.id = a.image_id AND p.provider_name = $1`,
      [PROVIDER],
    );
    await c.query(
      `WITH f AS (
         INSERT INTO smartcrop_inputfiles (input_file_ref, provider_name, program_id, program_title, image_url, rights_name,
                                           source_file, source_row)
         SELECT 'analyse-' || g, $1, 10000000 + g, 'Analysed ' || g, $3 || '/bench-src/' || (g % $4) || '.jpg',
                'TiVo Licensed', 'analyse.xlsx', g
           FROM generate_series(1, $2::int) g
         RETURNING input_file_ref, program_id, program_title, image_url, source_row
       )
       INSERT INTO smartcrop_programimage (link_object_id, provider_name, program_title, image_url, input_file_ref,
                                           width, height, status, created_at)
       SELECT program_id, $1, program_title, image_url, input_file_ref, 1920, 1080, 1, now() - interval '2 days'
         FROM f`,
      [ANALYSED, ANALYSE, ownBase, keys.length],
    );
    // pending, not due: analysis off until the bench releases the queue
    await c.query(`UPDATE smartcrop_image_analysis SET next_attempt_at = 'infinity'`);
    await c.query('COMMIT');
  } finally {
    c.release();
  }
  // operator done goes straight to Completed: every claim takes a fresh programme off the queue
  await db.query(`INSERT INTO smartcrop_rule (status, percentage) VALUES (2, 0)`);
  await db.query('VACUUM ANALYZE smartcrop_programimage');
  await db.query('VACUUM ANALYZE smartcrop_image_analysis');
  console.log(
    `seeded ${IMAGES} claimable images and ${ANALYSE} queued for analysis (${keys.length} distinct sources) ` +
      `in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

interface Counts {
  done: number;
  failed: number;
  left: number;
}

async function counts(db: pg.Pool): Promise<Counts> {
  const { rows } = await db.query<{ state: string; n: number }>(
    'SELECT state, count(*)::int AS n FROM smartcrop_image_analysis GROUP BY state',
  );
  const n = (s: string) => rows.find((r) => r.state === s)?.n ?? 0;
  return { done: n('done'), failed: n('failed'), left: n('pending') + n('running') };
}

const merge = (rs: LoadResult[]): LoadResult => ({
  claims: rs.reduce((s, r) => s + r.claims, 0),
  seconds: rs.reduce((s, r) => s + r.seconds, 0),
  latencies: rs.flatMap((r) => r.latencies),
  perSecond: rs.flatMap((r) => r.perSecond),
});

const line = (label: string, r: LoadResult) =>
  `${label.padEnd(34)} ${(r.claims / r.seconds).toFixed(1).padStart(7)} claims/s  p50 ${pct(r.latencies, 50)
    .toFixed(1)
    .padStart(6)}  p95 ${pct(r.latencies, 95).toFixed(1).padStart(6)}  p99 ${pct(r.latencies, 99)
    .toFixed(1)
    .padStart(6)} ms per cycle`;

/** The service's analysis process (PROCESS_ROLE=worker) under `root`, if the layout has one. */
function analysisProcess(root: number): number | undefined {
  return treePids(root).find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes('PROCESS_ROLE=worker');
    } catch {
      return false;
    }
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'smartcrop-analysis-bench-'));
  chmodSync(dir, 0o755); // as root, the embedded server runs as `postgres` and must reach its data dir
  const embedded = env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(join(dir, 'pg'), 0, { persistent: false, durable: true });
  const url = env.DATABASE_URL ?? embedded!.url;
  const db = new pg.Pool({ connectionString: url, max: 8 });
  db.on('error', () => undefined);
  const keys = await sources(join(dir, 'storage'));
  let svc: ServiceProcess | undefined;
  try {
    svc = await startService(url, dir, {
      DB_POOL_SIZE: POOL,
      WEB_CONCURRENCY: WORKERS,
      PROCESS_ROLE: 'all',
      ANALYSIS_PROCESS: LAYOUT,
      ANALYSIS_NICE: NICE,
      ...(SHARE ? { ANALYSIS_CPU_SHARE: SHARE } : {}),
      ANALYSIS_CONCURRENCY: CONCURRENCY,
      // the disk storage recognises its own URLs by this base (+ /files)
      PUBLIC_BASE_URL: 'http://storage.bench.local',
    });
    const service = svc;
    const worker = analysisProcess(service.child.pid!);
    const [{ pid: backend }] = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    const postmaster = parentOf(backend);
    // commit flushes are timed (pg_stat_io.fsync_time for WAL), as in bench:claim
    await db.query('ALTER SYSTEM SET track_wal_io_timing = on');
    await db.query('SELECT pg_reload_conf()');
    const jwt = new JwtService({ secret: BENCH_SECRET });
    const users = (
      await db.query<{ id: number }>(
        `INSERT INTO smartcrop_user (email, first_name, last_name, password_hash, role_id)
         SELECT 'bench' || g || '@bench.local', 'Bench', 'Op', 'x', (SELECT id FROM smartcrop_role WHERE role = 'Operator')
           FROM generate_series(1, $1::int) g RETURNING id`,
        [Math.max(PACED_N, CLOSED_N)],
      )
    ).rows;
    const operators = await Promise.all(
      users.map(async (u) => ({ id: u.id, token: await jwt.signAsync({ sub: u.id, role: 'Operator' }) })),
    );
    await seed(db, 'http://storage.bench.local/files', keys);
    console.log(
      `service: WEB_CONCURRENCY ${WORKERS}, DB_POOL_SIZE ${POOL}, ` +
        (worker
          ? `PROCESS_ROLE=all, ANALYSIS_PROCESS=separate (analysis process pid ${worker}, nice ${NICE}), `
          : 'PROCESS_ROLE=all, ANALYSIS_PROCESS=inline (analysis in HTTP worker 1), ') +
        `ANALYSIS_CONCURRENCY ${CONCURRENCY}, ANALYSIS_CPU_SHARE ${SHARE ?? 'default (50 with PROCESS_ROLE=all)'}; ` +
        `paced ${PACED_N} operators, one claim + done each per ${PACE_MS} ms (${((PACED_N * 1000) / PACE_MS).toFixed(0)}/s offered), ` +
        `${WINDOW_S} s windows; closed loop ${CLOSED_N} operators for ${CLOSED_S} s`,
    );

    const paced = () =>
      runHttpLoad({
        base: service.base,
        provider: PROVIDER,
        operators: operators.slice(0, PACED_N),
        seconds: WINDOW_S,
        cycleMs: PACE_MS,
        warmupMs: 1000,
      });
    const closed = () =>
      runHttpLoad({
        base: service.base,
        provider: PROVIDER,
        operators: operators.slice(0, CLOSED_N),
        seconds: CLOSED_S,
        warmupMs: 1000,
      });
    const phase = async <T>(name: string, run: () => Promise<T>) => {
      console.log(`\n${stamp()} ${name}: load average ${load()} at the start`);
      const cpu0 = treeCpuMs(service.child.pid!);
      const w0 = worker ? treeCpuMs(worker) : 0;
      const t0 = performance.now();
      const { result, a } = await attributed(service, db, postmaster, run);
      const s = (performance.now() - t0) / 1000;
      const cpu = treeCpuMs(service.child.pid!) - cpu0;
      const w = worker ? treeCpuMs(worker) - w0 : 0;
      console.log(
        `${stamp()} ${name}: load average ${load()} at the end; service CPU ${((100 * cpu) / 1000 / s).toFixed(0)}% of a core, ` +
          (worker ? `of which the analysis process ${((100 * w) / 1000 / s).toFixed(0)}%, ` : '') +
          `PostgreSQL ${((100 * a.cpu.pg) / 1000 / a.seconds).toFixed(0)}% over ${s.toFixed(0)} s`,
      );
      return { result, a };
    };

    // an unmeasured paced window first: the first one on a fresh service is cold (JIT, sockets, plans)
    await paced();
    // (a) analysis off
    const offBefore = await phase('(a) analysis off, paced', paced);
    for (const l of describe(offBefore.a, offBefore.result.claims * 2)) console.log(l);
    const closedOff =
      CLOSED_S > 0 ? (await phase('(a) analysis off, closed loop', closed)).result : undefined;

    // (b) the queue due: the worker takes it at its next poll
    await db.query(
      `UPDATE smartcrop_image_analysis SET next_attempt_at = now() WHERE next_attempt_at = 'infinity'`,
    );
    const t0 = performance.now();
    const closedOn = CLOSED_S > 0 ? (await phase('(b) analysis on, closed loop', closed)).result : undefined;
    const windows: LoadResult[] = [];
    let analysed = 0;
    const on = await phase('(b) analysis on, paced', async () => {
      for (;;) {
        const w = await paced();
        windows.push(w);
        const c = await counts(db);
        analysed = c.done + c.failed;
        const elapsed = (performance.now() - t0) / 1000;
        console.log(
          `  ${stamp()} ${line(`window ${windows.length}`, w).trim()}; analysed ${analysed} ` +
            `(${c.failed} failed, ${c.left} left), ${(analysed / elapsed).toFixed(2)} images/s so far, load ${load()}`,
        );
        if (c.left === 0 || (CAP_S > 0 && elapsed >= CAP_S)) return merge(windows);
      }
    });
    const elapsed = (performance.now() - t0) / 1000;
    for (const l of describe(on.a, on.result.claims * 2)) console.log(l);
    const left = (await counts(db)).left;

    // (c) analysis off again (the queue is done or paused as in (a)): what drifted meanwhile
    await db.query(
      `UPDATE smartcrop_image_analysis SET next_attempt_at = 'infinity' WHERE state = 'pending'`,
    );
    const offAfter = await phase('(c) analysis off again, paced', paced);

    const rate = analysed / elapsed;
    console.log('\nsummary');
    console.log(line('(a) paced, analysis off', offBefore.result));
    console.log(line('(b) paced, analysis on', on.result));
    console.log(line('(c) paced, analysis off, after', offAfter.result));
    const ratio = (p: number, off: LoadResult) =>
      (pct(on.result.latencies, p) / pct(off.latencies, p)).toFixed(2);
    console.log(
      `on/off (a): p50 ${ratio(50, offBefore.result)}x  p95 ${ratio(95, offBefore.result)}x  p99 ${ratio(99, offBefore.result)}x; ` +
        `on/off (c): p50 ${ratio(50, offAfter.result)}x  p95 ${ratio(95, offAfter.result)}x  p99 ${ratio(99, offAfter.result)}x`,
    );
    if (closedOff && closedOn)
      console.log(
        `closed loop, ${CLOSED_N} operators: ${(closedOff.claims / closedOff.seconds).toFixed(1)} claims/s off, ` +
          `${(closedOn.claims / closedOn.seconds).toFixed(1)} on (${(closedOn.claims / closedOn.seconds / (closedOff.claims / closedOff.seconds)).toFixed(2)}x)`,
      );
    console.log(
      `analysis: ${analysed} of ${ANALYSE} in ${elapsed.toFixed(0)} s, ${rate.toFixed(2)} images/s` +
        (left > 0
          ? `; ${left} left, ${ANALYSE} projected in ${(ANALYSE / rate).toFixed(0)} s`
          : `; all done in ${(elapsed / 60).toFixed(1)} min`),
    );
  } finally {
    await svc?.stop();
    await db.end();
    await embedded?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
