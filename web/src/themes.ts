/** The taxonomy, fetched once and shared by every page that needs theme labels. */
import { computed, shallowRef } from 'vue';
import { fetchThemes, type ThemesResponse } from './api';

const taxonomy = shallowRef<ThemesResponse | null>(null);
const error = shallowRef<Error | null>(null);
let pending: Promise<void> | null = null;

function load(): Promise<void> {
  pending ??= fetchThemes()
    .then((res) => {
      taxonomy.value = res;
      error.value = null;
    })
    .catch((err: Error) => {
      error.value = err;
      // Let a later page visit try again.
      pending = null;
    });
  return pending;
}

const labels = computed(() => new Map(taxonomy.value?.themes.map((t) => [t.id, t.label]) ?? []));

export function useTaxonomy() {
  void load();
  return {
    taxonomy,
    error,
    reload: load,
    /** A theme's label, or its id until the taxonomy has arrived. */
    themeLabel: (id: string): string => labels.value.get(id) ?? id,
  };
}
