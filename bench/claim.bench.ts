/**
 * Claim throughput: N concurrent operators claiming and finishing through HTTP against the service as
 * production runs it (the built entry in a child process, WEB_CONCURRENCY workers; the load from a worker
 * thread), and the app's own claim and operator-done statements driven raw against the same database; 64
 * paced operators on the fresh queue (also with synchronous_commit off, the commit-flush experiment) and
 * again after those phases and after a quiet spell; and a sustained run comparing the first and last window's rate.
 * Every HTTP phase prints where a request's time can go besides work (bench/service-probe.ts and
 * bench/service-process.ts): server time per request, event-loop delay, GC pauses, pool waits, database
 * round trips per statement (claim, transition, the lock sweep), time spent waiting for a core (the
 * scheduler's run queue) by the service and by PostgreSQL, WAL fsyncs and autovacuum.
 * Prints figures and the claim's generic plan at both ends of the queue; asserts nothing.
 *
 *   npm run bench:claim
 *
 * Env: DATABASE_URL (else an embedded PostgreSQL in a temp dir), BENCH_IMAGES (100000), BENCH_CONCURRENCY
 * ("8,32,64"), BENCH_SECONDS per phase (5), BENCH_PACED_OPERATORS (64), BENCH_PACE_MS (500),
 * BENCH_SUSTAIN_SECONDS (20; 600 for the ten-minute figure, with BENCH_IMAGES=300000),
 * BENCH_SUSTAIN_CONCURRENCY (32), BENCH_QUIET_SECONDS (12: the pause before the last paced run), BENCH_WEB_CONCURRENCY (the service's workers; the number of cores),
 * DB_POOL_SIZE (each worker's pool, 16 as the service's default), BENCH_DURABLE (1; 0 skips disk flushes), BENCH_SERVICE_FLAGS
 * (node flags for the service, e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/infra/database/embedded-postgres.js';
import { CLAIM_SQL } from '../src/smartcrop/claim.repository.js';
import { TRANSITION } from '../src/smartcrop/image.repository.js';
import { runHttpLoad, runOperators, SEED_CLAIMABLE, type LoadResult } from './http-load.js';
import { parentOf } from './proc-stat.js';
import { attributed, BENCH_SECRET, describe, startService } from './service-process.js';

const env = process.env;
const IMAGES = Number(env.BENCH_IMAGES ?? 100_000);
const LEVELS = (env.BENCH_CONCURRENCY ?? '8,32,64').split(',').map(Number);
const SECONDS = Number(env.BENCH_SECONDS ?? 5);
const SUSTAIN = Number(env.BENCH_SUSTAIN_SECONDS ?? 20);
const SUSTAIN_N = Number(env.BENCH_SUSTAIN_CONCURRENCY ?? 32);
const PACED_N = Number(env.BENCH_PACED_OPERATORS ?? 64);
const PACE_MS = Number(env.BENCH_PACE_MS ?? 500);
const QUIET_MS = Number(env.BENCH_QUIET_SECONDS ?? 12) * 1000;
const POOL = env.DB_POOL_SIZE ?? '16';
const WORKERS = env.BENCH_WEB_CONCURRENCY ?? String(availableParallelism());
const PROVIDER = 'Bench';
const TTL = 120;
const BATCH = 25;

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (n: number, d = 1) => n.toFixed(d).padStart(8);

async function seed(db: pg.Pool, images: number): Promise<void> {
  const t0 = performance.now();
  await db.query(SEED_CLAIMABLE, [PROVIDER, images]);
  // operator done goes straight to Completed: every claim takes a fresh programme off the queue
  await db.query(`INSERT INTO smartcrop_rule (status, percentage) VALUES (2, 0)`);
  await db.query('VACUUM ANALYZE smartcrop_programimage');
  console.log(`seeded ${images} queued images in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/**
 * Prints the claim's plan as the app runs it: a prepared statement, shown with the generic plan the
 * server may switch to after a few executions (custom plans only differ by using the literal values).
 */
async function explain(db: pg.Pool, label: string, userId: number): Promise<void> {
  const c = await db.connect();
  try {
    await c.query('BEGIN');
    await c.query('SET LOCAL plan_cache_mode = force_generic_plan');
    await c.query(`PREPARE bench_explain AS ${CLAIM_SQL}`);
    const plan = await c.query(
      `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
       EXECUTE bench_explain('${PROVIDER}', 1, ${userId}, ${BATCH}, '-infinity', 0, ${TTL})`,
    );
    console.log(`\n-- claim plan (generic), ${label}`);
    for (const row of plan.rows as { 'QUERY PLAN': string }[]) console.log(row['QUERY PLAN']);
  } finally {
    await c.query('ROLLBACK');
    await c.query('DEALLOCATE bench_explain');
    c.release();
  }
}

