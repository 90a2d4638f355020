/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // A few dependencies ship ES modules only; swc turns them into CommonJS for jest's module loader.
  transform: { '^.+\\.(ts|m?js)$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|feed)/)'],
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/data/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  testTimeout: 60000,
};
