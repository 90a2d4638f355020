import { esTestUrl, sharedNodeReady } from './test-node';

export { esTestUrl };

/**
 * describe() for tests that need a real Elasticsearch: skipped (with the reason the global
 * setup printed) when this machine cannot run the test node, and failing under CI=true.
 */
export function describeWithEs(name: string, fn: () => void): void {
  if (esTestUrl) {
    describe(name, () => {
      // First of the block's hooks, so every other one finds the node up.
      beforeAll(sharedNodeReady, 600_000);
      fn();
    });
  }
  else if (process.env.CI === 'true') {
    describe(name, () => it('has a test Elasticsearch node', () => {
      throw new Error('no test Elasticsearch node (ES_TEST_URL unset) under CI=true');
    }));
  } else describe.skip(`${name} (skipped: ${process.env.ES_TEST_SKIPPED ?? 'no test Elasticsearch node'})`, fn);
}
