/**
 * The service as production runs it, for a benchmark: the built entry (dist/src/main.js) in a child
 * process, with WEB_CONCURRENCY workers, and bench/service-probe.ts loaded into every process of it; and
 * the readings that attribute a latency tail (the probe's, the scheduler's, PostgreSQL's).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { BENCH_JWT_SECRET, benchEnv } from './bench-env.js';
import { treeCpuMs, treePids, treeRunDelayMs } from './proc-stat.js';
import type { HistogramSummary, ProbeReport } from './service-probe.js';

/** The signing secret of the benchmarked service (bench-env.ts), so a bench can sign its own tokens. */
export const BENCH_SECRET = BENCH_JWT_SECRET;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

export interface ServiceProcess {
  child: ChildProcess;
  base: string;
  probeDir: string;
  stop(): Promise<void>;
}

/** Starts the service on `url` (it applies the migrations) and waits until every worker listens. */
export async function startService(
  url: string,
  dir: string,
  extraEnv: Record<string, string>,
  flags: string[] = [],
): Promise<ServiceProcess> {
  const port = await freePort();
  const probeDir = join(dir, 'probe');
  mkdirSync(probeDir, { recursive: true });
  const probe = new URL('./service-probe.js', import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    [...flags, '--import', probe, new URL('../src/main.js', import.meta.url).pathname],
    {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        ...benchEnv(dir, url, {
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          SMARTCROP_PROBE_DIR: probeDir,
          ...extraEnv,
        }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  // the startup summary ('listening ...') comes once every worker listens; /health/live answers as soon
  // as the first does, and a phase started then would meet one worker still booting
  let out = '';
  const listening = new Promise<void>((resolve) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (!/\blistening\b/.test(out)) return;
      resolve();
    };
    child.stdout.on('data', onData);
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    const up = await fetch(`${base}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) {
      await listening;
      return { child, base, probeDir, stop };
    }
    if (i > 1800) {
      await stop();
      throw new Error('the service did not start in 3 minutes');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Asks every process of the service for its probe report (since the last ask) and reads them. */
export async function probeReports(svc: ServiceProcess): Promise<ProbeReport[]> {
  for (const f of readdirSync(svc.probeDir)) rmSync(join(svc.probeDir, f), { force: true });
  const pids = treePids(svc.child.pid!).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'node';
    } catch {
      return false;
    }
  });
  for (const p of pids) process.kill(p, 'SIGUSR2');
  const done = () => readdirSync(svc.probeDir).filter((f) => f.endsWith('.json'));
  for (let i = 0; i < 250 && done().length < pids.length; i++) await new Promise((r) => setTimeout(r, 20));
  return done().map((f) => JSON.parse(readFileSync(join(svc.probeDir, f), 'utf8')) as ProbeReport);
}

interface DbCounters {
  walFsyncs: number;
  walFsyncMs: number;
  walBytes: number;
  autovacuums: number;
  checkpoints: number;
}

async function dbCounters(db: pg.Pool): Promise<DbCounters> {
  const { rows } = await db.query<Record<keyof DbCounters, string>>(
    `SELECT (SELECT COALESCE(sum(fsyncs), 0) FROM pg_stat_io WHERE object = 'wal') AS "walFsyncs",
            (SELECT COALESCE(sum(fsync_time), 0) FROM pg_stat_io WHERE object = 'wal') AS "walFsyncMs",
            (SELECT wal_bytes FROM pg_stat_wal) AS "walBytes",
            (SELECT COALESCE(sum(autovacuum_count + autoanalyze_count), 0) FROM pg_stat_user_tables) AS autovacuums,
            (SELECT num_done FROM pg_stat_checkpointer) AS checkpoints`,
  );
  const r = rows[0];
  return {
    walFsyncs: Number(r.walFsyncs),
    walFsyncMs: Number(r.walFsyncMs),
    walBytes: Number(r.walBytes),
    autovacuums: Number(r.autovacuums),
    checkpoints: Number(r.checkpoints),
  };
}

/** The candidates for a latency tail, over one measured phase. */
export interface Attribution {
  seconds: number;
  loadAvg: number;
  reports: ProbeReport[];
  /** ms the service's processes and PostgreSQL's spent runnable, waiting for a core */
  runDelay: { service: number; pg: number };
  cpu: { service: number; pg: number };
  db: DbCounters;
  /** share of 100 ms samples with an autovacuum worker running */
  autovacuumBusy: number;
}

/**
 * Runs `phase` with every candidate measured: resets the probe, samples autovacuum every 100 ms and
 * reads the counters before and after (PostgreSQL's I/O counters are flushed by the backend that reads them
 * and by the others at most a second later: the read after waits that long).
 */
export async function attributed<T>(
  svc: ServiceProcess,
  db: pg.Pool,
  postmaster: number,
  phase: () => Promise<T>,
): Promise<{ result: T; a: Attribution }> {
  await probeReports(svc);
  const d0 = await dbCounters(db);
  const rd0 = { service: treeRunDelayMs(svc.child.pid!), pg: treeRunDelayMs(postmaster) };
  const cpu0 = { service: treeCpuMs(svc.child.pid!), pg: treeCpuMs(postmaster) };
  let samples = 0;
  let busy = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`,
      );
      samples++;
      if (rows[0].n > 0) busy++;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const t0 = performance.now();
  const load0 = loadavg()[0];
  const result = await phase();
  const seconds = (performance.now() - t0) / 1000;
  sampling = false;
  await sampler;
  const reports = await probeReports(svc);
  const rd1 = { service: treeRunDelayMs(svc.child.pid!), pg: treeRunDelayMs(postmaster) };
  const cpu1 = { service: treeCpuMs(svc.child.pid!), pg: treeCpuMs(postmaster) };
  await new Promise((r) => setTimeout(r, 1100));
  const d1 = await dbCounters(db);
  return {
    result,
    a: {
      seconds,
      loadAvg: (load0 + loadavg()[0]) / 2,
      reports,
      runDelay: { service: rd1.service - rd0.service, pg: rd1.pg - rd0.pg },
      cpu: { service: cpu1.service - cpu0.service, pg: cpu1.pg - cpu0.pg },
      db: {
        walFsyncs: d1.walFsyncs - d0.walFsyncs,
        walFsyncMs: d1.walFsyncMs - d0.walFsyncMs,
        walBytes: d1.walBytes - d0.walBytes,
        autovacuums: d1.autovacuums - d0.autovacuums,
        checkpoints: d1.checkpoints - d0.checkpoints,
      },
      autovacuumBusy: samples ? busy / samples : 0,
    },
  };
}

const worst = (xs: HistogramSummary[]) => ({
  count: xs.reduce((s, x) => s + x.count, 0),
  p99: Math.max(0, ...xs.map((x) => x.p99)),
  max: Math.max(0, ...xs.map((x) => x.max)),
  total: xs.reduce((s, x) => s + x.total, 0),
});

/** The attribution as lines of text: per candidate, what it can add to a request (per `cycles` cycles). */
export function describe(a: Attribution, cycles: number): string[] {
  const workers = a.reports.filter((r) => r.server.count > 0);
  const f = (n: number, d = 1) => n.toFixed(d);
  const server = worst(workers.map((r) => r.server));
  const gc = worst(workers.map((r) => r.gc));
  const major = worst(workers.map((r) => r.gcMajor));
  const pool = worst(workers.map((r) => r.poolWait));
  const connects = worst(workers.map((r) => r.connects));
  const kinds = [...new Set(workers.flatMap((r) => Object.keys(r.db)))].sort();
  const per = (ms: number) => f(ms / Math.max(1, cycles), 2);
  return [
    `  server time per request: p99 ${f(server.p99)} ms, max ${f(server.max)} ms (${server.count} requests, ${workers.length} HTTP processes)`,
    `  event-loop delay: p99 ${workers.map((r) => f(r.loopDelay.p99)).join('/')} ms, max ${workers.map((r) => f(r.loopDelay.max)).join('/')} ms per process`,
    `  GC: ${gc.count} pauses, max ${f(gc.max)} ms, ${f(gc.total / a.seconds)} ms/s; ` +
      `${major.count} of them full (mark-compact), max ${f(major.max)} ms`,
    `  pool wait: p99 ${f(pool.p99, 2)} ms, max ${f(pool.max)} ms (${pool.count} acquisitions); ` +
      `${connects.count} new connections, max ${f(connects.max)} ms to connect`,
    `  database round trip: ` +
      kinds
        .map((k) => {
          const h = worst(workers.map((r) => r.db[k]).filter(Boolean));
          return `${k} ${h.count}x p99 ${f(h.p99)} max ${f(h.max)} ms`;
        })
        .join(', '),
    `  waiting for a core (run queue): service ${per(a.runDelay.service)} ms/cycle, PostgreSQL ${per(a.runDelay.pg)} ms/cycle; ` +
      `CPU service ${per(a.cpu.service)} ms/cycle, PostgreSQL ${per(a.cpu.pg)} ms/cycle; load average ${f(a.loadAvg, 1)}`,
    `  commit flushes: ${a.db.walFsyncs} WAL fsyncs (${f(a.db.walFsyncs / Math.max(1, cycles), 2)}/cycle), ` +
      `${a.db.walFsyncs ? f(a.db.walFsyncMs / a.db.walFsyncs, 2) : '-'} ms each on average, ${f(a.db.walBytes / 1048576)} MB WAL; ` +
      `${a.db.checkpoints} checkpoints`,
    `  autovacuum: ${a.db.autovacuums} runs finished, a worker busy in ${f(a.autovacuumBusy * 100, 0)}% of the phase`,
  ];
}
