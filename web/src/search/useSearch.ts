/**
 * The headless search core: the typed search state in the URL, the filter panel's groups, labels
 * and explanations from the model's field table, and the search request itself (aborting the
 * one before it). Pages render it; none of them lists the fields again.
 */
import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { SEARCH_FIELDS, type FacetBucket, type SearchFieldName, type SearchFieldSpec } from '../../../model';
import { search } from '../api';
import { labelFor } from '../labels';
import {
  LIST_FILTERS,
  RANGE_FILTERS,
  inSpan,
  parseSearchQuery,
  span,
  spanKeys,
  toApiQuery,
  toFilterQuery,
  toRouteQuery,
  toggleSpan,
  withChange,
  type ListFilter,
  type RangeFilter,
  type SearchState,
} from '../searchQuery';
import { useTaxonomy } from '../themes';
import { useFetched } from '../useFetched';

export interface FacetOption {
  value: string;
  label: string;
  count: number;
  checked: boolean;
}

export interface FacetGroupView {
  name: SearchFieldName;
  legend: string;
  /** How ticked values combine, in the panel's words. */
  explain: string;
  /** Values have narrower values (themes): the panel offers to take each alone. */
  hierarchy: boolean;
  options: FacetOption[];
}

export interface ActiveFilter {
  key: string;
  label: string;
}

const field = (name: SearchFieldName): SearchFieldSpec => SEARCH_FIELDS[name];
const isRange = (name: SearchFieldName): name is RangeFilter => (RANGE_FILTERS as string[]).includes(name);
const FACETS = (Object.keys(SEARCH_FIELDS) as SearchFieldName[]).filter((n) => field(n).facet);

/** The search state of the current route, and the ways to change it. */
export function useSearchState() {
  const route = useRoute();
  const router = useRouter();
  const { themeLabel } = useTaxonomy();
  const state = computed(() => parseSearchQuery(route.query));

  /** A value as the panel shows it: the field's labels, or for themes the taxonomy's. */
  function valueLabel(name: SearchFieldName, value: string): string {
    const f = field(name);
    if (f.hierarchy) return themeLabel(value);
    return f.labels ? labelFor(f.labels, value) : value;
  }

  function navigate(next: SearchState) {
    void router.push({ name: 'search', query: toRouteQuery(next) });
  }

  function toggle(name: SearchFieldName, value: string, checked: boolean) {
    if (isRange(name)) return navigate(withChange(state.value, toggleSpan(state.value, name, Number(value), checked)));
    const key = name as ListFilter;
    const current = state.value[key].filter((v) => v !== value);
    navigate(withChange(state.value, { [key]: checked ? [...current, value] : current }));
  }

  const activeFilters = computed<ActiveFilter[]>(() => {
    const s = state.value;
    const chips: ActiveFilter[] = LIST_FILTERS.flatMap((key) =>
      s[key].map((value) => ({ key: `${key}=${value}`, label: `${field(key).label}: ${valueLabel(key, value)}` })),
    );
    for (const name of RANGE_FILTERS) {
      const { from, to } = span(s, name);
      if (from === null && to === null) continue;
      const text = from === null ? `up to ${to}` : to === null ? `from ${from}` : from === to ? `${from}` : `${from} to ${to}`;
      chips.push({ key: name, label: `${field(name).label}: ${text}` });
    }
    if (!s.narrower && s.theme.length) chips.push({ key: 'narrower', label: 'Each theme alone, without its narrower themes' });
    if (s.theme_origin === 'confirmed') chips.push({ key: 'theme_origin', label: 'Themes confirmed by an editor only' });
    return chips;
  });

  function removeFilter(chip: string) {
    if (chip === 'narrower') return navigate(withChange(state.value, { narrower: true }));
    if (chip === 'theme_origin') return navigate(withChange(state.value, { theme_origin: 'any' }));
    const name = chip as SearchFieldName;
    if (isRange(name)) return navigate(withChange(state.value, clearedSpan(name)));
    const split = chip.indexOf('=');
    toggle(chip.slice(0, split) as ListFilter, chip.slice(split + 1), false);
  }

  function clearFilters() {
    navigate(withChange(parseSearchQuery({}), { q: state.value.q, sort: state.value.sort }));
  }

  return {
    state,
    filterQuery: computed(() => toFilterQuery(state.value)),
    valueLabel,
    navigate,
    toggle,
    activeFilters,
    removeFilter,
    clearFilters,
  };
}

function clearedSpan(name: RangeFilter): Partial<SearchState> {
  const keys = spanKeys(name);
  return { [keys.from]: null, [keys.to]: null };
}

/** The search state, its results (fetched while the search page shows) and the filter panel. */
export function useSearch() {
  const route = useRoute();
  const core = useSearchState();
  const { state, valueLabel } = core;

  const {
    data: response,
    error,
    loading,
    reload,
  } = useFetched(
    () => (route.name === 'search' ? JSON.stringify(toApiQuery(state.value)) : null),
    (query, signal) => search(JSON.parse(query), signal),
    { keep: true },
  );

  /** Facet buckets as checkbox options; a ticked value the server no longer counts stays listed so it can be unticked. */
  function options(name: SearchFieldName, buckets: FacetBucket[]): FacetOption[] {
    if (isRange(name)) {
      const sorted = [...buckets].sort((a, b) => Number(b.key) - Number(a.key));
      return sorted.map((b) => ({ value: b.key, label: b.key, count: b.count, checked: inSpan(state.value, name, Number(b.key)) }));
    }
    const selected = state.value[name as ListFilter];
    const listed = buckets.map((b) => ({ value: b.key, label: valueLabel(name, b.key), count: b.count, checked: selected.includes(b.key) }));
    const missing = selected.filter((v) => !buckets.some((b) => b.key === v)).map((v) => ({ value: v, label: valueLabel(name, v), count: 0, checked: true }));
    return [...missing, ...listed];
  }

  const facets = computed<FacetGroupView[]>(() => {
    const f = (response.value?.facets ?? {}) as Record<string, FacetBucket[] | undefined>;
    return FACETS.map((name) => ({
      name,
      legend: field(name).label,
      explain: field(name).explain,
      hierarchy: Boolean(field(name).hierarchy),
      options: options(name, f[name] ?? []),
    }));
  });

  const suggestions = computed(() => response.value?.suggestions ?? null);

  /** The same search with other words. */
  function withWords(q: string) {
    return { name: 'search', query: toRouteQuery(withChange(state.value, { q })) };
  }

  /** The search with a theme ticked in place of the words that named it. */
  function withTheme(theme: string) {
    const s = state.value;
    return { name: 'search', query: toRouteQuery(withChange(s, { q: '', theme: s.theme.includes(theme) ? s.theme : [...s.theme, theme] })) };
  }

  return { ...core, response, error, loading, reload, facets, suggestions, withWords, withTheme };
}
