import { readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A postmaster runs with its data dir as working directory; that and its name identify it. */
function isPostmasterOf(pid: number, dataDir: string): boolean {
  try {
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    return comm === 'postgres' && readlinkSync(`/proc/${pid}/cwd`) === realpathSync(dataDir);
  } catch {
    return false;
  }
}

async function exited(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (!alive(pid)) return true;
  return !alive(pid);
}

/**
 * Before a start: a server of this cluster left running by a start that was killed (kill -9 takes the
 * service but not its postmaster, which then belongs to init) is stopped with a fast shutdown (SIGINT:
 * sessions end, the cluster is left clean), then immediate (SIGQUIT) if it hangs. A `postmaster.pid`
 * whose process is gone or is some other program is stale and removed, since the server would refuse to
 * start beside it. Returns a sentence for the start-up output when something was done.
 */
export async function clearLeftoverServer(dataDir: string): Promise<string | undefined> {
  const pidFile = join(dataDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || !isPostmasterOf(pid, dataDir)) {
    rmSync(pidFile, { force: true });
    return undefined;
  }
  process.kill(pid, 'SIGINT');
  if (!(await exited(pid, 30_000))) {
    process.kill(pid, 'SIGQUIT');
    if (!(await exited(pid, 10_000)))
      throw new Error(`the server left running from an earlier start (pid ${pid}) does not stop`);
  }
  return `Stopped the embedded PostgreSQL (pid ${pid}) left running by an earlier start that did not stop it`;
}
