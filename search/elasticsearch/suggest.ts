/**
 * Spelling suggestions on Elasticsearch: the term suggester finds candidates on the unstemmed
 * copy of a review's words (`words`), and the choice among them is the same as the embedded
 * engine's (search/spelling.ts), on live review counts. The suggester's own frequencies and its
 * "is this word indexed" test include deleted documents until their segments merge; a filter per
 * word over the live reviews does not, so a withdrawn review's words go at once, as they do there.
 */
import type { Client, estypes } from '@elastic/elasticsearch';
import { closestWord, isSuggestible } from '../spelling';

export const PLAIN_FIELD = 'words';

/** Enough candidates that the closest and commonest is among them (the suggester ranks by its own score). */
const CANDIDATES = 20;

function termSuggester(word: string): estypes.SearchSuggester[string] {
  return {
    text: word,
    term: {
      field: PLAIN_FIELD,
      // Asked for every word: whether a word is indexed is decided on live reviews below.
      suggest_mode: 'always',
      max_term_freq: 1e9,
      max_edits: 2,
      prefix_length: 0,
      min_word_length: 3,
      string_distance: 'damerau_levenshtein',
      // The server's own similarity floor would drop a short candidate two edits from a longer
      // word; which candidates are close enough is decided by closestWord. (The client's types lack it.)
      accuracy: 0,
      size: CANDIDATES,
    } as estypes.SearchTermSuggester,
  };
}

export async function suggestWords(client: Client, index: string, words: string[]): Promise<(string | null)[]> {
  const asked = [...new Set(words.map((w) => w.toLowerCase()).filter(isSuggestible))];
  if (!asked.length) return words.map(() => null);
  const res = await client.search({
    index,
    size: 0,
    suggest: Object.fromEntries(asked.map((word, i) => [`w${i}`, termSuggester(word)])),
  });
  const candidates = new Map<string, string[]>();
  asked.forEach((word, i) => {
    const entries = (res.suggest?.[`w${i}`] ?? []) as estypes.SearchTermSuggest[];
    const options = entries.flatMap((e) => (Array.isArray(e.options) ? e.options : [e.options]));
    candidates.set(word, options.map((o) => o.text));
  });
  const counts = await liveCounts(client, index, [...new Set([...asked, ...[...candidates.values()].flat()])]);
  const answers = new Map(
    asked.map((word) => [
      word,
      counts.get(word)
        ? null
        : closestWord(
            word,
            (candidates.get(word) ?? []).filter((c) => counts.get(c)).map((c) => ({ word: c, count: counts.get(c)! })),
          ),
    ]),
  );
  return words.map((w) => answers.get(w.toLowerCase()) ?? null);
}

/** How many live reviews use each word. */
async function liveCounts(client: Client, index: string, words: string[]): Promise<Map<string, number>> {
  const res = await client.search({
    index,
    size: 0,
    aggs: { words: { filters: { filters: Object.fromEntries(words.map((w) => [w, { term: { [PLAIN_FIELD]: w } }])) } } },
  });
  const buckets = (res.aggregations?.words as estypes.AggregationsFiltersAggregate | undefined)?.buckets ?? {};
  return new Map(Object.entries(buckets as Record<string, { doc_count: number }>).map(([w, b]) => [w, b.doc_count]));
}
