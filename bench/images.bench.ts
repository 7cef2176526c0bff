/**
 * Image work under attack. The service runs in a child process (so its peak RSS is its own, not the load
 * generator's); this process drives it over HTTP in three phases, side by side:
 *   quiet   8 operators saving ordinary 1920x1080 JPEG crops back to back
 *   large   8 operators saving maximum-size legitimate crops (a ~40 MP JPEG, just under MAX_IMAGE_PIXELS)
 *   bombs   8 operators sending the hostile corpus (SVG bomb, 16k PNG, decompression bomb, lying headers,
 *           other formats, a reshaped crop) as crop pixels and as source images, and a metadata-URL source
 * plus an idle phase without image work. In every phase two paced clients log in (argon2) and one claims and
 * releases a programme, each every LOGIN_PACE_MS (or right after the last answer when slower); prints save
 * throughput, login p50/p99, claim p99, the service's event-loop delay p99, peak RSS (with its V8 heap and
 * memory outside it) and, for the bombs, the time to each refusal. Asserts nothing.
 *
 *   npm run bench:images
 *
 * Env: BENCH_SECONDS per phase (15), BENCH_CLIENTS (8), BENCH_LOGIN_PACE_MS (250), IMAGE_CONCURRENCY (the
 * service's, default the number of cores), BENCH_SERVICE_FLAGS (node flags for the service; default those of
 * `npm run start:prod`, i.e. its heap cap), DATABASE_URL (else an embedded PostgreSQL in a temp dir).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { JwtService } from '@nestjs/jwt';
import argon2 from 'argon2';
import sharp from 'sharp';
import { hostileCorpus, type HostileImage } from '../test/smartcrop/hostile-corpus.js';
import { startBenchApp } from './bench-app.js';

const env = process.env;
const SECONDS = Number(env.BENCH_SECONDS ?? 15);
const CLIENTS = Number(env.BENCH_CLIENTS ?? 8);
const LOGIN_PACE_MS = Number(env.BENCH_LOGIN_PACE_MS ?? 250);
const LOGIN_CLIENTS = 2;
const PASSWORD = 'Bench-password-123';
const LARGE = { width: 8400, height: 4725 }; // 39.7 MP, 16:9
const ORDINARY = { width: 1920, height: 1080 };
/** Node flags of the service: those `npm run start:prod` gives it (the heap cap), unless the env says. */
const SERVICE_FLAGS = (
  env.BENCH_SERVICE_FLAGS ??
  /^node((?: --\S+)*) /.exec(
    (
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts['start:prod'],
  )?.[1] ??
  ''
)
  .split(' ')
  .filter(Boolean);

interface Ready {
  base: string;
  pid: number;
  operators: { id: number; token: string; programId: number; images: number[] }[];
  loginEmail: string;
  /** An operator who claims and releases a programme of its own, paced like the logins. */
  prober: { id: number; token: string };
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

// ---------------------------------------------------------------- the service (child process)

async function serve(): Promise<void> {
  const { sourceBase } = JSON.parse(env.BENCH_CHILD!) as { sourceBase: string };
  const b = await startBenchApp({
    MAX_CROP_BYTES: String(15 * 1024 * 1024),
    // the bomb-serving host of the bench is on loopback; the metadata address stays refused
    FETCH_ALLOW_HOSTS: '127.0.0.1',
    ...(env.IMAGE_CONCURRENCY ? { IMAGE_CONCURRENCY: env.IMAGE_CONCURRENCY } : {}),
  });
  const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id });
  const loginEmail = 'login-probe@bench.local';
  await b.pool.query(
    `INSERT INTO smartcrop_user (email, first_name, last_name, password_hash, role_id)
     SELECT $1, 'Login', 'Probe', $2, id FROM smartcrop_role WHERE role = 'Operator'`,
    [loginEmail, hash],
  );
  const operators: Ready['operators'] = [];
  for (let c = 0; c < CLIENTS; c++) {
    const provider = `Bench${c}`;
    // one programme per operator, three images: uploads, a bomb served as a source, a metadata-URL source
    const urls = [
      'https://images.example.com/a.jpg',
      `${sourceBase}/bomb.svg`,
      'http://169.254.169.254/latest/meta-data/',
    ];
    const rows = await b.pool.query<{ id: string }>(
      `WITH f AS (
         INSERT INTO smartcrop_inputfiles (input_file_ref, provider_name, program_id, program_title, image_url,
                                           rights_name, source_file, source_row)
         SELECT $1 || '-' || g, $1, $2, 'Programme', ($3::text[])[g], 'TiVo Licensed', 'bench.xlsx', g
           FROM generate_series(1, 3) g
         RETURNING input_file_ref, program_id, image_url, source_row
       )
       INSERT INTO smartcrop_programimage (link_object_id, provider_name, program_title, image_url, input_file_ref,
                                           width, height, status, created_at)
       SELECT program_id, $1, 'Programme', image_url, input_file_ref,
              CASE WHEN source_row = 1 THEN $4::int END, CASE WHEN source_row = 1 THEN $5::int END, 1,
              now() - interval '1 hour' + source_row * interval '1 ms'
         FROM f ORDER BY source_row RETURNING id`,
      [provider, 900_000 + c, urls, LARGE.width, LARGE.height],
    );
    const user = await b.pool.query<{ id: number }>(
      `INSERT INTO smartcrop_user (email, first_name, last_name, password_hash, role_id)
       SELECT $1, 'Bench', 'Op', 'x', id FROM smartcrop_role WHERE role = 'Operator' RETURNING id`,
      [`op${c}@bench.local`],
    );
    const token = await b.app.get(JwtService).signAsync({ sub: user.rows[0].id, role: 'Operator' });
    const claimed = await fetch(
      `${b.base}/image/GetImageInfo?providerName=${provider}&user=${user.rows[0].id}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (claimed.status !== 200) throw new Error(`claim: ${claimed.status}`);
    operators.push({
      id: user.rows[0].id,
      token,
      programId: 900_000 + c,
      images: rows.rows.map((r) => Number(r.id)),
    });
  }
  await b.pool.query(
    `WITH f AS (
       INSERT INTO smartcrop_inputfiles (input_file_ref, provider_name, program_id, program_title, image_url,
                                         rights_name, source_file, source_row)
       VALUES ('probe-1', 'Probe', 990000, 'Probe', 'https://images.example.com/p.jpg', 'TiVo Licensed', 'bench.xlsx', 1)
       RETURNING input_file_ref
     )
     INSERT INTO smartcrop_programimage (link_object_id, provider_name, program_title, image_url, input_file_ref, status)
     SELECT 990000, 'Probe', 'Probe', 'https://images.example.com/p.jpg', input_file_ref, 1 FROM f`,
  );
  const probeUser = await b.pool.query<{ id: number }>(
    `INSERT INTO smartcrop_user (email, first_name, last_name, password_hash, role_id)
     SELECT 'claim-probe@bench.local', 'Claim', 'Probe', 'x', id FROM smartcrop_role WHERE role = 'Operator' RETURNING id`,
  );
  const prober = {
    id: probeUser.rows[0].id,
    token: await b.app.get(JwtService).signAsync({ sub: probeUser.rows[0].id, role: 'Operator' }),
  };
  process.send!({ base: b.base, pid: process.pid, operators, loginEmail, prober } satisfies Ready);
  // the service's own event-loop delay, reset and read by the parent around each phase
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  process.on('message', (m) => {
    if (m === 'stop') void b.close().then(() => process.exit(0));
    if (m === 'loop-reset') {
      loop.reset();
      heap = { heap: 0, external: 0 };
    }
    if (m === 'loop-read') process.send!({ loopP99: loop.percentile(99) / 1e6, ...heap });
  });
  // where the memory is: the JavaScript heap (strings of JSON bodies) or outside it (Buffers, libvips)
  let heap = { heap: 0, external: 0 };
  setInterval(() => {
    const m = process.memoryUsage();
    heap = { heap: Math.max(heap.heap, m.heapTotal), external: Math.max(heap.external, m.external) };
  }, 20).unref();
}

// ---------------------------------------------------------------- the load (parent process)

/** The child's resident memory, sampled every 20 ms from /proc until stopped; peak in MB. */
function rssOf(pid: number) {
  const read = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  let peak = read();
  const timer = setInterval(() => (peak = Math.max(peak, read())), 20);
  return { stop: () => (clearInterval(timer), Math.round(Math.max(peak, read()) / 1024)) };
}

interface Request {
  label: string;
  body: string;
  token: string;
}

interface PhaseResult {
  saves: number;
  refusals: number;
  errors: Map<string, number>;
  seconds: number;
  logins: number[];
  claims: number[];
  peakRss: number;
  loopP99: number;
  /** Peak V8 heap and peak memory outside it (Buffers, native), MB. */
  heap: number;
  external: number;
  perLabel: Map<string, number[]>;
}

async function phase(
  ready: Ready,
  child: ChildProcess,
  requests?: (client: number, i: number) => Request,
): Promise<PhaseResult> {
  child.send('loop-reset');
  const rss = rssOf(ready.pid);
  const end = performance.now() + SECONDS * 1000;
  const result: PhaseResult = {
    saves: 0,
    refusals: 0,
    errors: new Map(),
    seconds: SECONDS,
    logins: [],
    claims: [],
    peakRss: 0,
    loopP99: 0,
    heap: 0,
    external: 0,
    perLabel: new Map(),
  };
  // a connection cut (e.g. a kept-alive socket the server closed as the client reused it) is counted, not fatal
  const cut = (label: string, err: Error): undefined => {
    const reason = err.cause instanceof Error ? err.cause : err;
    const key = `${label}: ${reason.message.slice(0, 120)}`;
    result.errors.set(key, (result.errors.get(key) ?? 0) + 1);
    return undefined;
  };
  const login = async () => {
    let next = performance.now();
    while (performance.now() < end) {
      const wait = next - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      next += LOGIN_PACE_MS;
      const t0 = performance.now();
      const res = await fetch(`${ready.base}/user/Login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ EmailID: ready.loginEmail, Password: PASSWORD }),
      }).catch((err: Error) => cut('login', err));
      if (!res) continue;
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`login answered ${res.status}`);
      result.logins.push(performance.now() - t0);
    }
  };
  // claim (timed) then release, paced like the logins: the desk's other request that must not starve
  const claimer = async () => {
    const auth = { Authorization: `Bearer ${ready.prober.token}` };
    let next = performance.now();
    while (performance.now() < end) {
      const wait = next - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      next += LOGIN_PACE_MS;
      const t0 = performance.now();
      const res = await fetch(`${ready.base}/image/GetImageInfo?providerName=Probe&user=${ready.prober.id}`, {
        headers: auth,
      }).catch((err: Error) => cut('claim', err));
      if (!res) continue;
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`claim answered ${res.status}`);
      result.claims.push(performance.now() - t0);
      const release = await fetch(`${ready.base}/image/UpdateUserLockStatus?userId=${ready.prober.id}`, {
        headers: auth,
      }).catch((err: Error) => cut('release', err));
      await release?.arrayBuffer();
    }
  };
  const client = async (c: number) => {
    for (let i = 0; requests && performance.now() < end; i++) {
      const r = requests(c, i);
      const t0 = performance.now();
      let res: globalThis.Response;
      let text: string;
      try {
        res = await fetch(`${ready.base}/image/SaveCropedImages`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${r.token}` },
          body: r.body,
        });
        text = await res.text();
      } catch (err) {
        cut(r.label, err as Error);
        continue;
      }
      const ms = performance.now() - t0;
      result.perLabel.set(r.label, [...(result.perLabel.get(r.label) ?? []), ms]);
      if (res.status === 200) result.saves++;
      else if (res.status === 400) result.refusals++;
      else {
        const key = `${r.label}: ${res.status} ${text.slice(0, 120)}`;
        result.errors.set(key, (result.errors.get(key) ?? 0) + 1);
      }
    }
  };
  await Promise.all([
    ...Array.from({ length: LOGIN_CLIENTS }, () => login()),
    claimer(),
    ...Array.from({ length: CLIENTS }, (_, c) => client(c)),
  ]);
  result.peakRss = rss.stop();
  type Read = { loopP99: number; heap: number; external: number };
  const loop = new Promise<Read>((resolve) => child.once('message', (m) => resolve(m as Read)));
  child.send('loop-read');
  const read = await loop;
  result.loopP99 = read.loopP99;
  result.heap = Math.round(read.heap / 1048576);
  result.external = Math.round(read.external / 1048576);
  return result;
}

async function jpeg(size: { width: number; height: number }, sigma: number): Promise<Buffer> {
  return sharp({
    create: { ...size, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma } },
  })
    .jpeg({ quality: 80 })
    .toBuffer();
}

async function main(): Promise<void> {
  const corpus = await hostileCorpus();
  const svg = corpus.find((c) => c.name.startsWith('SVG bomb'))!.bytes;
  // the provider's image host, on loopback, serving the SVG bomb as a "source image"
  const source = createServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'image/svg+xml' }).end(svg),
  );
  await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
  const sourceBase = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;

  const child: ChildProcess = fork(new URL(import.meta.url).pathname, [], {
    env: { ...env, BENCH_CHILD: JSON.stringify({ sourceBase }) },
    execArgv: SERVICE_FLAGS,
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`service exited with ${code}`)));
  });
  try {
    const b64 = (buf: Buffer) => buf.toString('base64');
    const ordinary = b64(await jpeg(ORDINARY, 20));
    const largeBytes = await jpeg(LARGE, 12);
    const large = b64(largeBytes);
    console.log(
      `service pid ${ready.pid} (node ${SERVICE_FLAGS.join(' ') || 'without flags'}); ${CLIENTS} clients, ${SECONDS} s per phase, a login every ${LOGIN_PACE_MS} ms; ` +
        `large crop ${LARGE.width}x${LARGE.height} JPEG of ${(largeBytes.length / 1048576).toFixed(1)} MB`,
    );
    const save = (c: number, image: number, crop: object, label: string): Request => {
      const op = ready.operators[c];
      return {
        label,
        token: op.token,
        body: JSON.stringify({
          ProgramId: op.programId,
          ImageId: op.images[image],
          Crops: [{ AspectRatioId: 1, X: 0, Y: 0, ...crop }],
        }),
      };
    };
    const upload = (c: number, pixels: string, size: { width: number; height: number }, label: string) =>
      save(c, 0, { Width: size.width, Height: size.height, ImageData: pixels }, label);

    const bombs: ((c: number) => Request)[] = [
      ...corpus.map(
        (h: HostileImage) => (c: number) => upload(c, b64(h.bytes), { width: 1600, height: 1600 }, h.name),
      ),
      (c) => upload(c, ordinary, { width: 100, height: 1000 }, 'reshaped crop (1920x1080 as 100x1000)'),
      (c) => save(c, 1, { Width: 160, Height: 90 }, 'source image: SVG bomb from the image host'),
      (c) => save(c, 2, { Width: 160, Height: 90 }, 'source image: http://169.254.169.254/ (metadata)'),
    ];
    // pre-encode every bomb body once per client so the phase measures the service, not JSON.stringify
    const bombBodies = Array.from({ length: CLIENTS }, (_, c) => bombs.map((f) => f(c)));

    const idle = await phase(ready, child);
    const quiet = await phase(ready, child, (c) => upload(c, ordinary, ORDINARY, 'ordinary'));
    const big = await phase(ready, child, (c) => upload(c, large, LARGE, 'large'));
    const attack = await phase(ready, child, (c, i) => bombBodies[c][(i + c) % bombs.length]);

    const rows: [string, PhaseResult][] = [
      ['idle (logins only)', idle],
      ['quiet (ordinary crops)', quiet],
      ['8 clients, max-size crops', big],
      ['8 clients, bombs', attack],
    ];
    console.log(
      `\n${'phase'.padEnd(28)} | saves/s | refused/s | login p50 ms | login p99 ms | logins | claim p99 ms | loop p99 ms | peak RSS MB | heap MB | external MB`,
    );
    for (const [name, r] of rows) {
      console.log(
        `${name.padEnd(28)} | ${(r.saves / r.seconds).toFixed(1).padStart(7)} | ${(r.refusals / r.seconds).toFixed(1).padStart(9)} |` +
          ` ${pct(r.logins, 50).toFixed(1).padStart(12)} | ${pct(r.logins, 99).toFixed(1).padStart(12)} | ${String(r.logins.length).padStart(6)} |` +
          ` ${pct(r.claims, 99).toFixed(1).padStart(12)} |` +
          ` ${r.loopP99.toFixed(0).padStart(11)} | ${String(r.peakRss).padStart(11)} | ${String(r.heap).padStart(7)} |` +
          ` ${String(r.external).padStart(11)}`,
      );
      for (const [e, n] of r.errors) console.log(`   unexpected answer x${n}: ${e}`);
    }
    console.log(
      `login p99 under bombs / quiet: ${(pct(attack.logins, 99) / pct(quiet.logins, 99)).toFixed(2)}x (target ≤ 3x); ` +
        `under max-size crops / quiet: ${(pct(big.logins, 99) / pct(quiet.logins, 99)).toFixed(2)}x`,
    );
    console.log(
      `save time, max-size crops: p50 ${pct(big.perLabel.get('large') ?? [], 50).toFixed(0)} ms, p99 ${pct(big.perLabel.get('large') ?? [], 99).toFixed(0)} ms`,
    );
    console.log(`\ntime to refusal under attack (ms; target < 1000)      |     n |   p50 |   max`);
    for (const [label, times] of attack.perLabel) {
      console.log(
        `${label.padEnd(54)} | ${String(times.length).padStart(5)} | ${pct(times, 50).toFixed(0).padStart(5)} | ${Math.max(
          ...times,
        )
          .toFixed(0)
          .padStart(5)}`,
      );
    }
  } finally {
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
    source.close();
  }
}

if (env.BENCH_CHILD) {
  serve().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
