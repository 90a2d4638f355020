/**
 * What a search offers besides its hits: when the words find little, the query with each word the
 * repository does not know replaced by the closest word it does ("did you mean"), and the themes
 * the words name, so a searcher can filter by the theme instead. A theme whose label the query
 * names is offered however many reviews the words find.
 */
import type { SearchBackend, SearchRequest, SearchResponse, Suggestions } from '../model';
import { createTagger, type Tagger, type Taxonomy } from '../taxonomy';
import { searchTermRules, wordsOf, type SearchTermRule } from '../taxonomy/search-terms';
import { WORD, compileSearchTerms, parseQuery, type SearchTerms } from '../search/query';
import { closestWord, isSuggestible, type WordCount } from '../search/spelling';

/** Fewer hits than this and the query is read again for what it may have meant. */
export const FEW_HITS = 3;
const MAX_THEMES = 5;
/** Words looked up one by one when the query finds nothing, to tell which of them the repository lacks. */
const MAX_WORDS_CHECKED = 8;

/** A replacement written as the word was typed: capitals kept. */
function asTyped(typed: string, word: string): string {
  if (typed.length > 1 && typed === typed.toUpperCase()) return word.toUpperCase();
  if (typed[0] === typed[0].toUpperCase()) return word[0].toUpperCase() + word.slice(1);
  return word;
}

const containsPhrase = (words: string, phrase: string) => ` ${words} `.includes(` ${phrase} `);

export class SearchSuggestions {
  private tagger?: Tagger;
  private readonly terms: SearchTerms;
  /** Theme labels, and the parts of two words or more of labels joined by "and": what naming a theme means. */
  private readonly names: { theme: string; phrase: string }[];
  /** Words the taxonomy gives a meaning (labels, abbreviations, spellings): never corrected, and offered as corrections. */
  private readonly taxonomyWords: WordCount[];
  private readonly meaningful: Set<string>;

  constructor(
    private readonly backend: SearchBackend,
    private readonly taxonomy: Taxonomy,
    rules: SearchTermRule[] = searchTermRules(),
  ) {
    this.terms = compileSearchTerms(rules);
    this.names = taxonomy.themes.flatMap((t) => {
      const parts = t.label.split(/,| and /).map(wordsOf).filter((p) => p.includes(' '));
      return [...new Set([wordsOf(t.label), ...parts])].map((phrase) => ({ theme: t.id, phrase }));
    });
    const words = new Set([...this.names.map((n) => n.phrase), ...rules.flatMap((r) => [r.from, ...r.to])].flatMap((p) => p.split(' ')));
    this.meaningful = new Set([...words].filter(isSuggestible));
    this.taxonomyWords = [...this.meaningful].map((word) => ({ word, count: 1 }));
  }

  /** The search, with suggestions when there are any to make. */
  async search(req: SearchRequest): Promise<SearchResponse> {
    const res = await this.backend.search(req);
    const suggestions = await this.suggest(req, res.total);
    return suggestions ? { ...res, suggestions } : res;
  }

  async suggest(req: SearchRequest, total: number): Promise<Suggestions | undefined> {
    const q = req.q ?? '';
    if (parseQuery(q).clauses.length === 0) return undefined;
    const few = total < FEW_HITS;
    const corrected = few ? await this.corrected(q, total === 0) : q;
    let didYouMean: string | null = null;
    if (corrected !== q && (await this.count({ ...req, q: corrected })) > total) didYouMean = corrected;
    const ticked = new Set(req.theme ?? []);
    const themes = [...new Set([...this.namedThemes(corrected), ...(few ? this.taggedThemes(corrected) : [])])]
      .filter((t) => !ticked.has(t))
      .slice(0, MAX_THEMES);
    return didYouMean || themes.length ? { did_you_mean: didYouMean, themes } : undefined;
  }

  /**
   * The query with each word the repository lacks replaced by the closest one it has, or else by
   * the closest word of the taxonomy's own. A word the taxonomy gives a meaning is left as it is.
   */
  private async corrected(q: string, nothingFound: boolean): Promise<string> {
    const asked = [...new Set((q.match(WORD) ?? []).map((w) => w.toLowerCase()))].filter((w) => isSuggestible(w) && !this.meaningful.has(w));
    if (!asked.length) return q;
    const fromIndex = await this.backend.suggestWords(asked);
    const replacement = new Map<string, string>();
    const unanswered: string[] = [];
    asked.forEach((word, i) => {
      const better = fromIndex[i];
      if (better) replacement.set(word, better);
      else unanswered.push(word);
    });
    // Each word of a query that finds something is in the index (every word must match), so only a
    // query that finds nothing can hold a word the index lacks and has nothing close to.
    if (nothingFound) {
      for (const word of unanswered.slice(0, MAX_WORDS_CHECKED)) {
        const fromTaxonomy = closestWord(word, this.taxonomyWords);
        if (fromTaxonomy && (await this.count({ q: word })) === 0) replacement.set(word, fromTaxonomy);
      }
    }
    return replacement.size ? q.replace(WORD, (typed) => {
      const better = replacement.get(typed.toLowerCase());
      return better ? asTyped(typed, better) : typed;
    }) : q;
  }

  private async count(req: SearchRequest): Promise<number> {
    return (await this.backend.search({ ...req, page: 1, size: 1, facets: false })).total;
  }

  /** Themes whose label the words name, or one of the terms the words stand for ("DV": domestic abuse), in taxonomy order. */
  private namedThemes(q: string): string[] {
    const words = wordsOf(q);
    const standsFor = new Set(parseQuery(q, this.terms).clauses.flatMap((c) => c.any.slice(1)));
    return this.names.filter((n) => containsPhrase(words, n.phrase) || standsFor.has(n.phrase)).map((n) => n.theme);
  }

  /**
   * Themes the taxonomy's tagger reads in the words, strongest first. A word it reads nothing in
   * is read again as each of the terms it stands for ("DV" as domestic abuse).
   */
  private taggedThemes(q: string): string[] {
    this.tagger ??= createTagger(this.taxonomy);
    const tag = (text: string) => this.tagger!.tagPassage(text);
    const found = tag(q);
    const clauses = parseQuery(q, this.terms).clauses.filter((c) => c.any.length > 1 && !tag(c.any[0]).length);
    for (const clause of clauses) for (const alternative of clause.any.slice(1)) found.push(...tag(alternative));
    return [...found].sort((a, b) => b.score - a.score).map((t) => t.id);
  }
}
