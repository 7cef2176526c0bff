import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The floors of src/, bottom to top: config → common, infra → jobs (runner and ledger) → the domains →
 * scheduler/ (cron ticks, job registry) → the entry points (app.module, main, cli). A file may import its
 * own floor or one below, never one above.
 */
const DOMAINS = ['auth', 'smartcrop', 'filewatcher', 'batchjob', 'dumpdata', 'health', 'metrics'];
const ENTRY = [
  'app\\.module',
  'app\\.factory',
  'main',
  'cli',
  'openapi',
  'openapi\\.document',
  'startup-summary',
];
function floor(files, above, why) {
  const regex = `^(\\.\\./)+(${above.join('|')})(/|\\.js$)`;
  return { files, rules: { 'no-restricted-imports': ['error', { patterns: [{ regex, message: why }] }] } };
}
const FLOORS = [
  floor(
    ['src/config/**'],
    ['common', 'infra', 'jobs', ...DOMAINS, 'scheduler', ...ENTRY],
    'config/ is the ground floor',
  ),
  floor(
    ['src/common/**', 'src/infra/**'],
    ['jobs', ...DOMAINS, 'scheduler', ...ENTRY],
    'infrastructure imports no job, domain or entry point',
  ),
  floor(
    ['src/jobs/**'],
    [...DOMAINS, 'scheduler', ...ENTRY],
    'the job runner and ledger import no domain: the domains use them',
  ),
  floor(
    DOMAINS.map((d) => `src/${d}/**`),
    ['scheduler', ...ENTRY],
    'a domain imports no scheduler or entry point',
  ),
  floor(['src/scheduler/**'], ENTRY, 'the scheduler floor imports no entry point'),
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      '.data/',
      'coverage/',
      'jest.config.js',
      'eslint.config.js',
      'test/client/openapi.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  ...FLOORS,
  {
    files: ['src/**/*.controller.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '\\.repository(\\.js)?$',
              allowTypeImports: true,
              message: 'a controller calls a service',
            },
          ],
        },
      ],
    },
  },
  {
    // the service's own code: a query's rows have a type (infra/database/query.ts), nothing is `any`
    files: ['src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
    },
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
