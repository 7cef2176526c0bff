/**
 * CPU and memory of other processes, read from /proc (Linux): the service (and its cluster workers) and
 * the PostgreSQL server (the postmaster and every backend, including the ones that ended meanwhile).
 */
import { readFileSync, readdirSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on every Linux the bench runs on

interface Stat {
  pid: number;
  ppid: number;
  /** utime + stime of the process itself, ms */
  own: number;
  /** cutime + cstime: children it has waited for (ended backends, ended workers), ms */
  reaped: number;
}

function stat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name is in parentheses and may hold spaces: the fields start after the last ')'
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(f[i - 3]);
    return { pid, ppid: n(4), own: (n(14) + n(15)) * TICK_MS, reaped: (n(16) + n(17)) * TICK_MS };
  } catch {
    return undefined; // it ended between the listing and the read
  }
}

function all(): Stat[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => stat(Number(d)))
    .filter((s): s is Stat => s !== undefined);
}

/** CPU ms used so far by `pid` and every descendant, living or ended (once reaped). */
export function treeCpuMs(pid: number): number {
  const stats = all();
  const children = new Map<number, Stat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const root = stats.find((s) => s.pid === pid);
  if (!root) return NaN;
  let total = 0;
  const walk = (s: Stat) => {
    total += s.own + s.reaped;
    for (const c of children.get(s.pid) ?? []) walk(c);
  };
  walk(root);
  return total;
}

/** Resident memory of `pid` and its descendants, MB. */
export function treeRssMb(pid: number): number {
  const stats = all();
  const ids = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const s of stats)
      if (ids.has(s.ppid) && !ids.has(s.pid)) {
        ids.add(s.pid);
        grew = true;
      }
  }
  let kb = 0;
  for (const id of ids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${id}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // ended meanwhile
    }
  }
  return kb / 1024;
}

/** The postmaster of the server a backend runs under (the backend's parent). */
export function parentOf(pid: number): number {
  const s = stat(pid);
  if (!s) throw new Error(`no process ${pid}: is PostgreSQL on this machine?`);
  return s.ppid;
}

/** Samples `read()` every `everyMs` until stopped; the peak. */
export function peakSampler(read: () => number, everyMs = 10): { stop(): number } {
  let peak = read();
  const timer = setInterval(() => (peak = Math.max(peak, read())), everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, read());
    },
  };
}
