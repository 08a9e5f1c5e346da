'use strict';

/**
 * Projects:
 * - `unit`: pure code;
 * - `integration`, `integration-postgres`, `integration-mysql`: the same integration tests against a
 *   booted Strapi on SQLite, PostgreSQL and MySQL/MariaDB (a scratch database per boot, see
 *   tests/helpers/databases.ts; a server that cannot be reached fails the tests, nothing is skipped);
 * - `cluster`: several Strapi processes on one PostgreSQL database;
 * - `e2e`: the admin panel in a browser;
 * - `install`: the packed package installed with npm and pnpm into a new Strapi app.
 * `npm test` runs them all; `--selectProjects <name>` one of them.
 */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

/** A project that boots Strapi on `dialect` (INVOICING_TEST_DB, set by its setup file). */
const booting = (displayName, testMatch, dialect) => ({
  displayName,
  testMatch,
  transform,
  transformIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
  setupFiles: [`<rootDir>/tests/setup/${dialect}.ts`],
  // Jest's node environment that also drops any scratch database a test file left behind.
  testEnvironment: '<rootDir>/tests/setup/environment.ts',
  ...(dialect === 'sqlite'
    ? {}
    : {
        // Drop the databases of test processes that died (a killed worker cannot drop its own).
        globalSetup: '<rootDir>/tests/setup/reap-databases.ts',
        globalTeardown: '<rootDir>/tests/setup/reap-databases.ts',
      }),
});

const integration = ['<rootDir>/tests/integration/**/*.test.ts'];

module.exports = {
  // Booting Strapi takes a few seconds on SQLite and up to ~20 s on a loaded machine on PostgreSQL or
  // MariaDB (a fresh database: every table is created); a whole lifecycle test may take longer.
  testTimeout: 180000,
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts', '<rootDir>/admin/src/**/*.test.ts'],
      transform,
      testEnvironment: 'node',
    },
    booting('integration', integration, 'sqlite'),
    booting('integration-postgres', integration, 'postgres'),
    booting('integration-mysql', integration, 'mysql'),
    booting('cluster', ['<rootDir>/tests/cluster/**/*.test.ts'], 'postgres'),
    booting('e2e', ['<rootDir>/tests/e2e/**/*.test.ts'], 'sqlite'),
    {
      // The packed plugin installed with npm and pnpm into a fresh Strapi app (installs, production
      // builds and a browser: about ten minutes).
      displayName: 'install',
      testMatch: ['<rootDir>/tests/install/**/*.test.ts'],
      transform,
      testEnvironment: 'node',
    },
  ],
};
