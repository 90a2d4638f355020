/**
 * The search state lives in the URL query string, under the API's own parameter names, so a
 * search can be bookmarked or shared and the back button walks through earlier searches.
 */
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { SORT_ORDERS, type SortOrder } from '../../model';

export const LIST_FILTERS = ['theme', 'area', 'region', 'review_type', 'age_band', 'agency'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

export const DEFAULT_PAGE_SIZE = 20;

export interface SearchState extends Record<ListFilter, string[]> {
  q: string;
  year_from: number | null;
  year_to: number | null;
  sort: SortOrder;
  page: number;
  size: number;
}

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
  const lists = Object.fromEntries(LIST_FILTERS.map((key) => [key, values(query, key)])) as Record<ListFilter, string[]>;
  return {
    ...lists,
    q: values(query, 'q')[0] ?? '',
    year_from: integer(query, 'year_from', 0),
    year_to: integer(query, 'year_to', 0),
    sort: toSortOrder(values(query, 'sort')[0]),
    page: integer(query, 'page', 1) ?? 1,
    size: integer(query, 'size', 1) ?? DEFAULT_PAGE_SIZE,
  };
}

/** The state as URL query entries, leaving out defaults so shared links stay short. */
export function toRouteQuery(state: SearchState): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  if (state.q.trim()) query.q = state.q.trim();
  for (const key of LIST_FILTERS) if (state[key].length) query[key] = [...state[key]];
  if (state.year_from !== null) query.year_from = String(state.year_from);
  if (state.year_to !== null) query.year_to = String(state.year_to);
  if (state.sort !== 'relevance') query.sort = state.sort;
  if (state.page > 1) query.page = String(state.page);
  if (state.size !== DEFAULT_PAGE_SIZE) query.size = String(state.size);
  return query;
}

export function toApiParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(toRouteQuery(state))) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  params.set('sort', state.sort);
  params.set('page', String(state.page));
  params.set('size', String(state.size));
  return params;
}

/** A copy of the state with one change applied; any change but paging goes back to page 1. */
export function withChange(state: SearchState, change: Partial<SearchState>): SearchState {
  return { ...state, page: 1, ...change };
}

/** Whether a year falls inside the (possibly open-ended) year filter. */
export function yearSelected(state: SearchState, year: number): boolean {
  const { year_from: from, year_to: to } = state;
  if (from === null && to === null) return false;
  return (from === null || year >= from) && (to === null || year <= to);
}

/**
 * The API filters years as one span, so the year checkboxes edit that span: ticking a year
 * stretches it to take the year in; unticking an end year pulls that end in by one; unticking
 * a year in the middle keeps only the later years.
 */
export function toggleYear(state: SearchState, year: number, checked: boolean): Pick<SearchState, 'year_from' | 'year_to'> {
  const { year_from: from, year_to: to } = state;
  if (checked) {
    if (from === null && to === null) return { year_from: year, year_to: year };
    return {
      year_from: from === null ? null : Math.min(from, year),
      year_to: to === null ? null : Math.max(to, year),
    };
  }
  if (from === year && to === year) return { year_from: null, year_to: null };
  if (to === year) return { year_from: from, year_to: year - 1 };
  return { year_from: year + 1, year_to: to };
}

/** Only the filters (no sort or paging): what statistics, exports and feeds take. */
export function toFilterParams(state: SearchState): URLSearchParams {
  const params = toApiParams(state);
  for (const key of ['sort', 'page', 'size']) params.delete(key);
  return params;
}
