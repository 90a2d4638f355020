/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // TypeScript is transpiled per file (type checking is `npm run typecheck`); a few dependencies
  // ship ES modules only, so the same transpiler turns them into CommonJS for jest's module loader.
  transform: {
    '^.+\\.(ts|m?js)$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022', esModuleInterop: true, isolatedModules: true } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|feed)/)'],
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/data/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  testTimeout: 60000,
  // One real Elasticsearch node for the run, when it includes a *.es.test.ts file.
  globalSetup: '<rootDir>/search/elasticsearch/testing/global-setup.ts',
  globalTeardown: '<rootDir>/search/elasticsearch/testing/global-teardown.ts',
};
