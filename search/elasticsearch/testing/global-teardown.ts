import fs from 'node:fs';
import type { TestNode } from './test-node';

export default async function globalTeardown() {
  const node = await (globalThis as { __esTestNode?: Promise<TestNode | undefined> }).__esTestNode;
  await node?.stop();
  if (process.env.ES_TEST_NODE_STATE) fs.rmSync(process.env.ES_TEST_NODE_STATE, { force: true });
}
