import type { Repository } from './repository';
import { tagRecord } from './pipeline';
import { reindex } from '../search/reindex';

/**
 * Re-tag every stored review from its stored passages (no extraction), then re-index the
 * published ones in one rebuild: batches of reviews per transaction (or bulk request), rather
 * than one each.
 */
export async function retagAll(repo: Repository): Promise<number> {
  let n = 0;
  for (const record of repo.store.all()) {
    repo.store.put({ ...tagRecord(record, { tagger: repo.tagger, taxonomyVersion: repo.taxonomy.version }), updatedAt: new Date().toISOString() });
    n++;
  }
  await reindex(repo.store, repo.backend);
  return n;
}
