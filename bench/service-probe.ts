/**
 * Loaded into the service under a benchmark (`node --import dist/bench/service-probe.js dist/src/main.js`;
 * cluster workers inherit the flag): records, per process, where a request's time can go besides work:
 * - event-loop delay (perf_hooks monitorEventLoopDelay, 10 ms resolution): the loop blocked or not scheduled;
 * - GC pauses (PerformanceObserver 'gc');
 * - pool waits: from a query's ask for a connection (pg-pool's connect) to the connection handed over;
 * - database round trips per statement kind (claim, transition, lock sweep, other): from pg's query()
 *   to its answer on the connection;
 * - server time per HTTP request (diagnostics_channel: request start to response finish).
 * On SIGUSR2 it writes what it saw since the last signal to $SMARTCROP_PROBE_DIR/<pid>.json and starts over.
 * Nothing here changes the service's behaviour; without SMARTCROP_PROBE_DIR it does nothing.
 */
import { subscribe } from 'node:diagnostics_channel';
import { renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  PerformanceObserver,
  constants,
  createHistogram,
  monitorEventLoopDelay,
  performance,
  type RecordableHistogram,
} from 'node:perf_hooks';

export interface HistogramSummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  /** sum of all samples, ms */
  total: number;
}

export interface ProbeReport {
  pid: number;
  worker: string;
  loopDelay: { p50: number; p99: number; max: number };
  gc: HistogramSummary;
  /** the mark-compact (full) collections among them */
  gcMajor: HistogramSummary;
  poolWait: HistogramSummary;
  /** new connections: connect and authenticate */
  connects: HistogramSummary;
  db: Record<string, HistogramSummary>;
  server: HistogramSummary;
}

const dir = process.env.SMARTCROP_PROBE_DIR;

/** A histogram of ms values, kept in µs (perf_hooks histograms hold integers). */
class Ms {
  private h: RecordableHistogram = createHistogram();
  private sum = 0;
  record(ms: number): void {
    const us = Math.max(1, Math.round(ms * 1000));
    this.h.record(us);
    this.sum += ms;
  }
  take(): HistogramSummary {
    const h = this.h;
    const out = {
      count: h.count,
      p50: h.count ? h.percentile(50) / 1000 : 0,
      p99: h.count ? h.percentile(99) / 1000 : 0,
      max: h.count ? h.max / 1000 : 0,
      total: this.sum,
    };
    this.h = createHistogram();
    this.sum = 0;
    return out;
  }
}

function kindOf(text: unknown): string {
  if (typeof text !== 'string') return 'other';
  if (text.includes('head_queued AS')) return 'claim';
  if (text.includes('), target AS') && text.includes('moved AS')) return 'transition';
  if (text.includes('WITH stale AS')) return 'sweep';
  return 'other';
}

if (dir) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const gc = new Ms();
  const gcMajor = new Ms();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.record(e.duration);
      if (
        (e as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR
      )
        gcMajor.record(e.duration);
    }
  }).observe({ entryTypes: ['gc'] });

  const require = createRequire(import.meta.url);
  // the service's own pg (CommonJS, one instance per process): pg-pool's Pool is the prototype of pg.Pool's
  const pg = require('pg') as {
    Pool: { prototype: object };
    Client: {
      prototype: { query: (...a: unknown[]) => unknown; connect: (...a: unknown[]) => unknown };
    };
  };
  const poolProto = Object.getPrototypeOf(pg.Pool.prototype) as {
    connect: (cb?: (...a: unknown[]) => void) => unknown;
  };
  const poolWait = new Ms();
  const connect = poolProto.connect;
  poolProto.connect = function (this: unknown, cb?: (...a: unknown[]) => void) {
    const t0 = performance.now();
    if (typeof cb === 'function')
      return connect.call(this, (...a: unknown[]) => {
        poolWait.record(performance.now() - t0);
        cb(...a);
      });
    return (connect.call(this) as Promise<unknown>).then((c) => {
      poolWait.record(performance.now() - t0);
      return c;
    });
  };

  const connects = new Ms();
  const clientConnect = pg.Client.prototype.connect;
  pg.Client.prototype.connect = function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (...a: unknown[]) => {
        connects.record(performance.now() - t0);
        (last as (...x: unknown[]) => void)(...a);
      };
      return clientConnect.apply(this, args);
    }
    const result = clientConnect.apply(this, args);
    if (result instanceof Promise) void result.then(() => connects.record(performance.now() - t0));
    return result;
  };

  const db = new Map<string, Ms>();
  const dbOf = (k: string) => db.get(k) ?? db.set(k, new Ms()).get(k)!;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const named = typeof first === 'object' && first !== null ? (first as { name?: string }).name : undefined;
    // a named statement this connection has not prepared yet is parsed and planned first
    const parsed = (this as { connection?: { parsedStatements?: Record<string, unknown> } }).connection
      ?.parsedStatements;
    const preparing = named !== undefined && parsed !== undefined && !(named in parsed);
    const kind = kindOf(typeof first === 'string' ? first : first?.text);
    const h = dbOf(preparing ? `${kind} (preparing)` : kind);
    const t0 = performance.now();
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (...a: unknown[]) => {
        h.record(performance.now() - t0);
        (last as (...x: unknown[]) => void)(...a);
      };
      return query.apply(this, args);
    }
    const result = query.apply(this, args);
    if (result instanceof Promise)
      result.then(
        () => h.record(performance.now() - t0),
        () => undefined,
      );
    return result;
  };

  const server = new Ms();
  const started = new WeakMap<object, number>();
  subscribe('http.server.request.start', (m) =>
    started.set((m as { request: object }).request, performance.now()),
  );
  subscribe('http.server.response.finish', (m) => {
    const t0 = started.get((m as { request: object }).request);
    if (t0 !== undefined) server.record(performance.now() - t0);
  });

  process.on('SIGUSR2', () => {
    const report: ProbeReport = {
      pid: process.pid,
      worker: process.env.SMARTCROP_WORKER ?? 'primary',
      loopDelay: {
        p50: loop.percentile(50) / 1e6,
        p99: loop.percentile(99) / 1e6,
        max: loop.max / 1e6,
      },
      gc: gc.take(),
      gcMajor: gcMajor.take(),
      poolWait: poolWait.take(),
      connects: connects.take(),
      db: Object.fromEntries([...db].map(([k, h]) => [k, h.take()])),
      server: server.take(),
    };
    loop.reset();
    // written whole, then renamed: the bench reads it as soon as it appears
    const file = join(dir, `${process.pid}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(report));
    renameSync(`${file}.tmp`, file);
  });
}
