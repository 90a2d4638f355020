import type { ReviewRecord, SearchBackend } from '../model';
import type { Store } from '../store/store';

function* published(store: Store): Iterable<ReviewRecord> {
  for (const record of store.all()) if (record.status === 'published') yield record;
}

/** Bring an index level with the store of record: every published review, nothing else. */
export async function reindex(store: Store, backend: SearchBackend): Promise<number> {
  return backend.rebuild(published(store));
}
