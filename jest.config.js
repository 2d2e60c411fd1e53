/** Two projects: fast unit tests beside the code, integration tests against a real database. */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }] };

module.exports = {
  // Jest reads testTimeout from the top level only (inside projects[] it is ignored). It bounds every
  // test and hook; on a busy 2-core machine a test database clone alone can take several seconds.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/src/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/tests/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/setup/global-setup.ts',
      globalTeardown: '<rootDir>/tests/setup/global-teardown.ts',
      setupFiles: ['reflect-metadata'],
    },
  ],
};
