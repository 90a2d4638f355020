import type { SearchBackend } from '../model';
import type { Store } from '../store/store';

/** Bring an index level with the store of record: every published review, nothing else. */
export async function reindex(store: Store, backend: SearchBackend): Promise<number> {
  await backend.clear();
  let n = 0;
  for (const record of store.all()) {
    if (record.status !== 'published') continue;
    await backend.index(record);
    n++;
  }
  return n;
}
