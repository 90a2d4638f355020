import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import os from 'node:os';
import { writeFileAtomic } from '../../../lib/atomic-write';
import { startTestNodeEarly, type NodeState, type TestNode } from './test-node';

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

/** A free port for the node, chosen here so the test files can be given its address before it is up. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Starts one real Elasticsearch node for the whole run and hands its address to the test files
 * as ES_TEST_URL (never ES_URL, which may name a real cluster). ES_TEST_URL set beforehand means
 * "use this node". Without a JDK 21+ or Maven the Elasticsearch tests are skipped, except under
 * CI=true, where that is an error.
 *
 * The run does not wait for the JVM: the other test files start at once, and the Elasticsearch
 * tests wait for the node's state, which this setup writes to ES_TEST_NODE_STATE once it is known.
 */
export default async function globalSetup(globalConfig: GlobalConfig) {
  if (process.env.ES_TEST_URL || !needsNode(globalConfig)) return;
  const started = Date.now();
  const port = await freePort();
  const node = await startTestNodeEarly({ port });
  if ('unavailable' in node) {
    const message = `Elasticsearch tests need a JDK 21+ and Maven to run a test node: ${node.unavailable}`;
    if (process.env.CI === 'true') throw new Error(`${message} (CI=true: they must run, not skip)`);
    process.stderr.write(`\n[elasticsearch] SKIPPING the Elasticsearch tests. ${message}\n`);
    process.env.ES_TEST_SKIPPED = node.unavailable;
    return;
  }
  const url = `http://127.0.0.1:${port}`;
  const stateFile = path.join(os.tmpdir(), `scr-es-test-node-${process.pid}-${port}.json`);
  fs.rmSync(stateFile, { force: true });
  process.env.ES_TEST_URL = url;
  process.env.ES_TEST_NODE_STATE = stateFile;
  const state = (value: NodeState) => writeFileAtomic(stateFile, JSON.stringify(value));
  (globalThis as { __esTestNode?: Promise<TestNode | undefined> }).__esTestNode = node.ready.then(
    (ready) => {
      if (ready.url !== url) state({ error: `the test node answers at ${ready.url}, not ${url}` });
      else {
        process.stderr.write(`\n[elasticsearch] test node ${ready.version} at ${ready.url} (ready in ${Date.now() - started} ms)\n`);
        state({ version: ready.version });
      }
      return ready;
    },
    (err: Error) => {
      state({ error: err.message });
      return undefined;
    },
  );
}
