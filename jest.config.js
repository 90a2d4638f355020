const os = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  // Jest's default (one worker per core but one) runs a 2-core machine's suite in band; much of
  // it waits on child processes (the CLI, soffice, tesseract, a JVM), so a second worker overlaps
  // that waiting with work: about 0.7 of the in-band time there, loaded or not (docs/benchmarks.md).
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
  testEnvironment: 'node',
  // TypeScript is transpiled per file (type checking is `npm run typecheck`). Dependencies that ship
  // ES modules only (feed, content-disposition, pdf.js) load as ES modules as they are: Node 24 can
  // require them, and jest runs with --experimental-vm-modules.
  transform: {
    '^.+\\.(ts|m?js)$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022', esModuleInterop: true, isolatedModules: true } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/'],
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/data/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  testTimeout: 60000,
  // One real Elasticsearch node for the run, when it includes a *.es.test.ts file; fixture
  // repositories ingested once for the run.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
};
