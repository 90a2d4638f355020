import type { estypes } from '@elastic/elasticsearch';
import type { FacetField, SearchFilters } from '../../model';
import type { ParsedQuery } from '../query';

type Query = estypes.QueryDslQueryContainer;

/** A title match counts this many times a match in the body. */
const TITLE_BOOST = 5;

/**
 * Every word and every phrase must match, in the title or the text. Words go to the engine as
 * the text of a match query and phrases as match_phrase, never as query syntax.
 */
export function textClauses(parsed: ParsedQuery): { must: Query[]; should: Query[] } {
  const must: Query[] = [];
  const should: Query[] = [];
  if (parsed.terms.length) {
    const query = parsed.terms.join(' ');
    must.push({ match: { all: { query, operator: 'and' } } });
    should.push({ match: { title: { query, boost: TITLE_BOOST } } });
  }
  for (const phrase of parsed.phrases) {
    must.push({ match_phrase: { all: phrase } });
    should.push({ match_phrase: { title: { query: phrase, boost: TITLE_BOOST } } });
  }
  return { must, should };
}

/** The same words against passage text: any of them, for choosing and marking snippets. */
export function passageTextQuery(parsed: ParsedQuery): Query {
  return {
    bool: {
      should: [
        ...(parsed.terms.length ? [{ match: { text: parsed.terms.join(' ') } }] : []),
        ...parsed.phrases.map((p) => ({ match_phrase: { text: p } })),
      ],
      minimum_should_match: 1,
    },
  };
}

const MULTI_VALUE_FILTERS: [keyof SearchFilters, FacetField][] = [
  ['area', 'area'],
  ['region', 'region'],
  ['reviewType', 'review_type'],
  ['ageBand', 'age_band'],
  ['agency', 'agency'],
];

/** Themes: all of them. Other fields: any of the values. Fields are the same in both indices. */
export function filterClauses(filters: SearchFilters): Query[] {
  const clauses: Query[] = (filters.themes ?? []).map((theme) => ({ term: { theme } }));
  if (filters.yearFrom !== undefined || filters.yearTo !== undefined) {
    clauses.push({ range: { year: { gte: filters.yearFrom, lte: filters.yearTo } } });
  }
  for (const [key, field] of MULTI_VALUE_FILTERS) {
    const values = filters[key] as string[] | undefined;
    if (values?.length) clauses.push({ terms: { [field]: values } });
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
