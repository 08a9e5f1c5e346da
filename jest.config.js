'use strict';

/** Two projects: pure unit tests, and integration tests against a booted Strapi. */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

module.exports = {
  // Booting Strapi takes a few seconds; a whole lifecycle test may take longer.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts', '<rootDir>/admin/src/**/*.test.ts'],
      transform,
      testEnvironment: 'node',
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      transform,
      transformIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
      testEnvironment: 'node',
    },
  ],
};
