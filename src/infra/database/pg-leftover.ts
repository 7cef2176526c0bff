import { readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
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

/** The live Node process that started the server (a running service), if its parent is one. */
function startedByLiveNode(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number.parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? '', 10);
    if (ppid <= 1 || ppid === process.pid) return undefined;
    // the executable, not `comm`: Node 24 names its main thread "MainThread"
    return /^node/.test(basename(readlinkSync(`/proc/${ppid}/exe`))) ? ppid : undefined;
  } catch {
    return undefined;
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
 * start beside it. A server whose parent is still a live Node process belongs to a running service and is
 * left alone (the start fails). Returns a sentence for the start-up output when something was done.
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
  // orphaned (its service was killed, so init adopted it) unless a running service is still its parent
  const owner = startedByLiveNode(pid);
  if (owner)
    throw new Error(`its server (pid ${pid}) is in use by the running process ${owner}; stop that first`);
  process.kill(pid, 'SIGINT');
  if (!(await exited(pid, 30_000))) {
    process.kill(pid, 'SIGQUIT');
    if (!(await exited(pid, 10_000)))
      throw new Error(`the server left running from an earlier start (pid ${pid}) does not stop`);
  }
  return `Stopped the embedded PostgreSQL (pid ${pid}) left running by an earlier start that did not stop it`;
}
