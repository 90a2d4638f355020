import fs from 'node:fs';
import path from 'node:path';
import { isDiskFull } from '../lib/disk-full';
import type { Repository } from '../ingest/repository';
import { reindex } from '../search/reindex';
import { SearchUnavailableError } from '../search/errors';

export interface StartState {
  /** The disk is full: serve reads, refuse changes (they answer 507). */
  readOnly: boolean;
}

/** Whether the data dir's disk has room for a small write, found by making one. */
export function diskHasRoom(dataDir: string): boolean {
  const probe = path.join(dataDir, `.space-probe.${process.pid}.tmp`);
  try {
    fs.writeFileSync(probe, Buffer.alloc(64 * 1024));
    return true;
  } catch (err) {
    if (isDiskFull(err)) return false;
    throw err;
  } finally {
    fs.rmSync(probe, { force: true });
  }
}

/**
 * Withdrawals kept as markers (made on a full disk) are out of the index before anything is
 * served, and written into their records where the disk now has room for them.
 */
async function honourWithdrawals(repo: Repository, say: (line: string) => void): Promise<void> {
  const pending = repo.store.pendingWithdrawals();
  if (!pending.length) return;
  try {
    for (const id of pending) await repo.backend.remove(id);
  } catch (err) {
    if (!(err instanceof SearchUnavailableError)) throw err;
    say('the search service is unavailable: withdrawals made while the disk was full are not yet out of its index (run scr reindex once it is back)');
  }
  const settled = repo.store.settleWithdrawals();
  if (settled < pending.length) say(`${pending.length - settled} withdrawals made while the disk was full are kept as markers until they can be written into their records`);
}

/**
 * Get a repository ready to serve: level the index with the store of record, unless the search
 * service is down (the API answers 503 until it is back) or the disk is full (a rebuild could
 * empty the index and fail to refill it; the site is served read-only instead). Records that
 * cannot be read are set aside and named as the store meets them.
 */
export async function prepareToServe(repo: Repository, say: (line: string) => void): Promise<StartState> {
  await honourWithdrawals(repo, say);
  if (!diskHasRoom(repo.store.dataDir)) {
    say(`the disk of ${repo.store.dataDir} is full: serving read-only (changes are refused until there is space; then restart)`);
    return { readOnly: true };
  }
  const published = [...repo.store.all()].filter((r) => r.status === 'published').length;
  try {
    if ((await repo.backend.count()) !== published) {
      say('index out of step with the store; rebuilding it');
      await reindex(repo.store, repo.backend);
    }
  } catch (err) {
    if (err instanceof SearchUnavailableError) say('the search service is unavailable; serving anyway (run scr reindex once it is back)');
    else if (isDiskFull(err)) {
      say('the disk filled up while the index was rebuilt: serving read-only (run scr reindex once there is space)');
      return { readOnly: true };
    } else throw err;
  }
  return { readOnly: false };
}
