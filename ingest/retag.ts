import type { Repository } from './repository';
import { tagRecord } from './tag-record';
import { themeDisagreements, type ThemeDisagreement } from './theme-decisions';
import { reindex } from '../search/reindex';

export interface RetagResult {
  reviews: number;
  /** Where the tagger now disagrees with an editor's decision; the decision is kept. */
  disagreements: ThemeDisagreement[];
}

/**
 * Re-tag every stored review from its stored passages (no extraction), editors' theme decisions
 * standing, then re-index the published ones in one rebuild: batches of reviews per transaction
 * (or bulk request), rather than one each.
 */
export async function retagAll(repo: Repository): Promise<RetagResult> {
  let reviews = 0;
  const disagreements: ThemeDisagreement[] = [];
  for (const record of repo.store.all()) {
    const retagged = { ...tagRecord(record, { tagger: repo.tagger, taxonomyVersion: repo.taxonomy.version }), updatedAt: new Date().toISOString() };
    repo.store.put(retagged);
    disagreements.push(...themeDisagreements(retagged));
    reviews++;
  }
  await reindex(repo.store, repo.backend);
  return { reviews, disagreements };
}
