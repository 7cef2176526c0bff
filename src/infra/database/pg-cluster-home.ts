import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_STAGE_ROOT } from './pg-binaries.js';
import { userCan, type PgOsUser } from './pg-os-user.js';

/**
 * The folder a cluster lives in: `dir` itself, unless the server's OS user (`postgres`, as root) cannot
 * enter it, as in a clone under /root. Then `<stageRoot>/clusters/<name>-<hash of dir>`: the same folder
 * on every start from the same place, named in the start-up output, with an `origin` file saying whose it is.
 */
export function clusterHome(
  dir: string,
  user: PgOsUser | undefined,
  stageRoot = DEFAULT_STAGE_ROOT,
): { home: string; note?: string } {
  const wanted = resolve(dir);
  mkdirSync(wanted, { recursive: true });
  if (!user) return { home: wanted };
  chmodSync(wanted, 0o755); // holds only the cluster (its data dir is the server's, 0700) and a 0600 secret
  if (userCan(user, 'x', wanted)) return { home: wanted };
  const hash = createHash('sha256').update(wanted).digest('hex').slice(0, 12);
  const name = wanted
    .split('/')
    .filter(Boolean)
    .slice(-3)
    .join('-')
    .replace(/[^\w.-]/g, '_');
  const home = join(stageRoot, 'clusters', `${name}-${hash}`);
  mkdirSync(home, { recursive: true });
  for (const d of [stageRoot, join(stageRoot, 'clusters'), home]) chmodSync(d, 0o755);
  if (!existsSync(join(home, 'origin'))) writeFileSync(join(home, 'origin'), `${wanted}\n`);
  return {
    home,
    note: `The embedded PostgreSQL keeps its data in ${home}: the "postgres" OS user it runs as cannot reach ${wanted}`,
  };
}
