/**
 * What every export says about itself, so a figure can be reproduced: the taxonomy version, the
 * query (as the API's own query string) and when it was produced.
 */
import Ajv from 'ajv';
import { SEARCH_FIELDS, SearchFiltersSchema, filterKeys, listValues, rangeValues, type SearchFieldRegistry, type SearchFilters } from '../model';

export interface Provenance {
  taxonomy_version: string;
  query: string;
  generated_at: string;
}

const KEYS = filterKeys() as (keyof SearchFilters)[];

/** The filters as a query string in a fixed parameter order, so the same filters always read the same. */
export function canonicalQuery(query: SearchFilters): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = query[key];
    // The default spelled out reads the same as the default left out.
    if (value === undefined || value === '' || (key === 'narrower' && value === true) || (key === 'theme_origin' && value === 'any')) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  return params.toString();
}

export function provenance(taxonomyVersion: string, query: SearchFilters, now: Date): Provenance {
  return { taxonomy_version: taxonomyVersion, query: canonicalQuery(query), generated_at: now.toISOString() };
}

// Same rules as the HTTP routes, so a query string copied from an export works on the command line too.
const validateQuery = new Ajv({ coerceTypes: 'array', allErrors: false }).compile<SearchFilters>(SearchFiltersSchema);

/** A query string (as in an export's `query`) parsed and checked as the API would; throws on a bad one. */
export function parseSearchFilters(queryString: string): SearchFilters {
  const params = new URLSearchParams(queryString.replace(/^\?/, ''));
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    raw[key] = values.length === 1 ? values[0] : values;
  }
  if (!validateQuery(raw)) {
    const e = validateQuery.errors?.[0];
    const where = e?.instancePath ? e.instancePath.slice(1) : (e?.params as { additionalProperty?: string })?.additionalProperty;
    throw new Error(`bad query "${queryString}": ${where ?? ''} ${e?.message ?? 'invalid'}`.replace(/\s+/g, ' '));
  }
  return raw as SearchFilters;
}

/** What an export says about itself in a researcher's words beside the query string, so the file reads without the API at hand. */
export interface ReadableProvenance extends Provenance {
  /** The filters as the portal words them, e.g. `Words: "hidden man"; Theme: Hidden men`. */
  query_text: string;
}

const span = (from: unknown, to: unknown) =>
  from === undefined ? `up to ${to}` : to === undefined ? `from ${from}` : from === to ? `${from}` : `${from} to ${to}`;

/** The filters in the words the portal's filter panel uses, in the query string's parameter order. */
export function readableQuery(query: SearchFilters, themeLabel: (id: string) => string, fields: SearchFieldRegistry = SEARCH_FIELDS): string {
  const parts: string[] = [];
  const q = query as Record<string, unknown>;
  if (query.q) parts.push(`Words: "${query.q}"`);
  for (const [name, f] of Object.entries(fields)) {
    if (f.range) {
      const { from, to } = rangeValues(query, name);
      if (from !== undefined || to !== undefined) parts.push(`${f.label}: ${span(from, to)}`);
      continue;
    }
    const values = listValues(q, name);
    if (!values.length) continue;
    const label = (v: string) => (f.hierarchy ? themeLabel(v) : (f.labels?.[v] ?? v));
    parts.push(`${f.label}: ${values.map(label).join(f.combine === 'all' ? ' and ' : ' or ')}`);
  }
  if (query.narrower === false && listValues(q, 'theme').length) parts.push('Each theme alone, without its narrower themes');
  return parts.length ? parts.join('; ') : 'All published reviews';
}
