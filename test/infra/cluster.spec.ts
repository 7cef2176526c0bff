import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { JwtService } from '@nestjs/jwt';
import { SchedulerRegistry } from '@nestjs/schedule';
import pg from 'pg';
import { analysisEnv, clusterPlan, workerEnv } from '../../src/cluster.js';
import { loadConfig } from '../../src/config/config.js';
import { LOCK_SWEEP_INTERVAL } from '../../src/smartcrop/lock-sweeper.js';
import { AnalysisWorker } from '../../src/smartcrop/suggest/analysis.worker.js';
import { startTestApp, testEnv, type TestApp } from '../harness/app.js';
import { compileSources } from '../harness/compiled.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import { makeImage } from '../smartcrop/fixtures.js';
import { imageHost } from '../smartcrop/suggest/image-host.js';

/** Node processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid ? [Number(d)] : [];
      } catch {
        return [];
      }
    });
}

async function eventually(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One request on a connection of its own (so the cluster's round robin hands it to the next worker). */
const status = (port: number, path: string, token: string) =>
  new Promise<number>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent: false, headers: { Authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });

/**
 * WEB_CONCURRENCY=2: the built entry point (compiled as the build does) as a real primary with two worker
 * processes on one database; user changes reach both workers, a dead worker is replaced, SIGTERM stops all.
 */
