import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where SQL text may live (issue 17): repositories, migrations and the database floor. */
const ALLOWED = [/\.repository\.ts$/, /^src\/infra\/database\//, /\.spec\.ts$/];
const STATEMENT = /\b(SELECT\s+\S|INSERT INTO|UPDATE\s+\w+\s+SET|DELETE FROM|BEGIN;|COMMIT;)/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Code lines only: comments may name a statement (`SELECT 1`) without holding one. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

describe('SQL placement', () => {
  it('keeps SQL text in *.repository.ts, migrations/ and src/infra/database/ only', () => {
    const offenders = sources('src')
      .filter((path) => !ALLOWED.some((rule) => rule.test(path)))
      .filter((path) => STATEMENT.test(code(readFileSync(path, 'utf8'))));
    expect(offenders).toEqual([]);
  });
});
