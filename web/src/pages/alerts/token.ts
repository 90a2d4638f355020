import { computed } from 'vue';
import { useRoute } from 'vue-router';

/** The alert's token, from the address's fragment (#token=…): a browser never sends the fragment to a server, so no log holds it. */
export function useAlertToken() {
  const route = useRoute();
  return computed(() => new URLSearchParams(route.hash.replace(/^#/, '')).get('token') ?? '');
}
