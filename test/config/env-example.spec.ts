import { readFileSync } from 'node:fs';
import { getMetadataStorage } from 'class-validator';
import { EnvSchema } from '../../src/config/env.schema.js';
import { loadConfig } from '../../src/config/config.js';

/** .env.example documents every variable the service reads, and its values are valid as they stand. */
describe('.env.example', () => {
  const text = readFileSync('.env.example', 'utf8');
  const documented = new Map(
    text
      .split('\n')
      .filter((l) => /^[A-Z0-9_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
  );

  it('lists every variable of the schema', () => {
    const names = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(EnvSchema, '', true, false)
        .map((m) => m.propertyName),
    );
    expect([...names].filter((n) => !documented.has(n))).toEqual([]);
    expect([...documented.keys()].filter((n) => !names.has(n))).toEqual([]);
  });

  it('loads as a valid configuration', () => {
    expect(() => loadConfig(Object.fromEntries(documented))).not.toThrow();
  });
});
