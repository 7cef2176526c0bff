import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import {
  EmbeddedPostgresError,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../../src/infra/database/embedded-postgres.js';
import { packagedNativeDir } from '../../src/infra/database/pg-binaries.js';
import { compileSources } from '../harness/compiled.js';
import { startOwnPostgres } from '../harness/own-postgres.js';

const root = process.getuid?.() === 0;

async function answers(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ one: number }>('SELECT 1 AS one')).rows[0].one;
  } finally {
    await client.end();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A clone "in /root": the project (binaries included) under a parent folder only its owner may enter. */
function privateProject(): { parent: string; project: string; native: string; stageRoot: string } {
  const parent = mkdtempSync(join(tmpdir(), 'smartcrop-private-'));
  chmodSync(parent, 0o700);
  const project = join(parent, 'smartcrop');
  mkdirSync(project);
  return {
    parent,
    project,
    native: join(project, 'native'),
    stageRoot: mkdtempSync(join(tmpdir(), 'sc-stage-')),
  };
}

describe('embedded PostgreSQL', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('starts from a project under a private (0700) parent, staging what its OS user cannot reach', async () => {
    const p = privateProject();
    cleanups.push(() => rmSync(p.parent, { recursive: true, force: true }));
    cleanups.push(() => rmSync(p.stageRoot, { recursive: true, force: true }));
    cpSync(await packagedNativeDir(), p.native, { recursive: true, verbatimSymlinks: true });
    chmodSync(p.stageRoot, 0o755);
    const dir = join(p.project, '.data', 'pg');

    const db = await startEmbeddedPostgres(dir, 0, { nativeDir: p.native, stageRoot: p.stageRoot });
    cleanups.push(() => db.stop());

    expect(await answers(db.url)).toBe(1);
    if (root) {
      expect(db.binaries.stagedFrom).toBe(p.native);
      expect(db.binaries.nativeDir.startsWith(p.stageRoot)).toBe(true);
      expect(db.home.startsWith(join(p.stageRoot, 'clusters'))).toBe(true);
      expect(readFileSync(join(db.home, 'origin'), 'utf8').trim()).toBe(resolve(dir));
      expect(db.notes.join('\n')).toContain(db.home);
    } else {
      expect(db.home).toBe(resolve(dir));
    }

    // the same place again after a clean stop: the same cluster, its data kept
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query('CREATE TABLE kept (n int)');
    await client.end();
    await db.stop();
    const again = await startEmbeddedPostgres(dir, 0, { nativeDir: p.native, stageRoot: p.stageRoot });
    cleanups.push(() => again.stop());
    expect(again.home).toBe(db.home);
    const c2 = new pg.Client({ connectionString: again.url });
    await c2.connect();
    expect((await c2.query('SELECT count(*)::int AS n FROM kept')).rows[0].n).toBe(0);
    await c2.end();
  });

  it("a test's own cluster (outage tests) starts the same way from a private project, stops, restarts and freezes", async () => {
    const p = privateProject();
    cleanups.push(() => rmSync(p.parent, { recursive: true, force: true }));
    cleanups.push(() => rmSync(p.stageRoot, { recursive: true, force: true }));
    cpSync(await packagedNativeDir(), p.native, { recursive: true, verbatimSymlinks: true });
    chmodSync(p.stageRoot, 0o755);
    const own = await startOwnPostgres({
      dir: join(p.project, '.data', 'own-pg'),
      nativeDir: p.native,
      stageRoot: p.stageRoot,
    });
    cleanups.push(() => own.close());
    if (root) {
      expect(own.binaries().stagedFrom).toBe(p.native);
      expect(own.home().startsWith(join(p.stageRoot, 'clusters'))).toBe(true);
    }
    expect(await answers(own.database.url)).toBe(1);

    await own.stop();
    expect(await answers(own.database.url).catch((err: Error & { code?: string }) => err.code)).toBe(
      'ECONNREFUSED',
    );
    await own.start();
    expect(await answers(own.database.url)).toBe(1);

    // frozen: the postmaster and every process it forked are stopped (state T) until thawed
    const pids = own.freeze();
    // a backend that had just ended (Z) has no more to do; a signalled one stops when it next runs
    const state = (pid: number) => {
      try {
        const s = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0];
        return s === 'Z' ? 'ended' : s;
      } catch {
        return 'ended';
      }
    };
    const allStopped = async () => {
      for (let i = 0; i < 100 && !pids.every((pid) => ['T', 'ended'].includes(state(pid))); i++)
        await sleep(50);
      return pids.map(state);
    };
    expect(pids.length).toBeGreaterThan(1);
    const states = await allStopped();
    expect(states[0]).toBe('T'); // the postmaster
    expect(states.filter((s) => s !== 'T' && s !== 'ended')).toEqual([]);
    own.thaw();
    expect(pids.map(state)).not.toContain('T');
    expect(await answers(own.database.url)).toBe(1);
  });

  it('reports a server that will not start as one readable line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smartcrop-bad-pg-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const db = await startEmbeddedPostgres(dir, 0);
    await db.stop();
    writeFileSync(join(db.home, 'data', 'PG_VERSION'), '9\n'); // a cluster of a server this one cannot run

    const failure = await startEmbeddedPostgres(dir, 0).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(EmbeddedPostgresError);
    const message = (failure as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^The embedded PostgreSQL in .+ did not start: .*incompatible/);
  });

  it('after its starter was killed with SIGKILL, the next start stops the leftover server and starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smartcrop-crash-pg-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const starter = await compiledStarter();
    cleanups.push(() => rmSync(dirname(dirname(starter)), { recursive: true, force: true }));

    const child = spawn(process.execPath, [starter, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const first = (await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next())
      .value as string;
    const started = JSON.parse(first) as { url: string; home: string };
    const pid = Number.parseInt(readFileSync(join(started.home, 'data', 'postmaster.pid'), 'utf8'), 10);
    // while its starter lives, the server is in use: a second start refuses instead of stopping it
    const inUse = await startEmbeddedPostgres(dir, 0).then(
      () => 'started',
      (err: unknown) => (err as Error).message,
    );
    expect(inUse).toContain(`its server (pid ${pid}) is in use by the running process ${child.pid}`);
    expect(await answers(started.url)).toBe(1);
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
    expect(alive(pid)).toBe(true); // the postmaster outlives its starter (now a child of init)
    expect(await answers(started.url)).toBe(1);

    const db: EmbeddedDatabase = await startEmbeddedPostgres(dir, 0);
    cleanups.push(() => db.stop());
    expect(db.notes.join('\n')).toContain(`Stopped the embedded PostgreSQL (pid ${pid})`);
    expect(alive(pid)).toBe(false);
    expect(await answers(db.url)).toBe(1);
  });
});

/** The starter as a plain Node program that prints its URL and then waits to be killed. */
function compiledStarter(): Promise<string> {
  const out = compileSources(
    ['embedded-postgres', 'pg-binaries', 'pg-cluster-home', 'pg-leftover', 'pg-os-user'].map(
      (f) => `infra/database/${f}.ts`,
    ),
  );
  const main = join(out, 'starter.mjs');
  writeFileSync(
    main,
    `import { startEmbeddedPostgres } from './infra/database/embedded-postgres.js';
const db = await startEmbeddedPostgres(process.argv[2], 0);
process.stdout.write(JSON.stringify({ url: db.url, home: db.home }) + '\\n');
setInterval(() => undefined, 60_000);
`,
  );
  return Promise.resolve(main);
}
