/**
 * Jest over native ESM (NestJS 12 ships ESM only): `npm test` runs node with --experimental-vm-modules,
 * @swc/jest compiles TypeScript with decorator metadata, and `.js` suffixes of relative imports are
 * mapped back to the `.ts` sources. Global setup starts one PostgreSQL for the run and migrates a
 * template database; each test file clones its own database from it (test/harness/database.ts).
 */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup/reflect.ts', '<rootDir>/test/setup/quiet-logs.ts'],
  maxWorkers: 2,
  testTimeout: 180000,
};
