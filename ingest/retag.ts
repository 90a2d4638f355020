import type { Repository } from './repository';
import { tagRecord } from './pipeline';
import { themeDisagreements, type ThemeDisagreement } from './theme-decisions';

export interface RetagResult {
  reviews: number;
  /** Where the tagger now disagrees with an editor's decision; the decision is kept. */
  disagreements: ThemeDisagreement[];
}

/** Re-tag every stored review from its stored passages (no extraction) and re-index the published ones; editors' theme decisions stand. */
export async function retagAll(repo: Repository): Promise<RetagResult> {
  let reviews = 0;
  const disagreements: ThemeDisagreement[] = [];
  for (const record of repo.store.all()) {
    const retagged = { ...tagRecord(record, { tagger: repo.tagger, taxonomyVersion: repo.taxonomy.version }), updatedAt: new Date().toISOString() };
    repo.store.put(retagged);
    if (retagged.status === 'published') await repo.backend.index(retagged);
    disagreements.push(...themeDisagreements(retagged));
    reviews++;
  }
  return { reviews, disagreements };
}
