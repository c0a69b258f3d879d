// One Jest run covers unit tests (*.spec.ts, next to the code) and e2e tests (test/**/*.e2e-spec.ts).
// The project is ESM (NestJS 12 ships ESM only), so Jest runs in its ESM mode
// (--experimental-vm-modules); SWC compiles TypeScript with decorator metadata for Nest's DI.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/migrations', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^@app/contracts$': '<rootDir>/libs/contracts/src/index.ts',
    '^@app/runtime$': '<rootDir>/libs/runtime/src/index.ts',
    // Tests reach the apps' modules by alias rather than by long relative paths.
    '^@server/(.*)\\.js$': '<rootDir>/apps/server/src/$1',
    '^@runner/(.*)\\.js$': '<rootDir>/apps/runner/src/$1',
    '^@test/(.*)\\.js$': '<rootDir>/test/$1',
    // Sources import siblings as './x.js' (what Node needs at run time); Jest finds './x.ts'.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/support/skipped-tests-reporter.cjs'],
};
