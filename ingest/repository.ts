import type { SearchBackend } from '../model';
import { Store } from '../store/store';
import { createBackend, type BackendName } from '../search/create-backend';
import type { ElasticsearchConfig } from '../search/elasticsearch/config';
import { createTagger, loadTaxonomy, type Tagger, type Taxonomy } from '../taxonomy';

/** Everything a command needs to work on one data dir: the store, its index and the tagger. */
export interface Repository {
  store: Store;
  backend: SearchBackend;
  taxonomy: Taxonomy;
  tagger: Tagger;
}

export async function openRepository(
  dataDir: string,
  backendName: BackendName,
  elasticsearch?: Partial<ElasticsearchConfig>,
): Promise<Repository> {
  const store = new Store(dataDir);
  const taxonomy = loadTaxonomy();
  const backend = await createBackend({ backend: backendName, dataDir, elasticsearch });
  return { store, backend, taxonomy, tagger: createTagger(taxonomy) };
}
