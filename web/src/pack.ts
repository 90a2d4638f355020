/**
 * The trainer's case-study pack as it is being put together: the reviews picked and the themes
 * chosen. Kept in the browser's local storage so the choice survives moving between search, theme
 * and review pages (and a reload).
 */
import { computed, ref, type Ref } from 'vue';

export interface PackItem {
  id: string;
  title: string;
}

/** The server's limits on cases and themes per pack. */
export const MAX_PACK_REVIEWS = 12;
export const MAX_PACK_THEMES = 6;

const ITEMS_KEY = 'case-study-pack';
const THEMES_KEY = 'case-study-pack-themes';

function read<T>(key: string, keep: (value: unknown) => value is T): T[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(keep) : [];
  } catch {
    return [];
  }
}

function save(key: string, value: Ref<unknown>) {
  try {
    localStorage.setItem(key, JSON.stringify(value.value));
  } catch {
    // Private browsing may refuse storage; the pack still works for this visit.
  }
}

const isItem = (i: unknown): i is PackItem => typeof (i as PackItem)?.id === 'string' && typeof (i as PackItem)?.title === 'string';
const isThemeId = (t: unknown): t is string => typeof t === 'string';

const items = ref<PackItem[]>(read(ITEMS_KEY, isItem));
const themes = ref<string[]>(read(THEMES_KEY, isThemeId).slice(0, MAX_PACK_THEMES));

// Another tab's changes to the pack show here too.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === ITEMS_KEY) items.value = read(ITEMS_KEY, isItem);
    if (event.key === THEMES_KEY) themes.value = read(THEMES_KEY, isThemeId).slice(0, MAX_PACK_THEMES);
  });
}

function setThemes(ids: string[]) {
  themes.value = [...new Set(ids)].slice(0, MAX_PACK_THEMES);
  save(THEMES_KEY, themes);
}

export function usePack() {
  return {
    items,
    count: computed(() => items.value.length),
    full: computed(() => items.value.length >= MAX_PACK_REVIEWS),
    has: (id: string) => items.value.some((i) => i.id === id),
    add(item: PackItem) {
      if (items.value.some((i) => i.id === item.id) || items.value.length >= MAX_PACK_REVIEWS) return;
      items.value = [...items.value, item];
      save(ITEMS_KEY, items);
    },
    remove(id: string) {
      items.value = items.value.filter((i) => i.id !== id);
      save(ITEMS_KEY, items);
    },
    clear() {
      items.value = [];
      save(ITEMS_KEY, items);
    },
    /** The chosen themes' ids, in the order they were chosen; settable, as a checkbox group's model. */
    themes: computed({ get: () => themes.value, set: setThemes }),
    addTheme(id: string) {
      if (!themes.value.includes(id)) setThemes([...themes.value, id]);
    },
  };
}
