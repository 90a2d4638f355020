/**
 * The search state lives in the URL query string, under the API's own parameter names, so a
 * search can be bookmarked or shared and the back button walks through earlier searches. The
 * filters are the model's field table: a field added there is parsed, linked and sent here.
 */
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { SEARCH_FIELDS, SORT_ORDERS, THEME_ORIGIN_FILTERS, rangeKeys, type SearchFieldName, type SortOrder, type ThemeOriginFilter } from '../../model';
import type { FilterQuery, SearchQuery } from './api';

type Fields = typeof SEARCH_FIELDS;
export type RangeFilter = { [K in SearchFieldName]: Fields[K] extends { range: true } ? K : never }[SearchFieldName];
export type ListFilter = Exclude<SearchFieldName, RangeFilter>;
type RangeKey = `${RangeFilter}_from` | `${RangeFilter}_to`;

const FIELD_NAMES = Object.keys(SEARCH_FIELDS) as SearchFieldName[];
const isRange = (name: SearchFieldName): name is RangeFilter => 'range' in SEARCH_FIELDS[name];
export const LIST_FILTERS = FIELD_NAMES.filter((n): n is ListFilter => !isRange(n));
export const RANGE_FILTERS = FIELD_NAMES.filter(isRange);
const RANGE_KEYS = RANGE_FILTERS.flatMap((n) => Object.values(rangeKeys(n))) as RangeKey[];

export const DEFAULT_PAGE_SIZE = 20;

export type SearchState = Record<ListFilter, string[]> &
  Record<RangeKey, number | null> & {
    q: string;
    /** False takes each ticked theme alone, without its narrower themes. */
    narrower: boolean;
    /** Which themes count: every public theme, or only those an editor confirmed or added. */
    theme_origin: ThemeOriginFilter;
    sort: SortOrder;
    page: number;
    size: number;
  };

function values(query: LocationQuery, key: string): string[] {
  const raw = query[key];
  const list = Array.isArray(raw) ? raw : [raw];
  return [...new Set(list.filter((v): v is string => typeof v === 'string' && v.trim() !== ''))];
}

function integer(query: LocationQuery, key: string, min: number): number | null {
  const [first] = values(query, key);
  if (first === undefined || !/^\d+$/.test(first)) return null;
  const n = Number(first);
  return n >= min ? n : null;
}

export function toSortOrder(value: string | undefined): SortOrder {
  return SORT_ORDERS.find((s) => s === value) ?? 'relevance';
}

export function parseSearchQuery(query: LocationQuery): SearchState {
  return {
    ...(Object.fromEntries(LIST_FILTERS.map((key) => [key, values(query, key)])) as Record<ListFilter, string[]>),
    ...(Object.fromEntries(RANGE_KEYS.map((key) => [key, integer(query, key, 0)])) as Record<RangeKey, number | null>),
    q: values(query, 'q')[0] ?? '',
    narrower: values(query, 'narrower')[0] !== 'false',
    theme_origin: THEME_ORIGIN_FILTERS.find((o) => o === values(query, 'theme_origin')[0]) ?? 'any',
    sort: toSortOrder(values(query, 'sort')[0]),
    page: integer(query, 'page', 1) ?? 1,
    size: integer(query, 'size', 1) ?? DEFAULT_PAGE_SIZE,
  };
}

/** Only the filters (no sort or paging), as the API takes them: what statistics, exports and feeds take. */
export function toFilterQuery(state: SearchState): FilterQuery {
  const query: Record<string, string | string[] | number | boolean> = {};
  if (state.q.trim()) query.q = state.q.trim();
  if (!state.narrower) query.narrower = false;
  if (state.theme_origin !== 'any') query.theme_origin = state.theme_origin;
  for (const key of LIST_FILTERS) if (state[key].length) query[key] = [...state[key]];
  for (const key of RANGE_KEYS) if (state[key] !== null) query[key] = state[key];
  return query as FilterQuery;
}

export function toApiQuery(state: SearchState): SearchQuery {
  return { ...toFilterQuery(state), sort: state.sort, page: state.page, size: state.size };
}

/** The state as URL query entries, leaving out defaults so shared links stay short. */
export function toRouteQuery(state: SearchState): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  for (const [key, value] of Object.entries(toFilterQuery(state))) query[key] = Array.isArray(value) ? value : String(value);
  if (state.sort !== 'relevance') query.sort = state.sort;
  if (state.page > 1) query.page = String(state.page);
  if (state.size !== DEFAULT_PAGE_SIZE) query.size = String(state.size);
  return query;
}

/** A copy of the state with one change applied; any change but paging goes back to page 1. */
export function withChange(state: SearchState, change: Partial<SearchState>): SearchState {
  return { ...state, page: 1, ...change };
}

export const spanKeys = (name: RangeFilter) => rangeKeys(name) as { from: RangeKey; to: RangeKey };

/** A range field's span in the state; either end may be open. */
export function span(state: SearchState, name: RangeFilter): { from: number | null; to: number | null } {
  const keys = spanKeys(name);
  return { from: state[keys.from], to: state[keys.to] };
}

/** Whether a value falls inside the (possibly open-ended) span of a range filter. */
export function inSpan(state: SearchState, name: RangeFilter, value: number): boolean {
  const { from, to } = span(state, name);
  if (from === null && to === null) return false;
  return (from === null || value >= from) && (to === null || value <= to);
}

/**
 * The API filters a range field as one span, so its checkboxes edit that span: ticking a value
 * stretches it to take the value in; unticking an end value pulls that end in by one;
 * unticking a value in the middle keeps only the later values.
 */
export function toggleSpan(state: SearchState, name: RangeFilter, value: number, checked: boolean): Partial<SearchState> {
  const keys = spanKeys(name);
  const { from, to } = span(state, name);
  const result = (f: number | null, t: number | null): Partial<SearchState> => ({ [keys.from]: f, [keys.to]: t });
  if (checked) {
    if (from === null && to === null) return result(value, value);
    return result(from === null ? null : Math.min(from, value), to === null ? null : Math.max(to, value));
  }
  if (from === value && to === value) return result(null, null);
  if (to === value) return result(from, value - 1);
  return result(value + 1, to);
}
