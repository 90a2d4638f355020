import type { TestNode } from './test-node';

export default async function globalTeardown() {
  await (globalThis as { __esTestNode?: TestNode }).__esTestNode?.stop();
}