describe('two HTTP workers (node:cluster)', () => {
  let out: string;
  let database: TestDatabase;
  let dir: string;
  let primary: ChildProcess | undefined;
  const secret = 'cluster-test-secret-0123456789abcdef012345';

  beforeAll(async () => {
    out = compileSources(['main.ts']);
    database = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'smartcrop-cluster-'));
  });
  afterAll(async () => {
    if (primary && primary.exitCode === null) primary.kill('SIGKILL');
    await database?.drop();
    rmSync(dirname(out), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves from two workers that both drop a deactivated user at once, replaces a dead one, and stops on SIGTERM', async () => {
    primary = spawn(process.execPath, [join(out, 'main.js')], {
      env: {
        ...process.env,
        ...testEnv(dir, database.url),
        JWT_SECRET: secret,
        WEB_CONCURRENCY: '2',
        PORT: '0',
        HOST: '127.0.0.1',
        USER_CACHE_SECONDS: '600',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let port = 0;
    for await (const line of createInterface({ input: primary.stdout! })) {
      const m = /listening\s+127\.0\.0\.1:(\d+)/.exec(line);
      if (m) port = Number(m[1]);
      if (/workers\s+2 HTTP workers/.test(line)) break;
    }
    expect(port).toBeGreaterThan(0);
    const workers = childrenOf(primary.pid!);
    expect(workers).toHaveLength(2);

    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const [{ id }] = (
        await db.query<{ id: number }>(
          `INSERT INTO smartcrop_user (email, first_name, last_name, password_hash, role_id)
           SELECT 'cluster@test.local', 'C', 'L', 'x', id FROM smartcrop_role WHERE role = 'Operator' RETURNING id`,
        )
      ).rows;
      const token = await new JwtService({ secret }).signAsync({ sub: id, role: 'Operator' });
      const round = async () =>
        Promise.all(Array.from({ length: 8 }, () => status(port, '/lookup/GetImageTypeLookup', token)));
      // both workers read the user and keep it
      expect(await round()).toEqual(Array(8).fill(200));
      await db.query(`UPDATE smartcrop_user SET is_active = false WHERE id = $1`, [id]);
      // every worker heard the change: no request is answered from a kept copy
      expect(await eventually(async () => (await round()).every((s) => s === 401))).toBe(true);

      process.kill(workers[1], 'SIGKILL');
      expect(
        await eventually(() => {
          const now = childrenOf(primary!.pid!);
          return now.length === 2 && !now.includes(workers[1]);
        }),
      ).toBe(true);
    } finally {
      await db.end();
    }

    const exited = new Promise<number | null>((r) => primary!.once('exit', (code) => r(code)));
    const now = childrenOf(primary.pid!);
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(now.filter((pid) => existsProc(pid))).toEqual([]);
  });

  it('gives every worker but the first an HTTP-only environment', () => {
    const base = { IMAGE_CONCURRENCY: '', BATCHJOB_CRON: '0 2 * * *' };
    expect(workerEnv(1, 2, base, 'postgres://db')).not.toHaveProperty('BACKGROUND_JOBS');
    expect(workerEnv(2, 2, base, 'postgres://db')).toMatchObject({
      DATABASE_URL: 'postgres://db',
      BACKGROUND_JOBS: 'false',
      BATCHJOB_CRON: '',
      DUMPDATA_CRON: '',
      FILEWATCHER_CRON: '',
      METRICS_PORT: '',
    });
  });

  it('plans an analysis process beside HTTP only for PROCESS_ROLE=all with ANALYSIS_PROCESS=separate', () => {
    const plan = (env: Record<string, string>) =>
      clusterPlan(loadConfig({ NODE_ENV: 'test', ANALYSIS_CONCURRENCY: '1', ...env }));
    expect(plan({})).toEqual({ http: 1, analysis: { nice: 10, concurrency: 1, cpuShare: 50 } });
    expect(plan({ ANALYSIS_NICE: '15', WEB_CONCURRENCY: '2', ANALYSIS_CPU_SHARE: '80' })).toEqual({
      http: 2,
      analysis: { nice: 15, concurrency: 1, cpuShare: 80 },
    });
    // one process serves alone: analysis inline, none at all, or a role that is only one of the two
    expect(plan({ ANALYSIS_PROCESS: 'inline' })).toBeUndefined();
    expect(plan({ ANALYSIS_CONCURRENCY: '0' })).toBeUndefined();
    expect(plan({ BACKGROUND_JOBS: 'false' })).toBeUndefined();
    expect(plan({ PROCESS_ROLE: 'api' })).toBeUndefined();
    expect(plan({ PROCESS_ROLE: 'worker' })).toBeUndefined();
    expect(plan({ PROCESS_ROLE: 'api', WEB_CONCURRENCY: '2' })).toEqual({ http: 2, analysis: undefined });

    expect(workerEnv(1, 1, {}, 'postgres://db', true)).toMatchObject({ PROCESS_ROLE: 'api' });
    // the process is a `worker`, which alone would default to a share of 100: the primary passes its own
    expect(loadConfig({ NODE_ENV: 'test', PROCESS_ROLE: 'worker' }).analysis.cpuShare).toBe(100);
    expect(analysisEnv({}, 'postgres://db', { concurrency: 2, cpuShare: 50 })).toMatchObject({
      ANALYSIS_CPU_SHARE: '50',
      DATABASE_URL: 'postgres://db',
      PROCESS_ROLE: 'worker',
      LOCK_SWEEP_SECONDS: '0',
      USER_CACHE_SECONDS: '0',
      DB_POOL_SIZE: '4',
      BATCHJOB_CRON: '',
      DUMPDATA_CRON: '',
      FILEWATCHER_CRON: '',
      METRICS_PORT: '',
    });
  });

  it('analyses images only where background jobs run: worker 1 of a cluster, not workers 2..N', async () => {
    const t = await startTestApp({ BACKGROUND_JOBS: 'false', ANALYSIS_CONCURRENCY: '1' });
    try {
      expect(t.app.get(AnalysisWorker).enabled).toBe(false);
    } finally {
      await t.close();
    }
    const u = await startTestApp({ ANALYSIS_CONCURRENCY: '1' });
    try {
      expect(u.app.get(AnalysisWorker).enabled).toBe(true);
    } finally {
      await u.close();
    }
  });

  it('does not sweep locks in a process started with BACKGROUND_JOBS=false', async () => {
    const t = await startTestApp({ BACKGROUND_JOBS: 'false', LOCK_SWEEP_SECONDS: '1' });
    try {
      expect(t.app.get(SchedulerRegistry).doesExist('interval', LOCK_SWEEP_INTERVAL)).toBe(false);
    } finally {
      await t.close();
    }
    const u = await startTestApp({ LOCK_SWEEP_SECONDS: '1' });
    try {
      expect(u.app.get(SchedulerRegistry).doesExist('interval', LOCK_SWEEP_INTERVAL)).toBe(true);
    } finally {
      await u.close();
    }
  });
});

/**
 * PROCESS_ROLE=all (what `npm start` runs): the primary serves HTTP from its worker(s) and analyses images in a
 * process of its own at a lower CPU priority, so the face detector and saliency map never share an event loop
 * or a scheduling weight with claims and saves.
 */
describe('image analysis in a niced process of its own', () => {
  let out: string;
  let t: TestApp;
  let dir: string;
  let primary: ChildProcess | undefined;
  let host: Awaited<ReturnType<typeof imageHost>> | undefined;

  beforeAll(async () => {
    out = compileSources(['main.ts']);
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'smartcrop-analysis-process-'));
  });
  afterAll(async () => {
    if (primary && primary.exitCode === null) primary.kill('SIGKILL');
    await host?.close();
    await t?.close();
    rmSync(dirname(out), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves from an api worker, analyses in a worker at nice 10, replaces a dead one, and stops on SIGTERM', async () => {
    const bytes = await makeImage(480, 270, 'jpeg');
    host = await imageHost({ '/a.jpg': { bytes }, '/b.jpg': { bytes } });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...testEnv(dir, t.database.url),
      PORT: '0',
      HOST: '127.0.0.1',
      ANALYSIS_CONCURRENCY: '1',
      ANALYSIS_POLL_MS: '100',
      FETCH_ALLOW_HOSTS: '127.0.0.1',
    };
    delete env.WEB_CONCURRENCY;
    delete env.PROCESS_ROLE;
    primary = spawn(process.execPath, [join(out, 'main.js')], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const summary = await linesUntil(primary, /^\s+analysis\s/, 60_000);
    // the start-up block names the analysis process; the process itself prints nothing of its own
    expect(summary.filter((l) => l.includes('analysis worker started'))).toEqual([]);
    expect(summary.join('\n')).toMatch(
      /analysis\s+its own process \(pid \d+, nice 10, ANALYSIS_CONCURRENCY=1, ANALYSIS_CPU_SHARE=50%\)/,
    );
    const port = Number(/listening\s+127\.0\.0\.1:(\d+)/.exec(summary.join('\n'))?.[1]);
    expect(port).toBeGreaterThan(0);

    const roles = () => new Map(childrenOf(primary!.pid!).map((pid) => [roleOf(pid), pid]));
    const first = roles();
    expect([...first.keys()].sort()).toEqual(['api', 'worker']);
    expect(threadNices(first.get('worker')!)).toEqual([10]);
    expect(threadNices(first.get('api')!)).toEqual([0]);
    expect(await status(port, '/health/ready', '')).toBe(200);

    // the api worker does not analyse; the analysis process does, once per image
    await t.factory.queue({ Provider: 'Split', ImageUrl: host.url('/a.jpg') });
    expect(await eventually(async () => (await analysed(t)) === 1, 30_000)).toBe(true);
    expect(host.hits('/a.jpg')).toBe(1);

    // a dead analysis process is started again, at the same priority, and goes on with the queue
    process.kill(first.get('worker')!, 'SIGKILL');
    expect(
      await eventually(() => {
        const pid = roles().get('worker');
        return pid !== undefined && pid !== first.get('worker') && threadNices(pid).join() === '10';
      }, 15_000),
    ).toBe(true);
    await t.factory.queue({ Provider: 'Split', ImageUrl: host.url('/b.jpg') });
    expect(await eventually(async () => (await analysed(t)) === 2, 30_000)).toBe(true);

    const exited = new Promise<number | null>((r) => primary!.once('exit', (code) => r(code)));
    const now = childrenOf(primary.pid!);
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(now.filter((pid) => existsProc(pid))).toEqual([]);
  });
});

