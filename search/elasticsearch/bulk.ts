import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, estypes } from '@elastic/elasticsearch';
import { SearchUnavailableError } from '../errors';
import { isTransient } from './client';

export type BulkAction =
  | { op: 'index'; index: string; id: string; doc: Record<string, unknown> }
  | { op: 'delete'; index: string; id: string };

export interface BulkRetryOptions {
  retries: number;
  backoffMs: number;
  refresh: boolean;
  /** Write through aliases only, so a missing alias is an error rather than a new unmapped index. */
  requireAlias: boolean;
}

/** An action the cluster refused for a reason a retry will not change (bad document, mapping). */
export class BulkRejectedError extends Error {
  constructor(readonly failures: { id: string; type: string; reason: string }[]) {
    super(`Elasticsearch rejected ${failures.length} document(s): ${failures.slice(0, 3).map((f) => `${f.id}: ${f.reason}`).join('; ')}`);
    this.name = 'BulkRejectedError';
  }

  /** Every write was refused because its alias is gone (a wiped cluster). */
  get missingIndex(): boolean {
    return this.failures.every((f) => f.type === 'index_not_found_exception');
  }
}

const RETRY_ITEM_STATUS = new Set([429, 502, 503, 504]);

function toOperations(actions: BulkAction[]): estypes.BulkOperationContainer[] | unknown[] {
  return actions.flatMap((a) =>
    a.op === 'index' ? [{ index: { _index: a.index, _id: a.id } }, a.doc] : [{ delete: { _index: a.index, _id: a.id } }],
  );
}

/**
 * Sends actions with _bulk; the whole request is retried when the cluster is unreachable or
 * overloaded, and only the refused items when some are rejected for back-pressure. Backoff doubles
 * with jitter. Out of retries, the error says the search service is unavailable.
 */
export async function bulkWithRetry(client: Client, actions: BulkAction[], options: BulkRetryOptions): Promise<void> {
  let pending = actions;
  let lastError: unknown;
  for (let attempt = 0; pending.length && attempt <= options.retries; attempt++) {
    if (attempt > 0) await sleep(options.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2));
    let res: estypes.BulkResponse;
    try {
      res = await client.bulk({
        operations: toOperations(pending) as estypes.BulkOperationContainer[],
        refresh: options.refresh,
        require_alias: options.requireAlias,
      });
    } catch (err) {
      if (!isTransient(err)) throw err;
      lastError = err;
      continue;
    }
    if (!res.errors) return;
    const retry: BulkAction[] = [];
    const rejected: { id: string; type: string; reason: string }[] = [];
    res.items.forEach((item, i) => {
      const result = Object.values(item)[0] as estypes.BulkResponseItem;
      if (!result.error) return;
      if (pending[i].op === 'delete' && result.status === 404) return;
      if (RETRY_ITEM_STATUS.has(result.status)) retry.push(pending[i]);
      else rejected.push({ id: pending[i].id, type: result.error.type, reason: `${result.error.type}: ${result.error.reason ?? ''}` });
    });
    if (rejected.length) throw new BulkRejectedError(rejected);
    lastError = new Error(`${retry.length} document(s) refused under load`);
    pending = retry;
  }
  if (pending.length) throw new SearchUnavailableError(lastError);
}
