import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { AddressInfo } from 'node:net';

/** What a worker tells the primary once it listens. */
export interface WorkerListening {
  type: 'smartcrop:listening';
  address: AddressInfo;
}

const RESTART_MS = 1_000;
const STOP_GRACE_MS = 30_000;

/**
 * The environment of worker `index` (1-based) of `workers`: the primary's, pointed at the database it
 * resolved; every worker but the first serves HTTP only (no sweeper, no crons, no /metrics listener),
 * and the image budget is shared out so the workers together decode on every core once.
 */
export function workerEnv(
  index: number,
  workers: number,
  env: NodeJS.ProcessEnv,
  databaseUrl: string,
): Record<string, string> {
  const out: Record<string, string> = {
    SMARTCROP_WORKER: String(index),
    DATABASE_URL: databaseUrl,
    IMAGE_CONCURRENCY:
      env.IMAGE_CONCURRENCY || String(Math.max(1, Math.ceil(availableParallelism() / workers))),
  };
  if (index > 1) {
    Object.assign(out, {
      BACKGROUND_JOBS: 'false',
      BATCHJOB_CRON: '',
      DUMPDATA_CRON: '',
      FILEWATCHER_CRON: '',
      METRICS_PORT: '',
    });
  }
  return out;
}

/**
 * The primary of WEB_CONCURRENCY workers: starts worker 1 (it applies pending migrations and creates the
 * first Admin) and, once it listens, the others; restarts a worker that dies; on `stop()` sends every
 * worker SIGTERM (each closes its server, finishing the requests in flight, and its pool) and waits for
 * them, killing any still running after 30 s. Resolves with worker 1's address.
 */
export async function startWorkers(
  workers: number,
  databaseUrl: string,
  say: (line: string) => void,
): Promise<{ address: AddressInfo; stop(): Promise<void> }> {
  let stopping = false;
  const live = new Map<number, Worker>();
  const fork = (index: number) => {
    const worker = cluster.fork(workerEnv(index, workers, process.env, databaseUrl));
    live.set(index, worker);
    worker.once('exit', (code, signal) => {
      if (live.get(index) === worker) live.delete(index);
      if (stopping) return;
      say(`Worker ${index} (pid ${worker.process.pid}) exited (${signal ?? code}); starting it again`);
      setTimeout(() => !stopping && fork(index), RESTART_MS).unref();
    });
    return worker;
  };
  const listening = (worker: Worker) =>
    new Promise<AddressInfo>((resolve, reject) => {
      const onExit = (code: number) =>
        reject(new Error(`worker ${worker.id} exited with ${code} while starting`));
      worker.once('exit', onExit);
      worker.on('message', (m: WorkerListening) => {
        if (m?.type !== 'smartcrop:listening') return;
        worker.off('exit', onExit);
        resolve(m.address);
      });
    });
  const stop = async () => {
    stopping = true;
    const all = [...live.values()];
    await Promise.all(
      all.map(
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
    const address = await listening(fork(1));
    await Promise.all(Array.from({ length: workers - 1 }, (_, i) => listening(fork(i + 2))));
    return { address, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** In a worker: tell the primary where it listens. */
export function reportListening(address: AddressInfo): void {
  process.send?.({ type: 'smartcrop:listening', address } satisfies WorkerListening);
}