async function main(): Promise<void> {
  const maxN = Math.max(...LEVELS, SUSTAIN_N, PACED_N);
  const dir = mkdtempSync(join(tmpdir(), 'smartcrop-claim-bench-'));
  chmodSync(dir, 0o755); // as root, the embedded server runs as `postgres` and must reach its data dir
  // the claim is measured on a durable database, as production runs it (BENCH_DURABLE=0: without disk
  // flushes, to tell the disk's share of the latency from the CPU's)
  const embedded = env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(join(dir, 'pg'), 0, {
        persistent: false,
        durable: env.BENCH_DURABLE !== '0',
      });
  const url = env.DATABASE_URL ?? embedded!.url;
  const db = new pg.Pool({ connectionString: url, max: maxN + 4 });
  db.on('error', () => undefined);
  // the service as production runs it: the built entry, every core (WEB_CONCURRENCY), in its own process;
  // without image analysis, which would otherwise work through every seeded image (unreachable URLs) beside
  // the claims (bench:analysis measures claims beside analysis)
  const svc = await startService(
    url,
    dir,
    { DB_POOL_SIZE: POOL, WEB_CONCURRENCY: WORKERS, ANALYSIS_CONCURRENCY: '0' },
    (env.BENCH_SERVICE_FLAGS ?? '').split(' ').filter(Boolean),
  );
  const base = svc.base;
  const jwt = new JwtService({ secret: BENCH_SECRET });
  console.log(
    `service: WEB_CONCURRENCY ${WORKERS}, DB_POOL_SIZE ${POOL} per worker; ${IMAGES} images; ${SECONDS} s per phase; ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (the machine may be shared)`,
  );

  try {
    // commit flushes are timed (pg_stat_io.fsync_time for WAL)
    await db.query('ALTER SYSTEM SET track_wal_io_timing = on');
    await db.query('SELECT pg_reload_conf()');
    const [{ pid: backend }] = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    const postmaster = parentOf(backend);
    const users: { id: number; token: string }[] = [];
    const rows = await db.query<{ id: number }>(
      `INSERT INTO smartcrop_user (email, first_name, last_name, password_hash, role_id)
       SELECT 'bench' || g || '@bench.local', 'Bench', 'Op', 'x', (SELECT id FROM smartcrop_role WHERE role = 'Operator')
         FROM generate_series(1, $1::int) g RETURNING id`,
      [maxN * 2],
    );
    for (const r of rows.rows)
      users.push({ id: r.id, token: await jwt.signAsync({ sub: r.id, role: 'Operator' }) });
    await seed(db, IMAGES);
    await explain(db, `full queue (${IMAGES} queued)`, users[0].id);

    // operators [0, maxN) work over HTTP (from a worker thread), [maxN, 2 maxN) raw
    // each run starts with a second of unmeasured cycles: new sockets and a cold worker
    const httpRun = (n: number, seconds: number, cycleMs?: number) =>
      runHttpLoad({
        base,
        provider: PROVIDER,
        operators: users.slice(0, n),
        seconds,
        cycleMs,
        warmupMs: 1000,
      });

    // the raw side runs the app's own two statements as the app does (prepared per connection, with the
    // keyset hint): the claim, then operator-done for the programme; the difference is what HTTP costs
    let rawHint: [Date | string, string] = ['-infinity', '0'];
    const rawOnce = (offset: number) => async (w: number) => {
      const u = users[offset + w];
      const got = await db.query<{ link_object_id: string; created_at: Date; id: string }>({
        name: 'bench_claim',
        text: CLAIM_SQL,
        values: [PROVIDER, 1, u.id, BATCH, ...rawHint, TTL],
      });
      if (got.rows.length === 0) return false;
      rawHint = [got.rows[0].created_at, String(got.rows[0].id)];
      await db.query({
        name: 'bench_done',
        text: TRANSITION.operator_done.text,
        values: [[], u.id, null, [1], got.rows[0].link_object_id],
      });
      return true;
    };

    // Back to back, latency is bound to N / throughput (Little's law), so at 64 operators it reflects the
    // machine's capacity. Paced, PACED_N operators each starting a cycle every PACE_MS: the latency one sees
    // at the desk when the server is not saturated; measured on the fresh queue first, and again after the
    // closed-loop phases have saturated the machine.
    // Every HTTP phase is attributed (bench/service-process.ts): event-loop delay, GC pauses, pool waits and
    // database round trips inside the service, the scheduler's run queue, WAL flushes and autovacuum.
    const measured = async (run: () => Promise<LoadResult>) => {
      const { result, a } = await attributed(svc, db, postmaster, run);
      return { r: result, a };
    };
    const pacedRun = () => measured(() => httpRun(PACED_N, SECONDS * 2, PACE_MS));
    const printPaced = (when: string, { r, a }: Awaited<ReturnType<typeof pacedRun>>) => {
      console.log(
        `\npaced, ${when}: ${PACED_N} operators, one cycle each per ${PACE_MS} ms ` +
          `(${((PACED_N * 1000) / PACE_MS).toFixed(0)}/s offered): ${(r.claims / r.seconds).toFixed(1)} claims/s, ` +
          `p50 ${pct(r.latencies, 50).toFixed(2)} ms, p99 ${pct(r.latencies, 99).toFixed(2)} ms per cycle`,
      );
      for (const line of describe(a, r.claims * (1 + 1 / (SECONDS * 2)))) console.log(line);
    };
    printPaced('on the fresh queue', await pacedRun());
    // the commit-flush experiment: the same paced run with commits not waiting for the WAL flush
    await db.query('ALTER SYSTEM SET synchronous_commit = off');
    await db.query('SELECT pg_reload_conf()');
    printPaced('on the fresh queue, synchronous_commit off (experiment)', await pacedRun());
    await db.query('ALTER SYSTEM RESET synchronous_commit');
    await db.query('SELECT pg_reload_conf()');

    console.log(`\n   N | HTTP claims/s   p50 ms   p99 ms |  raw claims/s   p50 ms   p99 ms | HTTP/raw`);
    const closed: string[] = [];
    for (const n of LEVELS) {
      const { r: h, a } = await measured(() => httpRun(n, SECONDS));
      closed.push(`N=${n} over HTTP:`, ...describe(a, h.claims * (1 + 1 / SECONDS)));
      const r = await runOperators({ count: n, seconds: SECONDS, warmupMs: 1000 }, rawOnce(maxN));
      const hr = h.claims / h.seconds;
      const rr = r.claims / r.seconds;
      console.log(
        `${String(n).padStart(4)} | ${fmt(hr)} ${fmt(pct(h.latencies, 50), 2)} ${fmt(pct(h.latencies, 99), 2)} |` +
          ` ${fmt(rr)} ${fmt(pct(r.latencies, 50), 2)} ${fmt(pct(r.latencies, 99), 2)} | ${fmt(hr / rr, 2)}`,
      );
    }
    console.log(
      '(latency is one operator cycle: claim, then operator-done; raw runs the same two statements directly)',
    );
    for (const line of closed) console.log(line);

    printPaced('right after the closed-loop phases', await pacedRun());
    // a quiet spell longer than pg-pool's idle timeout (10 s): the desk between bursts
    await new Promise((r) => setTimeout(r, QUIET_MS));
    printPaced(`after ${QUIET_MS / 1000} s without requests`, await pacedRun());

    const s = await httpRun(SUSTAIN_N, SUSTAIN);
    const window = Math.max(1, Math.min(60, Math.floor(SUSTAIN / 4)));
    const secs = Array.from({ length: Math.floor(s.seconds) }, (_, i) => s.perSecond[i] ?? 0);
    const first = secs.slice(0, window).reduce((a, b) => a + b, 0) / window;
    const last = secs.slice(-window).reduce((a, b) => a + b, 0) / window;
    console.log(
      `\nsustained ${SUSTAIN} s at N=${SUSTAIN_N} over HTTP: ${s.claims} claims; first ${window} s ${first.toFixed(0)}/s, ` +
        `last ${window} s ${last.toFixed(0)}/s, ratio ${(last / first).toFixed(2)}, p99 ${pct(s.latencies, 99).toFixed(1)} ms`,
    );

    const windows: string[] = [];
    for (let w = 0; w + window <= secs.length; w += window)
      windows.push((secs.slice(w, w + window).reduce((a, b) => a + b, 0) / window).toFixed(0));
    console.log(`claims/s per ${window} s window: ${windows.join(' ')}`);

    const [{ left }] = (
      await db.query<{ left: string }>(
        `SELECT count(*) AS left FROM smartcrop_programimage WHERE provider_name = $1 AND status = 1 AND current_state = 0`,
        [PROVIDER],
      )
    ).rows;
    await explain(db, `after the run (${left} still queued, dead entries not vacuumed)`, users[0].id);
    await db.query(
      `UPDATE smartcrop_programimage SET status = 3 WHERE provider_name = $1 AND status = 1 AND current_state = 0
          AND id NOT IN (SELECT id FROM smartcrop_programimage WHERE provider_name = $1 AND status = 1 AND current_state = 0
                          ORDER BY created_at DESC LIMIT 50)`,
      [PROVIDER],
    );
    await explain(db, 'near-empty queue (50 queued, not vacuumed)', users[0].id);
    await db.query('VACUUM ANALYZE smartcrop_programimage');
    await explain(db, 'near-empty queue (50 queued, after VACUUM ANALYZE)', users[0].id);
  } finally {
    await svc.stop();
    await db.end();
    await embedded?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
