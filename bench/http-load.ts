/**
 * The HTTP side of the claim bench runs in a worker thread, as remote operators would: its requests,
 * JSON parsing and timing do not share the event loop with the server under test. Plain node:http with
 * a keep-alive agent, one socket per operator.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

export interface Operator {
  id: number;
  token: string;
}

export interface LoadResult {
  claims: number;
  seconds: number;
  /** ms per operator cycle (claim + operator done) */
  latencies: number[];
  /** claims finished in each second of the run */
  perSecond: number[];
}

interface LoadJob {
  base: string;
  provider: string;
  operators: Operator[];
  seconds: number;
  /** Paced: each operator starts a cycle every `cycleMs` (random phase) instead of back to back. */
  cycleMs?: number;
  /** Cycles started in the first `warmupMs` run but are not counted (new sockets, cold code). */
  warmupMs?: number;
}

/**
 * `count` operators each running `cycle` (false: the queue is empty, that operator stops) until `seconds`
 * after a warm-up of `warmupMs` whose cycles are not counted; back to back, or paced: each operator
 * starting a cycle every `cycleMs` from a random phase. Shared by the HTTP and the raw side of the bench.
 */
export async function runOperators(
  {
    count,
    seconds,
    cycleMs,
    warmupMs = 0,
  }: { count: number; seconds: number; cycleMs?: number; warmupMs?: number },
  cycle: (operator: number) => Promise<boolean>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const perSecond: number[] = [];
  const begin = performance.now();
  const start = begin + warmupMs;
  const end = start + seconds * 1000;
  let claims = 0;
  await Promise.all(
    Array.from({ length: count }, async (_, w) => {
      let next = begin + (cycleMs ? Math.random() * cycleMs : 0);
      while (performance.now() < end) {
        if (cycleMs) {
          const wait = next - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          next += cycleMs;
        }
        const t0 = performance.now();
        if (!(await cycle(w))) return;
        const t1 = performance.now();
        if (t0 < start) continue;
        latencies.push(t1 - t0);
        claims++;
        const sec = Math.floor((t1 - start) / 1000);
        perSecond[sec] = (perSecond[sec] ?? 0) + 1;
      }
    }),
  );
  return { claims, seconds: (performance.now() - start) / 1000, latencies, perSecond };
}

/** Runs `operators.length` operators, each claiming and finishing programmes back to back for `seconds`. */
export function runHttpLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    worker.once('message', (r: LoadResult) => resolve(r));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`load worker exited with ${code}`)));
  });
}

async function work({
  base,
  provider,
  operators,
  seconds,
  cycleMs,
  warmupMs = 0,
}: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: operators.length });
  const { hostname, port } = new URL(base);
  // A keep-alive socket the server closed as idle can be picked up at the same instant: the request then
  // fails with ECONNRESET before the server read it, and is sent again on a fresh socket (Node's
  // documented remedy, see `request.reusedSocket`).
  const get = (op: Operator, path: string): Promise<{ Data: { ProgramId: number }[] }> =>
    send(op, path).catch((err: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
      if (err.code === 'ECONNRESET' && err.reusedSocket) return send(op, path);
      throw err;
    });
  const send = (op: Operator, path: string) =>
    new Promise<{ Data: { ProgramId: number }[] }>((resolve, reject) => {
      const req = request(
        { hostname, port, path, agent, headers: { Authorization: `Bearer ${op.token}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode !== 200) return reject(new Error(`${path} -> ${res.statusCode}`));
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Data: { ProgramId: number }[] });
          });
          res.on('error', reject);
        },
      );
      req.on('error', (err) => reject(Object.assign(err, { reusedSocket: req.reusedSocket })));
      req.end();
    });

  const result = await runOperators({ count: operators.length, seconds, cycleMs, warmupMs }, async (w) => {
    const op = operators[w];
    const got = await get(op, `/image/GetImageInfo?providerName=${provider}&user=${op.id}`);
    if (got.Data.length === 0) return false;
    await get(op, `/image/UpdateStatus?programId=${got.Data[0].ProgramId}&status=2`);
    return true;
  });
  agent.destroy();
  return result;
}

if (!isMainThread) {
  void work(workerData as LoadJob).then((r) => parentPort!.postMessage(r));
}

/**
 * `count` ($2) queued images of provider $1, one per programme, 1920×1080, created a day ago in row order:
 * the claimable queue of bench:claim and bench:analysis.
 */
export const SEED_CLAIMABLE = `WITH f AS (
       INSERT INTO smartcrop_inputfiles (input_file_ref, provider_name, program_id, program_title, image_url, rights_name,
                                         source_file, source_row)
       SELECT 'bench-' || g, $1, g, 'Programme ' || g, 'https://images.example.com/' || g || '.jpg', 'TiVo Licensed',
              'bench.xlsx', g
         FROM generate_series(1, $2::int) g
       RETURNING input_file_ref, program_id, program_title, image_url, source_row
     )
     INSERT INTO smartcrop_programimage (link_object_id, provider_name, program_title, image_url, input_file_ref,
                                         width, height, status, created_at)
     SELECT program_id, $1, program_title, image_url, input_file_ref, 1920, 1080, 1,
            now() - interval '1 day' + source_row * interval '1 millisecond'
       FROM f`;
