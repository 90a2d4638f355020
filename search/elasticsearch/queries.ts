import type { estypes } from '@elastic/elasticsearch';
import { matchAlternatives, type ParsedQuery } from '../query';
import { conditions, type SearchVocabulary } from '../fields';

type Query = estypes.QueryDslQueryContainer;

/** A title match counts this many times a match in the body. */
const TITLE_BOOST = 5;

/**
 * One alternative of a clause against a text field, as a phrase: a word the analyser splits
 * ("child's", "co-sleeping") must keep its parts together, as FTS5 reads a quoted string.
 */
function alternative(field: string, text: string, boost?: number): Query {
  return { match_phrase: { [field]: boost ? { query: text, boost } : text } };
}

/**
 * Every clause must match, in the title or the text, by any one of its alternatives; a match in the
 * title counts more. Words go to the engine as the text of match queries, never as query syntax.
 */
export function textClauses(parsed: ParsedQuery): Query[] {
  return parsed.clauses.map((c) => ({
    bool: { should: c.any.flatMap((a) => [alternative('title', a, TITLE_BOOST), alternative('body', a)]), minimum_should_match: 1 },
  }));
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
