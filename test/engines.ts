import { randomBytes } from 'node:crypto';
import type { SearchBackend } from '../model';
import type { BackendName } from '../search/create-backend';
import type { ElasticsearchConfig } from '../search/elasticsearch/config';
import type { ElasticsearchBackend } from '../search/elasticsearch/elasticsearch-backend';
import { esTestUrl, sharedNodeReady } from '../search/elasticsearch/testing/test-node';

/**
 * The engines HTTP-level tests run on: the embedded one always, Elasticsearch too when the run has
 * a test node (the jest global setup starts one for any run that includes an *.es.test.ts file,
 * so always in CI, where a missing node is an error rather than a reason to skip).
 */
export const ENGINES: BackendName[] = esTestUrl || process.env.CI === 'true' ? ['embedded', 'elasticsearch'] : ['embedded'];

/** Settings for a backend of its own on the run's shared node: indices under a prefix no other test uses. */
export async function engineSettings(engine: BackendName, name: string): Promise<Partial<ElasticsearchConfig> | undefined> {
  if (engine !== 'elasticsearch') return undefined;
  if (!esTestUrl) throw new Error('no test Elasticsearch node (ES_TEST_URL unset) under CI=true');
  await sharedNodeReady();
  // A loaded machine indexes a fixture report in more than the product's few seconds.
  return { url: esTestUrl, indexPrefix: `test-${name}-${randomBytes(3).toString('hex')}`, requestTimeoutMs: 60_000 };
}

/** Closes a backend, and on Elasticsearch drops its indices and templates from the shared node. */
export async function closeBackend(backend: SearchBackend): Promise<void> {
  if (backend.name === 'elasticsearch') {
    const { client, aliases } = backend as ElasticsearchBackend;
    await client.indices.delete({ index: `${aliases.reviews}-*,${aliases.passages}-*`, ignore_unavailable: true }).catch(() => undefined);
    await client.indices.deleteIndexTemplate({ name: `${aliases.reviews},${aliases.passages}` }).catch(() => undefined);
  }
  await backend.close();
}

/** The `scr` flags that reach the same index as this backend. */
export function backendFlags(backend: SearchBackend): string[] {
  if (backend.name !== 'elasticsearch') return ['--backend', 'embedded'];
  const { config } = backend as ElasticsearchBackend;
  return ['--backend', 'elasticsearch', '--es-url', config.url, '--es-index-prefix', config.indexPrefix];
}
