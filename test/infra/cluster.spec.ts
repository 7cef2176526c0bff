import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { JwtService } from '@nestjs/jwt';
import { SchedulerRegistry } from '@nestjs/schedule';
import pg from 'pg';
import { workerEnv } from '../../src/cluster.js';
import { LOCK_SWEEP_INTERVAL } from '../../src/smartcrop/lock-sweeper.js';
import { AnalysisWorker } from '../../src/smartcrop/suggest/analysis.worker.js';
import { startTestApp, testEnv } from '../harness/app.js';
import { compileSources } from '../harness/compiled.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';

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

function existsProc(pid: number): boolean {
  try {
    readFileSync(`/proc/${pid}/stat`);
    return true;
  } catch {
    return false;
  }
}
