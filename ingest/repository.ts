import type { SearchBackend } from '../model';
import { Store } from '../store/store';
import { createBackend, type BackendName } from '../search/create-backend';
import type { ElasticsearchConfig } from '../search/elasticsearch/config';
import type { Tagger, Taxonomy } from '../taxonomy';

/** Everything a command needs to work on one data dir: the store, its index and the tagger. */
export interface Repository {
  store: Store;
  backend: SearchBackend;
  taxonomy: Taxonomy;
  tagger: Tagger;
}

/** The taxonomy and its compiled patterns cost a second to load; commands that never tag (reindex, backup, export) never pay it. */
function taxonomyModule(): typeof import('../taxonomy') {
  return require('../taxonomy');
}

export async function openRepository(
  dataDir: string,
  backendName: BackendName,
  elasticsearch?: Partial<ElasticsearchConfig>,
): Promise<Repository> {
  const store = new Store(dataDir);
  const backend = await createBackend({ backend: backendName, dataDir, elasticsearch });
  let taxonomy: Taxonomy | undefined;
  let tagger: Tagger | undefined;
  const repo: Repository = {
    store,
    backend,
    get taxonomy() {
      return (taxonomy ??= taxonomyModule().loadTaxonomy());
    },
    get tagger() {
      return (tagger ??= taxonomyModule().createTagger(repo.taxonomy));
    },
  };
  return repo;
}
