import type { Repository } from './repository';
import { tagRecord } from './pipeline';

/** Re-tag every stored review from its stored passages (no extraction) and re-index the published ones. */
export async function retagAll(repo: Repository): Promise<number> {
  let n = 0;
  for (const record of repo.store.all()) {
    const retagged = { ...tagRecord(record, { tagger: repo.tagger, taxonomyVersion: repo.taxonomy.version }), updatedAt: new Date().toISOString() };
    repo.store.put(retagged);
    if (retagged.status === 'published') await repo.backend.index(retagged);
    n++;
  }
  return n;
}
