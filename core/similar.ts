/**
 * Reviews like a given one, by the themes they carry and the words they use. Profiles are built
 * from the store of record once per review and kept; a re-tagged review gets a fresh profile.
 */
import type { ReviewRecord, SearchBackend, SimilarReview } from '../model';
import type { Store } from '../store/store';
import { allHits } from './collect';


interface Profile {
  themes: Map<string, number>;
  /** The review's most frequent content words with their counts. */
  terms: Map<string, number>;
}

/** Themes say what a review is about; words catch the specifics the taxonomy has no theme for. */
const THEME_WEIGHT = 0.6;
const TEXT_WEIGHT = 0.4;
const TERMS_PER_REVIEW = 150;

// Function words long enough to pass the length cut; rarer words are weighted by how few reviews use them.
const STOP_WORDS = new Set(
  'about above after again against also among been before being below between both could does doing down during each from further have having here into itself just more most other over same should some such than that their them then there these they this those through under until very were what when where which while with would your whom will shall upon within without across along often only said says'.split(
    ' ',
  ),
);

function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of text.toLowerCase().match(/[a-z]{4,}/g) ?? []) {
    if (!STOP_WORDS.has(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return new Map([...counts].sort((a, b) => b[1] - a[1]).slice(0, TERMS_PER_REVIEW));
}

function profileOf(record: ReviewRecord): Profile {
  return {
    themes: new Map(record.themes.map((t) => [t.id, t.score])),
    terms: termCounts(record.passages.map((p) => p.text).join('\n')),
  };
}

function cosine(a: Map<string, number>, b: Map<string, number>, weight: (key: string) => number = () => 1): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    const w = weight(k);
    na += (v * w) ** 2;
    const other = b.get(k);
    if (other !== undefined) dot += v * w * other * w;
  }
  for (const [k, v] of b) nb += (v * weight(k)) ** 2;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

export class SimilarReviews {
  private readonly profiles = new Map<string, { key: string; profile: Profile }>();

  constructor(
    private readonly store: Store,
    private readonly backend: SearchBackend,
  ) {}

  private profile(id: string, key: string): Profile | undefined {
    const cached = this.profiles.get(id);
    if (cached?.key === key) return cached.profile;
    const record = this.store.get(id);
    if (record?.status !== 'published') return undefined;
    const profile = profileOf(record);
    this.profiles.set(id, { key, profile });
    return profile;
  }

  /** Up to `limit` published reviews most like the published review `target`. */
  async similarTo(target: ReviewRecord, limit: number): Promise<SimilarReview[]> {
    const hits = await allHits(this.backend, {});
    const candidates = hits.flatMap((hit) => {
      // The theme list stands for the tagging: when a review is re-tagged its profile is rebuilt.
      const profile = this.profile(hit.id, hit.themes.join(','));
      return profile ? [{ hit, profile }] : [];
    });
    const mine = profileOf(target);
    const documentFrequency = new Map<string, number>();
    for (const { profile } of candidates) for (const term of profile.terms.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    const n = candidates.length;
    const idf = (term: string) => Math.log((n + 1) / ((documentFrequency.get(term) ?? 0) + 1));

    return candidates
      .filter(({ hit }) => hit.id !== target.id)
      .map(({ hit, profile }) => {
        const score = THEME_WEIGHT * cosine(mine.themes, profile.themes) + TEXT_WEIGHT * cosine(mine.terms, profile.terms, idf);
        const shared = [...mine.themes.keys()]
          .filter((t) => profile.themes.has(t))
          .sort((a, b) => Math.min(profile.themes.get(b)!, mine.themes.get(b)!) - Math.min(profile.themes.get(a)!, mine.themes.get(a)!));
        return {
          id: hit.id,
          title: hit.title,
          year: hit.year,
          area: hit.area,
          review_type: hit.review_type,
          score: Math.round(score * 1000) / 1000,
          shared_themes: shared,
        };
      })
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, limit);
  }
}
