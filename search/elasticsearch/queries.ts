import type { estypes } from '@elastic/elasticsearch';
import { matchAlternatives, type ParsedQuery } from '../query';
import { conditions, type SearchVocabulary } from '../fields';

type Query = estypes.QueryDslQueryContainer;

/** A title match counts this many times a match in the body. */
const TITLE_BOOST = 5;

/** One alternative of a clause against a text field: a word as a match query, words as a phrase. */
function alternative(field: string, text: string, boost?: number): Query {
  return text.includes(' ')
    ? { match_phrase: { [field]: boost ? { query: text, boost } : text } }
    : { match: { [field]: boost ? { query: text, boost } : text } };
}

/**
 * Every clause must match, in the title or the text, by any one of its alternatives. Words go to
 * the engine as the text of match queries, never as query syntax.
 */
export function textClauses(parsed: ParsedQuery): { must: Query[]; should: Query[] } {
  const must: Query[] = parsed.clauses.map((c) =>
    c.any.length === 1 ? alternative('all', c.any[0]) : { bool: { should: c.any.map((a) => alternative('all', a)), minimum_should_match: 1 } },
  );
  const should: Query[] = parsed.clauses.flatMap((c) => c.any.map((a) => alternative('title', a, TITLE_BOOST)));
  return { must, should };
}

/** The same words against passage text: any of them, for choosing and marking snippets. */
export function passageTextQuery(parsed: ParsedQuery): Query {
  return { bool: { should: matchAlternatives(parsed).map((a) => alternative('text', a)), minimum_should_match: 1 } };
}

/** The conditions of a request (see search/fields.ts) as filter clauses; keys are the same in both indices. */
export function filterClauses(filters: object, vocab: SearchVocabulary, facet?: string): Query[] {
  const { lists, ranges } = conditions(filters, vocab, facet);
  const clauses: Query[] = ranges.map((r) => ({ range: { [r.key]: { gte: r.from, lte: r.to } } }));
  for (const list of lists) {
    if (list.combine === 'all') clauses.push(...list.values.map((v) => ({ term: { [list.key]: v } })));
    else clauses.push({ terms: { [list.key]: list.values } });
  }
  return clauses;
}

/** Nested match on a passage's own themes. */
export function passageThemes(themes: string[]): Query {
  return { nested: { path: 'themes', query: { terms: { 'themes.id': themes } } } };
}

/** Sort on a passage's score for the given themes (the best of them). */
export function themeScoreSort(themes: string[]): estypes.SortCombinations {
  return {
    'themes.score': { order: 'desc', mode: 'max', nested: { path: 'themes', filter: { terms: { 'themes.id': themes } } } },
  };
}
