/** A theme's digest: what the repository's reviews say on one theme, gathered for a reader in a hurry. */
import { pageBasis, type PageBasis, type ReviewListing, type ReviewRecord, type SearchBackend, type SearchFilters, type Theme, type ThemePassage } from '../model';
import type { Store } from '../store/store';
import type { Taxonomy } from '../taxonomy';
import { provenance, type Provenance } from './provenance';
import { everyNumber } from './research-data';
import { fileWithheld } from './editorial/redact';

export type DigestPassage = Omit<ThemePassage, 'score'>;

export interface DigestRecommendation {
  review_id: string;
  title: string;
  year: number | null;
  text: string;
  page: number;
}

export interface DigestReview extends ReviewListing {
  /** How strongly the review carries the theme (0..1). */
  score: number;
  source_type: string;
  page_basis: PageBasis;
  /** False where the file is withheld (fileWithheld): its page references go to the review page's full text instead. */
  file_available: boolean;
}

export interface Digest extends Provenance {
  theme: Theme;
  review_count: number;
  by_year: { year: number; count: number }[];
  key_passages: DigestPassage[];
  recommendations: DigestRecommendation[];
  co_occurring: { theme: string; label: string; count: number }[];
  reviews: DigestReview[];
}

export interface DigestLimits {
  passages: number;
  reviews: number;
  recommendations: number;
  coOccurring: number;
}

/** Reviews a year from the theme's first year to its last, the years between with none as zeros. */
function everyYear(counts: { bucket: string; count: number }[]): { year: number; count: number }[] {
  const countOf = new Map(counts.map((c) => [Number(c.bucket), c.count]));
  const years = [...countOf.keys()];
  if (!years.length) return [];
  return everyNumber(Math.min(...years), Math.max(...years)).map((year) => ({ year, count: countOf.get(year) ?? 0 }));
}

const DEFAULT_LIMITS: DigestLimits = { passages: 12, reviews: 10, recommendations: 15, coOccurring: 8 };

/** Passages this short are headings or fragments that say nothing on their own. */
const MIN_PASSAGE_CHARS = 80;
/** How many candidate passages are read from the index to choose the key passages from. */
const CANDIDATES = 400;

/**
 * The backend ranks passages findings-and-recommendations first, then by tag strength. The key
 * passages take the best passage of each review in that order before any review gets a second,
 * so the top of the list spans as many reviews as there are.
 */
export function spreadAcrossReviews(ranked: ThemePassage[]): ThemePassage[] {
  const rounds: ThemePassage[][] = [];
  const seen = new Map<string, number>();
  for (const p of ranked) {
    const round = seen.get(p.review_id) ?? 0;
    seen.set(p.review_id, round + 1);
    (rounds[round] ??= []).push(p);
  }
  return rounds.flat();
}

export async function buildDigest(
  deps: { backend: SearchBackend; store: Store; taxonomy: Taxonomy },
  theme: Theme,
  query: SearchFilters = {},
  limits: DigestLimits = DEFAULT_LIMITS,
  now = new Date(),
): Promise<Digest> {
  const { backend, store, taxonomy } = deps;
  const filters = { ...query, theme: [...new Set([...(query.theme ?? []), theme.id])] };

  const [byYear, totals, pairs, candidates] = await Promise.all([
    backend.themeCounts('year', filters),
    backend.themeTotals(filters),
    backend.coOccurrence(filters),
    backend.themePassages(theme.id, filters, CANDIDATES),
  ]);
  const ranked = candidates.filter((p) => p.text.length >= MIN_PASSAGE_CHARS);

  // The index holds only published reviews, but the store is the truth if the two ever disagree.
  const records = new Map<string, ReviewRecord | undefined>();
  const published = (id: string): ReviewRecord | undefined => {
    if (!records.has(id)) {
      const record = store.get(id);
      records.set(id, record?.status === 'published' ? record : undefined);
    }
    return records.get(id);
  };

  // Reviews to read: those whose passages rank best, in that order.
  const reviews: DigestReview[] = [];
  const recommendations: DigestRecommendation[] = [];
  for (const id of new Set(ranked.map((p) => p.review_id))) {
    if (reviews.length >= limits.reviews && recommendations.length >= limits.recommendations) break;
    const record = published(id);
    if (!record) continue;
    const m = record.metadata;
    if (reviews.length < limits.reviews) {
      reviews.push({
        id,
        title: m.title,
        year: m.year,
        area: m.area,
        review_type: m.reviewType,
        score: record.themes.find((t) => t.id === theme.id)?.score ?? 0,
        source_type: record.source.type,
        page_basis: pageBasis(record.source),
        file_available: !fileWithheld(record),
      });
    }
    for (const rec of record.recommendations) {
      if (recommendations.length >= limits.recommendations) break;
      if (rec.themes.includes(theme.id)) recommendations.push({ review_id: id, title: m.title, year: m.year, text: rec.text, page: rec.page });
    }
  }
  const keyPassages: ThemePassage[] = [];
  for (const p of spreadAcrossReviews(ranked)) {
    if (keyPassages.length >= limits.passages) break;
    if (published(p.review_id)) keyPassages.push(p);
  }

  return {
    ...provenance(taxonomy.version, query, now),
    theme,
    review_count: totals.find((b) => b.key === theme.id)?.count ?? 0,
    by_year: everyYear(byYear.filter((c) => c.theme === theme.id)),
    key_passages: keyPassages.map(({ review_id, title, year, passage_id, text, page, section }) => ({ review_id, title, year, passage_id, text, page, section })),
    recommendations,
    co_occurring: pairs
      .filter((p) => p.a === theme.id || p.b === theme.id)
      .map((p) => {
        const other = p.a === theme.id ? p.b : p.a;
        return { theme: other, label: taxonomy.get(other)?.label ?? other, count: p.count };
      })
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
      .slice(0, limits.coOccurring),
    reviews,
  };
}
