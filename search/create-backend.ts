import path from 'node:path';
import type { SearchBackend } from '../model';
import { EmbeddedBackend } from './embedded/embedded-backend';
import { ElasticsearchBackend } from './elasticsearch/elasticsearch-backend';
import { elasticsearchConfig, type ElasticsearchConfig } from './elasticsearch/config';

export type BackendName = 'embedded' | 'elasticsearch';

export interface BackendOptions {
  backend: BackendName;
  dataDir: string;
  /** Over the ES_* environment variables; see docs/elasticsearch.md. */
  elasticsearch?: Partial<ElasticsearchConfig>;
}

/** The one place that knows which engines exist; everything else holds a SearchBackend. */
export async function createBackend(options: BackendOptions): Promise<SearchBackend> {
  let backend: SearchBackend;
  switch (options.backend) {
    case 'embedded':
      backend = new EmbeddedBackend(path.join(options.dataDir, 'index', 'search.sqlite'));
      break;
    case 'elasticsearch':
      backend = new ElasticsearchBackend(elasticsearchConfig(options.elasticsearch));
      break;
    default:
      throw new Error(`unknown search backend "${options.backend}" (use embedded or elasticsearch)`);
  }
  await backend.init();
  return backend;
}
