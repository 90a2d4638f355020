/**
 * The reviews a trainer has picked for a case-study pack. Kept in the browser's local storage so
 * the choice survives moving between search, theme and review pages.
 */
import { computed, ref } from 'vue';

export interface PackItem {
  id: string;
  title: string;
}

/** The server's limit on cases per pack. */
export const MAX_PACK_REVIEWS = 12;
export const MAX_PACK_THEMES = 6;

const KEY = 'case-study-pack';

function read(): PackItem[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((i): i is PackItem => typeof i?.id === 'string' && typeof i?.title === 'string') : [];
  } catch {
    return [];
  }
}

const items = ref<PackItem[]>(read());

function save() {
  try {
    localStorage.setItem(KEY, JSON.stringify(items.value));
  } catch {
    // Private browsing may refuse storage; the pack still works for this visit.
  }
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
      save();
    },
    remove(id: string) {
      items.value = items.value.filter((i) => i.id !== id);
      save();
    },
    clear() {
      items.value = [];
      save();
    },
  };
}
