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
  // How long a worker may take to exit once its files are done before Jest kills it and prints "A worker
  // process has failed to exit gracefully". Jest's 500 ms includes the message reaching the worker and the
  // worker being scheduled: on the shared 2-core machine (load 20+) two unit-test files with no handle
  // open were killed at 500 ms, and given 10 s they exited by themselves 1 and 205 ms after being asked.
  // A real leak (a ref'd timer, socket or pool) still keeps a worker past 5 s and is still reported.
  workerGracefulExitTimeout: 5000,
  testTimeout: 180000,
};
