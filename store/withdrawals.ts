import fs from 'node:fs';
import path from 'node:path';
import type { ReviewRecord } from '../model';
import { writeFileAtomic } from '../lib/atomic-write';

export const WITHDRAWALS_DIR = 'withdrawals';

/**
 * A withdrawal kept apart from its record: written when the disk is too full to rewrite the record
 * (a few hundred bytes against a record's megabytes), in force over the record until a newer
 * version of the record is written.
 */
export interface Withdrawal {
  id: string;
  reason: string;
  at: string;
}

const MARKER = /^([a-z0-9-]+)\.json$/;

/**
 * Every withdrawal marker of a data dir, by review id. A marker that cannot be read still
 * withdraws the review its name gives: hiding a review by mistake is the safe side to err on.
 */
export function readWithdrawals(dataDir: string): Map<string, Withdrawal> {
  const dir = path.join(dataDir, WITHDRAWALS_DIR);
  const out = new Map<string, Withdrawal>();
  if (!fs.existsSync(dir)) return out;
  for (const name of fs.readdirSync(dir)) {
    const id = MARKER.exec(name)?.[1];
    if (!id) continue;
    let marker: Partial<Withdrawal> = {};
    try {
      marker = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Partial<Withdrawal>;
    } catch {
      // Unreadable: withdrawn all the same, with no reason to give.
    }
    out.set(id, { id, reason: typeof marker.reason === 'string' ? marker.reason : 'withdrawn', at: typeof marker.at === 'string' ? marker.at : new Date(0).toISOString() });
  }
  return out;
}

export function withdrawalPath(dataDir: string, id: string): string {
  return path.join(dataDir, WITHDRAWALS_DIR, `${id}.json`);
}

export function writeWithdrawal(dataDir: string, withdrawal: Withdrawal): void {
  writeFileAtomic(withdrawalPath(dataDir, withdrawal.id), JSON.stringify(withdrawal));
}

/** The record as the withdrawal left it. */
export function applyWithdrawal(record: ReviewRecord, withdrawal: Withdrawal): ReviewRecord {
  return { ...record, status: 'withdrawn', statusReason: withdrawal.reason, updatedAt: withdrawal.at };
}
