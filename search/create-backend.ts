import path from 'node:path';
import type { SearchBackend } from '../model';
import { EmbeddedBackend } from './embedded/embedded-backend';
import type { ElasticsearchConfig } from './elasticsearch/config';
import { taxonomyVocabulary, type SearchVocabulary } from './fields';

export type BackendName = 'embedded' | 'elasticsearch';

export interface BackendOptions {
  backend: BackendName;
  dataDir: string;
  /** Over the ES_* environment variables; see docs/elasticsearch.md. */
  elasticsearch?: Partial<ElasticsearchConfig>;
  /** The field table, theme hierarchy and search terms; the taxonomy's by default. */
  vocabulary?: SearchVocabulary;
}

/** The one place that knows which engines exist; everything else holds a SearchBackend. */
export async function createBackend(options: BackendOptions): Promise<SearchBackend> {
  let backend: SearchBackend;
  const vocab = options.vocabulary ?? taxonomyVocabulary();
  switch (options.backend) {
    case 'embedded':
      backend = new EmbeddedBackend(path.join(options.dataDir, 'index', 'search.sqlite'), vocab);
      break;
    case 'elasticsearch': {
      // Loaded only when chosen: its client costs time to load.
      const [{ ElasticsearchBackend }, { elasticsearchConfig }] = await Promise.all([
        import('./elasticsearch/elasticsearch-backend'),
        import('./elasticsearch/config'),
      ]);
      backend = new ElasticsearchBackend(elasticsearchConfig(options.elasticsearch), vocab);
      break;
    }
    default:
      throw new Error(`unknown search backend "${options.backend}" (use embedded or elasticsearch)`);
  }
  await backend.init();
  return backend;
}
