import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { transformFile } from '@swc/core';
import type { DataSource } from 'typeorm';

const ROOT = process.cwd();

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sources(path);
    return d.name.endsWith('.ts') && !d.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * Compiles src/ and migrations/ with SWC (as jest does) into a temp folder that resolves the project's
 * node_modules, and returns the CLI's entry: the same code `npm run job` runs from dist/, without a full
 * `nest build` inside the test.
 */
export async function buildCli(): Promise<{ cli: string; dir: string }> {
  const out = mkdtempSync(join(tmpdir(), 'smartcrop-cli-'));
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }');
  symlinkSync(join(ROOT, 'node_modules'), join(out, 'node_modules'));
  const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'migrations'))];
  await Promise.all(
    files.map(async (file) => {
      const { code } = await transformFile(file, {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'es6' },
      });
      const target = join(out, relative(ROOT, file)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, code);
    }),
  );
  return { cli: join(out, 'src', 'cli.js'), dir: out };
}

export interface JobProcess {
  child: ChildProcess;
  /** Resolves when the process reports it stopped at its SMARTCROP_PAUSE_AT point. */
  paused: Promise<void>;
  /** Resolves when it exits, with what it wrote. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** `node cli.js <args>` in `cwd` with exactly `env` (plus PATH). */
export function spawnJob(cli: string, args: string[], env: Record<string, string>, cwd: string): JobProcess {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  const paused = new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      if (stderr.includes('smartcrop: paused at ')) resolve();
    });
    child.on('exit', () => reject(new Error(`the job exited before its pause point:\n${stdout}\n${stderr}`)));
  });
  paused.catch(() => undefined);
  const exited = new Promise<Awaited<JobProcess['exited']>>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, paused, exited };
}

/**
 * Kills the job with SIGKILL and waits until the database has ended its sessions: no job lock held and no
 * export connection left (the test's own app holds neither while it runs no job).
 */
export async function killJob(job: JobProcess, db: DataSource): Promise<void> {
  job.child.kill('SIGKILL');
  await job.exited;
  for (let i = 0; i < 200; i++) {
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT ((SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                 WHERE l.locktype = 'advisory' AND d.datname = current_database())
             + (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                  AND (application_name LIKE 'smartcrop-batch%' OR application_name = 'smartcrop-dump')))::int AS n`,
    );
    if (n === 0) return;
    await sleep(50);
  }
  throw new Error('the killed job still has database sessions');
}
