/**
 * How both engines read the field table: the values a review is indexed under, and a request's
 * filters as plain any-of / all-of / span conditions over index keys. Neither engine names a
 * field; each turns these conditions into its own query language.
 */
import {
  SEARCH_FIELDS,
  fieldUnder,
  listValues,
  rangeValues,
  type ReviewRecord,
  type SearchFieldRegistry,
  type SearchFilters,
  type SectionKind,
} from '../model';
import { searchTermRules, themeAncestors } from '../taxonomy/search-terms';
import { compileSearchTerms, parseQuery, type ParsedQuery, type SearchTerms } from './query';

/** What an engine needs to know about the vocabulary: the field table, the theme hierarchy and the search terms. */
export interface SearchVocabulary {
  fields: SearchFieldRegistry;
  /** For each value of a hierarchical field, all its broader values (transitively). */
  broader: ReadonlyMap<string, readonly string[]>;
  terms: SearchTerms;
}

export function searchVocabulary(options: {
  fields?: SearchFieldRegistry;
  broader?: ReadonlyMap<string, readonly string[]>;
  terms?: SearchTerms;
} = {}): SearchVocabulary {
  return {
    fields: options.fields ?? SEARCH_FIELDS,
    broader: options.broader ?? new Map(),
    terms: options.terms ?? compileSearchTerms([]),
  };
}

/** The vocabulary from the taxonomy files: the product's default for both engines. */
export function taxonomyVocabulary(fields: SearchFieldRegistry = SEARCH_FIELDS): SearchVocabulary {
  return { fields, broader: themeAncestors(), terms: compileSearchTerms(searchTermRules()) };
}

/** The index key a hierarchical field is also indexed under, with each value's broader values added. */
export const withBroader = (name: string) => `${name}_with_broader`;

/** Every index key and the values a review is indexed under it. Range fields' numbers become strings. */
export function indexValues(review: ReviewRecord, vocab: SearchVocabulary): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, spec] of Object.entries(vocab.fields)) {
    const values = [...new Set(spec.of(review).map(String))];
    out.set(name, values);
    if (spec.hierarchy) {
      out.set(withBroader(name), [...new Set(values.flatMap((v) => [v, ...(vocab.broader.get(v) ?? [])]))]);
    }
  }
  return out;
}

/** A review's values as a document for an engine that stores fields: numbers for ranges, one value where a field has one. */
export function indexDocument(review: ReviewRecord, vocab: SearchVocabulary): Record<string, string | number | null | (string | number)[]> {
  const doc: Record<string, string | number | null | (string | number)[]> = {};
  for (const [key, values] of indexValues(review, vocab)) {
    const spec = vocab.fields[key];
    const typed = spec?.range ? values.map(Number) : values;
    doc[key] = !spec || spec.multi ? typed : (typed[0] ?? null);
  }
  return doc;
}

/** Every index key an engine must hold values for. */
export function indexKeys(vocab: SearchVocabulary): string[] {
  return Object.entries(vocab.fields).flatMap(([name, spec]) => (spec.hierarchy ? [name, withBroader(name)] : [name]));
}

export interface ListCondition {
  key: string;
  values: string[];
  combine: 'any' | 'all';
}

export interface RangeCondition {
  key: string;
  from?: number;
  to?: number;
}

export interface Conditions {
  lists: ListCondition[];
  ranges: RangeCondition[];
}

/** Whether ticked values of hierarchical fields take in their narrower values (the default). */
export const takesNarrower = (filters: SearchFilters | object) => (filters as SearchFilters).narrower !== false;

/** The key a field is matched and counted on under these filters (its editor-confirmed field under `theme_origin=confirmed`). */
export function keyFor(name: string, filters: object, vocab: SearchVocabulary): string {
  const field = fieldUnder(name, filters, vocab.fields);
  return vocab.fields[field]?.hierarchy && takesNarrower(filters) ? withBroader(field) : field;
}

/**
 * A request's filters as conditions. `facet` names a field being counted: its own filter is
 * left out when its values combine as any-of, so a user who ticked one region still sees what
 * the other regions would add; an all-of field (themes) narrows, so its counts honour it.
 */
export function conditions(filters: object, vocab: SearchVocabulary, facet?: string): Conditions {
  const lists: ListCondition[] = [];
  const ranges: RangeCondition[] = [];
  for (const [name, spec] of Object.entries(vocab.fields)) {
    if (name === facet && spec.combine === 'any') continue;
    if (spec.range) {
      const { from, to } = rangeValues(filters, name);
      if (from !== undefined || to !== undefined) ranges.push({ key: name, from, to });
      continue;
    }
    const values = listValues(filters, name);
    if (values.length) lists.push({ key: keyFor(name, filters, vocab), values: [...new Set(values)], combine: spec.combine });
  }
  return { lists, ranges };
}

export function parsedQuery(filters: { q?: string }, vocab: SearchVocabulary): ParsedQuery {
  return parseQuery(filters.q, vocab.terms);
}

/** Findings and recommendations carry a theme's lessons; passages there are shown first. */
export const SECTION_PRIORITY: Partial<Record<SectionKind, number>> = {
  analysis: 3,
  recommendations: 3,
  'executive-summary': 2,
  chronology: 1,
  'family-background': 1,
  other: 1,
};

export function sectionPriority(kind: SectionKind): number {
  return SECTION_PRIORITY[kind] ?? 0;
}
