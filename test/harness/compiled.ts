import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { transformFileSync } from '@swc/core';

/**
 * Some faults only show in a plain Node process (a child killed with SIGKILL, timing that jest's module
 * system changes): these source files, and the project files they import, compiled by SWC as jest does
 * to plain ESM under node_modules/.smartcrop-compiled-*, where Node finds this project's packages. `files`
 * are paths under src/, kept in the same layout in `<folder>/src` (imports out of src/, e.g. migrations/,
 * beside it); returns `<folder>/src` (the caller removes its parent).
 */
export function compileSources(files: string[]): string {
  const out = mkdtempSync(join(resolve('node_modules'), '.smartcrop-compiled-'));
  const done = new Set<string>();
  const compile = (file: string) => {
    if (done.has(file)) return;
    done.add(file);
    const { code } = transformFileSync(resolve('src', file), {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'es6' },
    });
    const target = join(out, 'src', file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, code);
    for (const [, rel] of code.matchAll(/from ['"](\.{1,2}\/[^'"]+)\.js['"]/g))
      compile(posix.normalize(posix.join(posix.dirname(file), `${rel}.ts`)));
  };
  files.forEach(compile);
  writeFileSync(join(out, 'package.json'), '{"type":"module"}');
  return join(out, 'src');
}
