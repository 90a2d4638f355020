import fs from 'node:fs';
import elasticsearchTeardown from '../search/elasticsearch/testing/global-teardown';
import { RUN_DIR_VARIABLE } from './run-dir';

export default async function globalTeardown() {
  await elasticsearchTeardown();
  const runDir = process.env[RUN_DIR_VARIABLE];
  if (runDir) fs.rmSync(runDir, { recursive: true, force: true });
}