/** The lines `child` prints until one matches `last` (included), or all it printed in `ms`. */
async function linesUntil(child: ChildProcess, last: RegExp, ms: number): Promise<string[]> {
  const lines: string[] = [];
  const input = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    input.on('line', (line) => {
      lines.push(line);
      if (last.test(line)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  input.removeAllListeners('line');
  child.stdout!.resume();
  return lines;
}

async function analysed(t: TestApp): Promise<number> {
  const [row] = await t.db.query<{ n: number }[]>(
    "SELECT count(*)::int AS n FROM smartcrop_image_analysis WHERE state = 'done'",
  );
  return row.n;
}

/** The PROCESS_ROLE a process was started with ('gone' once it has ended). */
function roleOf(pid: number): string {
  let env: string[];
  try {
    env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  } catch {
    return 'gone';
  }
  return env.find((kv) => kv.startsWith('PROCESS_ROLE='))?.slice('PROCESS_ROLE='.length) ?? 'all';
}

/** The distinct nice values of a process's threads (Linux keeps one per thread). */
function threadNices(pid: number): number[] {
  const nices = readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
    } catch {
      return [];
    }
  });
  return [...new Set(nices)].sort((a, b) => a - b);
}

function existsProc(pid: number): boolean {
  try {
    readFileSync(`/proc/${pid}/stat`);
    return true;
  } catch {
    return false;
  }
}
