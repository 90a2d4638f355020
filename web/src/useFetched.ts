import { getCurrentScope, onScopeDispose, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import { ApiError } from './api';

export interface FetchError {
  notFound: boolean;
  status: number;
  message: string;
}

export function toFetchError(err: unknown): FetchError {
  const status = err instanceof ApiError ? err.status : 0;
  return { notFound: status === 404, status, message: err instanceof Error ? err.message : String(err) };
}

/**
 * One consumer's requests: each new one aborts the one before it, and the consumer's going
 * away (a page left, a component unmounted) aborts the last, so a slow earlier answer never
 * lands on a newer screen.
 */
export function useRequests() {
  let controller: AbortController | null = null;
  const abort = () => {
    controller?.abort();
    controller = null;
  };
  /** The signal for a new request, aborting the previous one. */
  const next = (): AbortSignal => {
    abort();
    controller = new AbortController();
    return controller.signal;
  };
  if (getCurrentScope()) onScopeDispose(abort);
  return {
    next,
    abort,
    /**
     * Runs a request as this consumer's latest. Resolves to its value, or to undefined when a
     * newer request (or leaving) aborted it, whatever the request itself did.
     */
    async latest<T>(fetcher: (signal: AbortSignal) => Promise<T>): Promise<{ value: T } | { error: FetchError } | undefined> {
      const signal = next();
      try {
        const value = await fetcher(signal);
        return signal.aborted ? undefined : { value };
      } catch (err) {
        return signal.aborted ? undefined : { error: toFetchError(err) };
      }
    },
  };
}

/**
 * Data fetched for a key (a route id, a query string) and fetched again when the key changes;
 * a null key fetches nothing. `keep` leaves the previous data showing while the next loads.
 */
export function useFetched<T>(
  key: () => string | null,
  fetcher: (key: string, signal: AbortSignal) => Promise<T>,
  options: { keep?: boolean } = {},
): { data: ShallowRef<T | null>; error: Ref<FetchError | null>; loading: Ref<boolean>; reload: () => Promise<void> } {
  const data = shallowRef<T | null>(null);
  const error = ref<FetchError | null>(null);
  const loading = ref(false);
  const requests = useRequests();

  async function load(current: string | null): Promise<void> {
    // The consumer's page is being left: its answer would land nowhere.
    if (current === null) return requests.abort();
    loading.value = true;
    error.value = null;
    if (!options.keep) data.value = null;
    const outcome = await requests.latest((signal) => fetcher(current, signal));
    if (!outcome) return;
    loading.value = false;
    if ('value' in outcome) data.value = outcome.value;
    else {
      error.value = outcome.error;
      data.value = null;
    }
  }

  watch(key, load, { immediate: true });
  return { data, error, loading, reload: () => load(key()) };
}
