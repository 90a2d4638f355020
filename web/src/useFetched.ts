import { onBeforeUnmount, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import { ApiError } from './api';

export interface FetchError {
  notFound: boolean;
  message: string;
}

/**
 * Data fetched for a key (a route id, say) and fetched again when the key changes. A change or an
 * unmount aborts the request in flight, so a slow earlier answer never overwrites a newer one.
 */
export function useFetched<T>(
  key: () => string,
  fetcher: (key: string, signal: AbortSignal) => Promise<T>,
): { data: ShallowRef<T | null>; error: Ref<FetchError | null>; reload: () => Promise<void> } {
  const data = shallowRef<T | null>(null);
  const error = ref<FetchError | null>(null);
  let controller: AbortController | null = null;

  async function load(current: string): Promise<void> {
    controller?.abort();
    const request = new AbortController();
    controller = request;
    data.value = null;
    error.value = null;
    try {
      data.value = await fetcher(current, request.signal);
    } catch (err) {
      if (request.signal.aborted) return;
      error.value = { notFound: err instanceof ApiError && err.status === 404, message: err instanceof Error ? err.message : String(err) };
    }
  }

  watch(key, load, { immediate: true });
  onBeforeUnmount(() => controller?.abort());
  return { data, error, reload: () => load(key()) };
}
