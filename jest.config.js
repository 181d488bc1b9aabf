// Four projects: plain unit tests, workflow tests on the time-skipping test
// server, integration tests on the real stack (Postgres, Temporal dev server,
// SMTP), which get one shared Postgres and dev server per run, and fault tests,
// each file running services of its own that it stops, restarts and kills.
// The last three share one workflow bundle per run (test/support/workflow-bundle.ts).
//
// openid-client and its two dependencies are ES modules only. Jest's module
// loader cannot load ES modules without --experimental-vm-modules, so swc
// compiles them to CommonJS like the tests (tsc leaves the sources' import()
// a real dynamic import, which loads them natively in the built app).
const ES_MODULE_PACKAGES = '(openid-client|oauth4webapi|jose)';
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  [`/node_modules/${ES_MODULE_PACKAGES}/.+\\.js$`]: ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
};
const common = {
  transform,
  transformIgnorePatterns: [`/node_modules/(?!${ES_MODULE_PACKAGES}/)`],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120_000,
  // Most tests wait on servers, browsers and timers, so two workers on a 2-core machine take half the time of one.
  maxWorkers: 2,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'workflows',
      testMatch: ['<rootDir>/test/workflows/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/support/quiet-temporal.ts'],
      globalSetup: '<rootDir>/test/support/workflow-bundle.ts',
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/support/quiet-temporal.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/support/quiet-temporal.ts'],
      globalSetup: '<rootDir>/test/support/workflow-bundle.ts',
    },
  ],
};
