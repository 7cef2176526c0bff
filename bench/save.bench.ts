/**
 * Saves at the image library's speed? The service (the real entry, dist/src/main.js, in a child process)
 * against a raw script doing the minimal work of a save (bench/save-raw.ts, its own process), one after
 * the other on the same durable embedded PostgreSQL: N operators saving one image's five JPEG crops
 * (50-130 KB, cut from a 1920x1080 source) back to back, as base64 in JSON and as server-side crops.
 * Prints saves/s, p50/p99, CPU-ms per save of the service (all its processes; and of their main threads)
 * and of PostgreSQL (every server process, from /proc), transactions per save and the HTTP/raw ratio;
 * then the QA read (GetCroppedImageInfo of 25 images x 5 renditions) with and without image data: bytes,
 * p50, service CPU per call and memory growth. Asserts nothing.
 *
 *   npm run bench:save
 *
 * Env: BENCH_SECONDS per phase (8), BENCH_CONCURRENCY ("8,32"), BENCH_MODES ("base64,server"; also multipart),
 * BENCH_ROUNDS (1), BENCH_QA_CALLS (20), BENCH_WEB_CONCURRENCY (the service's WEB_CONCURRENCY; unset = its
 * default), DB_POOL_SIZE (8, the service's and the raw script's pool), BENCH_RAW_CHECK (service | full),
 * BENCH_STATS_WAIT_MS (11000: PostgreSQL flushes an idle backend's counters within 10 s), BENCH_SERVICE_FLAGS
 * (node flags for the service, e.g. --cpu-prof --cpu-prof-dir=/tmp/prof), BENCH_SERVICE_ENV (more of its settings,
 * e.g. "IMAGE_CONCURRENCY=3,UV_THREADPOOL_SIZE=6").
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { JwtService } from '@nestjs/jwt';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/infra/database/embedded-postgres.js';
import { parentOf, peakSampler, treeCpuMs, treeRssMb } from './proc-stat.js';
import { analysed, CROPS, cropJpegs, pct, seedProgramme, seedUsers, sourceImage } from './save-fixtures.js';
import { runLoop, type RawJob, type RawSetup, type RunResult } from './save-raw.js';
import { BENCH_SECRET, startService } from './service-process.js';

const env = process.env;
const SECONDS = Number(env.BENCH_SECONDS ?? 8);
const LEVELS = (env.BENCH_CONCURRENCY ?? '8,32').split(',').map(Number);
const MODES = (env.BENCH_MODES ?? 'base64,server').split(',') as RawJob['mode'][];
const ROUNDS = Number(env.BENCH_ROUNDS ?? 1);
const QA_CALLS = Number(env.BENCH_QA_CALLS ?? 20);
const POOL = Number(env.DB_POOL_SIZE ?? 8);
const STATS_WAIT_MS = Number(env.BENCH_STATS_WAIT_MS ?? 11_000);
const MAX_PIXELS = 40_000_000;
const QA_IMAGES = 25;

/** BENCH_SERVICE_ENV "IMAGE_CONCURRENCY=3,UV_THREADPOOL_SIZE=6": more settings for the service. */
function serviceEnv(text = ''): Record<string, string> {
  return Object.fromEntries(
    text
      .split(',')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function send(
  base: string,
  method: string,
  path: string,
  token: string,
  body?: string | Buffer,
  contentType = 'application/json',
): Promise<{ status: number; bytes: number }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        path,
        method,
        agent,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Counters {
  service: number;
  pg: number;
  xacts: number;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'smartcrop-save-bench-'));
  chmodSync(dir, 0o755);
  const db = await startEmbeddedPostgres(join(dir, 'pg'), 0, { persistent: false, durable: true });
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pool.on('error', () => undefined);
  const source = await sourceImage();
  const crops = await cropJpegs(source);
  mkdirSync(join(dir, 'storage', 'sources'), { recursive: true });
  writeFileSync(join(dir, 'storage', 'sources', 'source.jpg'), source);
  const b64 = crops.map((c) => c.toString('base64'));
  const children: ChildProcess[] = [];
  try {
    // the shared start (bench/service-process.ts) waits until every worker listens
    const svc = await startService(
      db.url,
      dir,
      {
        DB_POOL_SIZE: String(POOL),
        MAX_IMAGE_PIXELS: String(MAX_PIXELS),
        ...(env.BENCH_WEB_CONCURRENCY ? { WEB_CONCURRENCY: env.BENCH_WEB_CONCURRENCY } : {}),
        ...serviceEnv(env.BENCH_SERVICE_ENV),
      },
      (env.BENCH_SERVICE_FLAGS ?? '').split(' ').filter(Boolean),
    );
    const { child: service, base } = svc;
    children.push(service);
    const rawChild = fork(new URL('./save-raw.js', import.meta.url).pathname, [], {
      env: { ...env, BENCH_RAW: '1' },
    });
    children.push(rawChild);
    rawChild.send({
      url: db.url,
      dir: join(dir, 'raw'),
      poolSize: POOL,
      sourcePath: join(dir, 'storage', 'sources', 'source.jpg'),
      crops: b64,
      maxPixels: MAX_PIXELS,
    } satisfies RawSetup);
    await new Promise((r) => rawChild.once('message', r));
    const sourceUrl = `http://localhost:${new URL(base).port}/files/sources/source.jpg`;
    const jwt = new JwtService({ secret: BENCH_SECRET });
    const maxN = Math.max(...LEVELS);

    // HTTP operators each hold one image of a programme of their own; raw operators have theirs
    const opIds = await seedUsers(pool, 'Operator', 'op', maxN);
    const ops: { id: number; token: string; programId: number; imageId: number }[] = [];
    const rawTargets: RawJob['targets'] = [];
    for (let i = 0; i < maxN; i++) {
      const [imageId] = await seedProgramme(pool, `Save${i}`, 700_000 + i, 1, 1, sourceUrl);
      const token = await jwt.signAsync({ sub: opIds[i], role: 'Operator' });
      const claimed = await send(
        base,
        'GET',
        `/image/GetImageInfo?providerName=Save${i}&user=${opIds[i]}`,
        token,
      );
      if (claimed.status !== 200) throw new Error(`claim answered ${claimed.status}`);
      ops.push({ id: opIds[i], token, programId: 700_000 + i, imageId });
      const [rawImage] = await seedProgramme(pool, `Raw${i}`, 800_000 + i, 1, 1, sourceUrl);
      rawTargets.push({ programId: 800_000 + i, imageId: rawImage });
    }
    await analysed(pool, 'saves');
    const BOUNDARY = 'smartcrop-bench-7c1f';
    const multipart = (json: string) =>
      Buffer.concat([
        Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="Request"\r\n\r\n${json}\r\n`),
        ...crops.flatMap((bytes, i) => [
          Buffer.from(
            `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${CROPS[i].AspectRatioId}"; filename="${i}.jpg"\r\n` +
              'Content-Type: image/jpeg\r\n\r\n',
          ),
          bytes,
          Buffer.from('\r\n'),
        ]),
        Buffer.from(`--${BOUNDARY}--\r\n`),
      ]);
    const bodies = (mode: RawJob['mode']) =>
      ops.map((o) => {
        const json = JSON.stringify({
          ProgramId: o.programId,
          ImageId: o.imageId,
          Crops: CROPS.map((c, i) => (mode === 'base64' ? { ...c, ImageData: b64[i] } : c)),
        });
        return mode === 'multipart' ? multipart(json) : json;
      });
    const typeOf = (mode: RawJob['mode']) =>
      mode === 'multipart' ? `multipart/form-data; boundary=${BOUNDARY}` : 'application/json';
    const [{ pid: backend }] = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    const postmaster = parentOf(backend);
    const counters = async (): Promise<Counters> => {
      const [{ n }] = (
        await pool.query<{ n: string }>(
          `SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`,
        )
      ).rows;
      return { service: treeCpuMs(service.pid!), pg: treeCpuMs(postmaster), xacts: Number(n) };
    };
    const measured = async (run: () => Promise<RunResult>) => {
      const before = await counters();
      const r = await run();
      await new Promise((res) => setTimeout(res, STATS_WAIT_MS));
      const after = await counters();
      return {
        r,
        service: after.service - before.service,
        pg: after.pg - before.pg,
        xacts: after.xacts - before.xacts,
      };
    };
    const rawRun = (job: RawJob) =>
      new Promise<RunResult>((resolve) => {
        rawChild.once('message', (m) => resolve(m as RunResult));
        rawChild.send(job);
      });

    console.log(
      `crops ${crops.map((c) => Math.round(c.length / 1024)).join(', ')} KB (JSON body ${(Buffer.byteLength(bodies('base64')[0]) / 1024).toFixed(0)} KB); ` +
        `${SECONDS} s per phase; service WEB_CONCURRENCY ${env.BENCH_WEB_CONCURRENCY ?? '(default)'}; raw check ${env.BENCH_RAW_CHECK ?? 'service'}`,
    );
    console.log(
      `\nmode    round   N | HTTP saves/s  p50 ms  p99 ms  svc ms/save  pg ms/save  xact/save |` +
        ` raw saves/s  p50 ms  p99 ms  raw ms/save  pg ms/save  xact/save | ratio`,
    );
    const f = (n: number, w: number, d = 1) => n.toFixed(d).padStart(w);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const mode of MODES) {
        const all = bodies(mode);
        for (const n of LEVELS) {
          const h = await measured(() =>
            runLoop(n, SECONDS, 1000, async (w) => {
              const res = await send(
                base,
                'POST',
                '/image/SaveCropedImages',
                ops[w].token,
                all[w],
                typeOf(mode),
              );
              if (res.status !== 200) throw new Error(`save answered ${res.status}`);
            }),
          );
          const rawCpu0 = treeCpuMs(rawChild.pid!);
          const r = await measured(() =>
            rawRun({ mode, targets: rawTargets.slice(0, n), seconds: SECONDS, warmupMs: 1000 }),
          );
          const rawCpu = treeCpuMs(rawChild.pid!) - rawCpu0;
          const hs = h.r.saves / h.r.seconds;
          const rs = r.r.saves / r.r.seconds;
          // CPU and transactions include the uncounted warm-up second: per save over every save started
          const hAll = h.r.saves * (1 + 1 / SECONDS);
          const rAll = r.r.saves * (1 + 1 / SECONDS);
          console.log(
            `${mode.padEnd(7)} ${String(round).padStart(5)} ${String(n).padStart(3)} |` +
              ` ${f(hs, 12)} ${f(pct(h.r.latencies, 50), 7, 0)} ${f(pct(h.r.latencies, 99), 7, 0)} ${f(h.service / hAll, 12)} ${f(h.pg / hAll, 11)} ${f(h.xacts / hAll, 10)} |` +
              ` ${f(rs, 11)} ${f(pct(r.r.latencies, 50), 7, 0)} ${f(pct(r.r.latencies, 99), 7, 0)} ${f(rawCpu / rAll, 12)} ${f(r.pg / rAll, 11)} ${f(r.xacts / rAll, 10)} |` +
              ` ${f(hs / rs, 5, 2)}` +
              (h.r.errors + r.r.errors ? `  (errors: HTTP ${h.r.errors}, raw ${r.r.errors})` : ''),
          );
        }
      }
    }

    // QA: one programme of 25 images x 5 stored renditions, read back by one QA user
    const qaImages = await seedProgramme(pool, 'QaRead', 990_001, QA_IMAGES, 2, sourceUrl);
    for (const imageId of qaImages) {
      for (const [i, c] of CROPS.entries()) {
        const key = `QaRead/990001/${imageId}/${c.AspectRatioId}.jpg`;
        mkdirSync(join(dir, 'storage', 'QaRead', '990001', String(imageId)), { recursive: true });
        writeFileSync(join(dir, 'storage', key), crops[i]);
        await pool.query(
          `INSERT INTO smartcrop_aspectratioimages (programid, aspectratioid, imageid, x, y, width, height, output_width,
             output_height, storage_key, public_url, content_type, byte_size)
           VALUES (990001, $1, $2, $3, $4, $5, $6, $5, $6, $7, $8, 'image/jpeg', $9)`,
          [
            c.AspectRatioId,
            imageId,
            c.X,
            c.Y,
            c.Width,
            c.Height,
            key,
            `${base}/files/${key}`,
            crops[i].length,
          ],
        );
      }
    }
    await analysed(pool, 'QA read');
    const [qaId] = await seedUsers(pool, 'QA', 'qa', 1);
    const qaToken = await jwt.signAsync({ sub: qaId, role: 'QA' });
    console.log(
      `\nQA read of ${QA_IMAGES} images x ${CROPS.length} renditions, ${QA_CALLS} calls one after another:`,
    );
    console.log(`image data | bytes per answer |  p50 ms |  p99 ms | svc CPU ms/call | RSS growth MB`);
    for (const include of [true, false]) {
      const path = `/image/GetCroppedImageInfo?programId=990001&user=${qaId}&includeImageData=${include}`;
      await send(base, 'GET', path, qaToken); // the first call locks the programme; not measured
      const rss0 = treeRssMb(service.pid!);
      const peak = peakSampler(() => treeRssMb(service.pid!));
      const cpu0 = treeCpuMs(service.pid!);
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < QA_CALLS; i++) {
        const t0 = performance.now();
        const res = await send(base, 'GET', path, qaToken);
        times.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`GetCroppedImageInfo answered ${res.status}`);
        bytes = res.bytes;
      }
      const cpu = (treeCpuMs(service.pid!) - cpu0) / QA_CALLS;
      const growth = peak.stop() - rss0;
      console.log(
        `${String(include).padEnd(10)} | ${String(bytes).padStart(16)} | ${f(pct(times, 50), 7)} | ${f(pct(times, 99), 7)} |` +
          ` ${f(cpu, 15)} | ${f(growth, 13)}`,
      );
    }
  } finally {
    for (const c of children) {
      if (c.exitCode === null) {
        if (c.connected) c.send('stop');
        else c.kill('SIGTERM');
      }
      await new Promise((r) => (c.exitCode !== null ? r(undefined) : c.once('exit', r)));
    }
    agent.destroy();
    await pool.end();
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
