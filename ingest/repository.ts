import type { SearchBackend } from '../model';
import { Store } from '../store/store';
import { createBackend, type BackendName } from '../search/create-backend';
import { createTagger, loadTaxonomy, type Tagger, type Taxonomy } from '../taxonomy';

/** Everything a command needs to work on one data dir: the store, its index and the tagger. */
export interface Repository {
  store: Store;
  backend: SearchBackend;
  taxonomy: Taxonomy;
  tagger: Tagger;
}

export async function openRepository(dataDir: string, backendName: BackendName): Promise<Repository> {
  const store = new Store(dataDir);
  const taxonomy = loadTaxonomy();
  const backend = await createBackend({ backend: backendName, dataDir });
  return { store, backend, taxonomy, tagger: createTagger(taxonomy) };
}
