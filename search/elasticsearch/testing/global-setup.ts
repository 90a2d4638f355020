import fs from 'node:fs';
import path from 'node:path';
import { startTestNode, type TestNode } from './test-node';

/** Test files that need a node are named *.es.test.ts. */
const ES_TEST = /\.es\.test\.ts$/;

function esTestFiles(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((f) => ES_TEST.test(f) && !/(^|\/)(node_modules|dist)\//.test(f))
    .map((f) => path.join(root, f));
}

/** Only runs that include an Elasticsearch test pay for starting the node. */
interface GlobalConfig {
  rootDir: string;
  testPathPatterns?: { patterns: string[] };
}

function needsNode(globalConfig: GlobalConfig): boolean {
  const patterns = globalConfig.testPathPatterns?.patterns ?? [];
  if (!patterns.length) return true;
  const files = esTestFiles(globalConfig.rootDir);
  return patterns.some((p) => files.some((f) => new RegExp(p, 'i').test(f)));
}

/**
 * Starts one real Elasticsearch node for the whole run and hands its address to the test files
 * as ES_TEST_URL (never ES_URL, which may name a real cluster). ES_TEST_URL set beforehand means
 * "use this node". Without a JDK 21+ or Maven the Elasticsearch tests are skipped, except under
 * CI=true, where that is an error.
 */
export default async function globalSetup(globalConfig: GlobalConfig) {
  if (process.env.ES_TEST_URL || !needsNode(globalConfig)) return;
  const started = Date.now();
  const node = await startTestNode();
  if ('unavailable' in node) {
    const message = `Elasticsearch tests need a JDK 21+ and Maven to run a test node: ${node.unavailable}`;
    if (process.env.CI === 'true') throw new Error(`${message} (CI=true: they must run, not skip)`);
    process.stderr.write(`\n[elasticsearch] SKIPPING the Elasticsearch tests. ${message}\n`);
    process.env.ES_TEST_SKIPPED = node.unavailable;
    return;
  }
  process.stderr.write(`\n[elasticsearch] test node ${node.version} at ${node.url} (ready in ${Date.now() - started} ms)\n`);
  process.env.ES_TEST_URL = node.url;
  (globalThis as { __esTestNode?: TestNode }).__esTestNode = node;
}
