import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import elasticsearchSetup from '../search/elasticsearch/testing/global-setup';
import { RUN_DIR_VARIABLE } from './run-dir';

/** What every test run shares: a directory for fixture repositories ingested once (fixtureRepository), and the Elasticsearch node. */
export default async function globalSetup(globalConfig: Parameters<typeof elasticsearchSetup>[0]) {
  process.env[RUN_DIR_VARIABLE] = fs.mkdtempSync(path.join(os.tmpdir(), 'scr-test-run-'));
  await elasticsearchSetup(globalConfig);
}
