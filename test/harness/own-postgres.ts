import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
  type EmbeddedOptions,
} from '../../src/infra/database/embedded-postgres.js';
import type { PgBinaries } from '../../src/infra/database/pg-binaries.js';
import type { TestDatabase } from './database.js';

/**
 * A PostgreSQL cluster of a test file's own, for outage tests: stopping or freezing the run's shared
 * cluster would break every other test file running beside it. Started by the service's own starter, so
 * as root in a private clone its binaries and data are staged where the `postgres` OS user can reach them,
 * as for `npm start` and the run's shared cluster. `stop()`/`start()` shut it down and bring it back on the
 * same port with the same data; `freeze()`/`thaw()` send SIGSTOP/SIGCONT to the postmaster and every
 * process it forked (the backends, checkpointer, walwriter…), which is a server that accepts TCP
 * connections and then never answers.
 */
export interface OwnPostgres {
  /** The `smartcrop` database of this cluster, shaped for startTestApp's `database` option. */
  database: TestDatabase;
  /** Where the running (or last) server's files and binaries are. */
  home(): string;
  binaries(): PgBinaries;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Returns the processes it stopped, postmaster first. */
  freeze(): number[];
  thaw(): void;
  /** Thaws, stops and deletes the cluster. */
  close(): Promise<void>;
}

export interface OwnPostgresOptions extends Pick<EmbeddedOptions, 'nativeDir' | 'stageRoot'> {
  /** The cluster's folder (default: a new temp dir). */
  dir?: string;
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

export async function startOwnPostgres(opts: OwnPostgresOptions = {}): Promise<OwnPostgres> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'smartcrop-own-pg-'));
  const port = await freePort();
  const options: EmbeddedOptions = {
    persistent: true, // stop() keeps the data for start(); close() deletes it
    durable: false,
    maxConnections: 50,
    nativeDir: opts.nativeDir,
    stageRoot: opts.stageRoot,
  };
  let db: EmbeddedDatabase = await startEmbeddedPostgres(dir, port, options);
  let frozen: number[] = [];
  let running = true;
  const postmaster = () =>
    Number(readFileSync(join(db.home, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const own: OwnPostgres = {
    database: { url: db.url, name: 'smartcrop', drop: () => Promise.resolve() },
    home: () => db.home,
    binaries: () => db.binaries,
    stop: async () => {
      own.thaw();
      await db.stop();
      running = false;
    },
    start: async () => {
      // the same folder and port: the same cluster, superuser password and URL
      db = await startEmbeddedPostgres(dir, port, options);
      running = true;
    },
    freeze: () => {
      const pid = postmaster();
      // the postmaster first, so it forks nothing new while its children are stopped
      process.kill(pid, 'SIGSTOP');
      frozen = [pid, ...childrenOf(pid)];
      for (const child of frozen.slice(1)) process.kill(child, 'SIGSTOP');
      return frozen;
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
      rmSync(db.home, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return own;
}
