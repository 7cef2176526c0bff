import cluster, { type Worker } from 'node:cluster';
import { readdirSync } from 'node:fs';
import { availableParallelism, setPriority } from 'node:os';
import type { AddressInfo } from 'node:net';
import { analysesImages, type AppConfig } from './config/config.js';

/** What a worker tells the primary once it serves (an HTTP worker says where it listens). */
export interface WorkerReady {
  type: 'smartcrop:ready';
  address?: AddressInfo;
}

/** What the primary runs: `http` HTTP workers and, when `analysis` is given, one analysis process. */
export interface ClusterPlan {
  http: number;
  analysis?: { nice: number; concurrency: number; cpuShare: number };
}

/**
 * The processes `config` asks for, or undefined when this one process serves alone: several HTTP workers
 * (WEB_CONCURRENCY), or analysis beside HTTP (PROCESS_ROLE=all with ANALYSIS_PROCESS=separate, where
 * analysis runs at all) in a process of its own.
 */
export function clusterPlan(config: AppConfig): ClusterPlan | undefined {
  const { analysis } = config;
  const separate = analysis.role === 'all' && analysis.process === 'separate' && analysesImages(config);
  if (config.webConcurrency <= 1 && !separate) return undefined;
  return {
    http: config.webConcurrency,
    analysis: separate
      ? { nice: analysis.nice, concurrency: analysis.concurrency, cpuShare: analysis.cpuShare }
      : undefined,
  };
}

const RESTART_MS = 1_000;
const STOP_GRACE_MS = 30_000;

/** Settings a process of the cluster never runs twice: crons and the /metrics listener. */
const ONCE_ONLY = { BATCHJOB_CRON: '', DUMPDATA_CRON: '', FILEWATCHER_CRON: '', METRICS_PORT: '' };

/**
 * The environment of HTTP worker `index` (1-based) of `workers`: the primary's, pointed at the database it
 * resolved; every worker but the first serves HTTP only (no sweeper, no crons, no /metrics listener),
 * and the image budget is shared out so the workers together decode on every core once. When the plan
 * has an analysis process, every HTTP worker is `api` (it analyses nothing).
 */
export function workerEnv(
  index: number,
  workers: number,
  env: NodeJS.ProcessEnv,
  databaseUrl: string,
  separateAnalysis = false,
): Record<string, string> {
  const out: Record<string, string> = {
    SMARTCROP_WORKER: String(index),
    DATABASE_URL: databaseUrl,
    IMAGE_CONCURRENCY:
      env.IMAGE_CONCURRENCY || String(Math.max(1, Math.ceil(availableParallelism() / workers))),
  };
  if (separateAnalysis) out.PROCESS_ROLE = 'api';
  if (index > 1) Object.assign(out, { BACKGROUND_JOBS: 'false', ...ONCE_ONLY });
  return out;
}

/**
 * The environment of the analysis process: the same build with PROCESS_ROLE=worker (no HTTP listener), no
 * crons, no lock sweep and no /metrics listener (HTTP worker 1 keeps those), no user cache, a pool sized
 * to its slots, and the CPU share resolved here (a `worker` alone would default to all of it).
 */
export function analysisEnv(
  env: NodeJS.ProcessEnv,
  databaseUrl: string,
  { concurrency, cpuShare }: { concurrency: number; cpuShare: number },
): Record<string, string> {
  return {
    SMARTCROP_WORKER: 'analysis',
    DATABASE_URL: databaseUrl,
    PROCESS_ROLE: 'worker',
    WEB_CONCURRENCY: '1',
    LOCK_SWEEP_SECONDS: '0',
    USER_CACHE_SECONDS: '0', // it authenticates no one: no user cache, no LISTEN connection for it
    DB_POOL_SIZE: env.DB_POOL_SIZE || String(concurrency + 2),
    ANALYSIS_CPU_SHARE: String(cpuShare),
    ...ONCE_ONLY,
  };
}

/**
 * Lowers the CPU priority of process `pid`. Linux keeps a nice value per thread and a new thread takes its
 * creator's, so every thread there now is set (the libuv pool and libvips start theirs later, from these).
 */
export function renice(pid: number, nice: number): void {
  let threads: number[];
  try {
    threads = readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    threads = [pid]; // not Linux: one value for the process
  }
  for (const tid of threads) {
    try {
      setPriority(tid, nice);
    } catch {
      // the thread (or the process) has ended
    }
  }
}

/**
 * The primary of the plan's processes: starts HTTP worker 1 (it applies pending migrations and creates the
 * first Admin) and, once it listens, the other HTTP workers and the analysis process (reniced as it starts
 * and again once it runs); restarts any that dies; on `stop()` sends every one SIGTERM (an HTTP worker
 * closes its server, finishing the requests in flight, an analysis slot finishes its image) and waits for
 * them, killing any still running after 30 s. Resolves with worker 1's address and the analysis pid.
 */
export async function startWorkers(
  plan: ClusterPlan,
  databaseUrl: string,
  say: (line: string) => void,
): Promise<{ address: AddressInfo; analysisPid(): number | undefined; stop(): Promise<void> }> {
  let stopping = false;
  const live = new Map<string, Worker>();
  const separate = plan.analysis !== undefined;
  const envOf = (name: string) =>
    name === 'analysis'
      ? analysisEnv(process.env, databaseUrl, plan.analysis!)
      : workerEnv(Number(name), plan.http, process.env, databaseUrl, separate);
  const fork = (name: string) => {
    const worker = cluster.fork(envOf(name));
    if (name === 'analysis') renice(worker.process.pid!, plan.analysis!.nice);
    live.set(name, worker);
    worker.once('exit', (code, signal) => {
      if (live.get(name) === worker) live.delete(name);
      if (stopping) return;
      const which = name === 'analysis' ? 'The analysis process' : `Worker ${name}`;
      say(`${which} (pid ${worker.process.pid}) exited (${signal ?? code}); starting it again`);
      setTimeout(() => {
        if (!stopping) void ready(fork(name), name).catch(() => undefined);
      }, RESTART_MS).unref();
    });
    return worker;
  };
  const ready = (worker: Worker, name: string) =>
    new Promise<AddressInfo | undefined>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`worker ${name} exited with ${code} while starting`));
      worker.once('exit', onExit);
      worker.on('message', (m: WorkerReady) => {
        if (m?.type !== 'smartcrop:ready') return;
        worker.off('exit', onExit);
        if (name === 'analysis') renice(worker.process.pid!, plan.analysis!.nice);
        resolve(m.address);
      });
    });
  const stop = async () => {
    stopping = true;
    await Promise.all(
      [...live.values()].map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            const kill = setTimeout(() => w.process.kill('SIGKILL'), STOP_GRACE_MS);
            w.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            w.process.kill('SIGTERM');
          }),
      ),
    );
  };
  try {
    const address = (await ready(fork('1'), '1'))!;
    const others = Array.from({ length: plan.http - 1 }, (_, i) => String(i + 2));
    if (separate) others.push('analysis');
    await Promise.all(others.map((name) => ready(fork(name), name)));
    return { address, analysisPid: () => live.get('analysis')?.process.pid, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** In a worker: tell the primary it serves (and where it listens, for an HTTP worker). */
export function reportReady(address?: AddressInfo): void {
  process.send?.({ type: 'smartcrop:ready', address } satisfies WorkerReady);
}
