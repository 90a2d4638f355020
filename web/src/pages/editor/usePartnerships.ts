import { computed, onMounted, shallowRef } from 'vue';
import type { Partnership } from '../../../../model/partnerships';
import { fetchPartnerships } from '../../api';
import { useRequests } from '../../useFetched';

/**
 * The partnership list the editor forms offer for the area, and the regions it names (the ONS
 * regions of England, and Wales): choosing a partnership fills its region and nation.
 */
export function usePartnerships() {
  const partnerships = shallowRef<Partnership[]>([]);
  const requests = useRequests();
  onMounted(async () => {
    const outcome = await requests.latest((signal) => fetchPartnerships(signal));
    // Without the list the area is still a free text field, and the region keeps what it has.
    if (outcome && 'value' in outcome) partnerships.value = outcome.value.partnerships;
  });
  const regions = computed(() => [...new Set(partnerships.value.map((p) => p.region))].sort((a, b) => a.localeCompare(b, 'en-GB')));
  const named = (name: string) => partnerships.value.find((p) => p.name === name.trim());
  return { partnerships, regions, named };
}
