import fs from 'node:fs';
import path from 'node:path';
import type { ReviewRecord } from '../model';
import { AUDIT_LOG_FILE, parseAuditLine } from './audit-log';
import { CORRUPT_DIR, FILES_DIR, REVIEWS_DIR, recordProblem, sha256 } from './store';
import { USERS_FILE, usersFileProblem } from './users';
import { SUBSCRIPTIONS_FILE, subscriptionsFileProblem } from './subscriptions';
import { applyWithdrawal, readWithdrawals } from './withdrawals';

export type ProblemKind = 'record' | 'file' | 'users' | 'subscriptions' | 'audit' | 'set-aside' | 'index';

export interface Problem {
  kind: ProblemKind;
  /** The file concerned, relative to the data dir, when there is one. */
  file?: string;
  message: string;
}

/** Problems that make a copy of the store a copy of damage: a backup refuses to start on these. */
export const BLOCKS_BACKUP: ReadonlySet<ProblemKind> = new Set(['record', 'file', 'users']);

const isTemporary = (name: string) => name.startsWith('.') && name.endsWith('.tmp');

function listDir(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => !isTemporary(n)).sort() : [];
}

/**
 * Verify the store of record as it is on disk, moving nothing: every record readable, every
 * original file present and matching its sha256, the accounts, subscriptions and audit files readable.
 */
export function checkStore(dataDir: string): { records: ReviewRecord[]; files: number; problems: Problem[] } {
  const problems: Problem[] = [];
  const records: ReviewRecord[] = [];
  // A withdrawal kept as a marker is in force over its record, here as in the store.
  const withdrawals = readWithdrawals(dataDir);
  for (const name of listDir(path.join(dataDir, REVIEWS_DIR)).filter((n) => n.endsWith('.json'))) {
    const rel = path.join(REVIEWS_DIR, name);
    const text = fs.readFileSync(path.join(dataDir, rel), 'utf8');
    const problem = recordProblem(text, name.slice(0, -5));
    if (problem) problems.push({ kind: 'record', file: rel, message: `${rel} is ${problem}` });
    else {
      const record = JSON.parse(text) as ReviewRecord;
      const withdrawal = withdrawals.get(record.id);
      records.push(withdrawal ? applyWithdrawal(record, withdrawal) : record);
    }
  }
  const files = listDir(path.join(dataDir, FILES_DIR));
  for (const name of files) {
    const rel = path.join(FILES_DIR, name);
    const expected = name.split('.')[0];
    if (sha256(fs.readFileSync(path.join(dataDir, rel))) !== expected) problems.push({ kind: 'file', file: rel, message: `${rel} does not match its sha256 checksum` });
  }
  const stored = new Set(files);
  for (const record of records) {
    const name = `${record.source.sha256}.${record.source.type}`;
    if (!stored.has(name)) problems.push({ kind: 'file', file: path.join(FILES_DIR, name), message: `review ${record.id} names ${FILES_DIR}/${name}, which is missing` });
  }
  const usersProblem = usersFileProblem(path.join(dataDir, USERS_FILE));
  if (usersProblem) problems.push({ kind: 'users', file: USERS_FILE, message: `${USERS_FILE} is ${usersProblem}` });
  const subscriptionsProblem = subscriptionsFileProblem(path.join(dataDir, SUBSCRIPTIONS_FILE));
  if (subscriptionsProblem) problems.push({ kind: 'subscriptions', file: SUBSCRIPTIONS_FILE, message: `${SUBSCRIPTIONS_FILE} is ${subscriptionsProblem} (the alerts set it aside when they next read it)` });
  problems.push(...auditProblems(path.join(dataDir, AUDIT_LOG_FILE)));
  for (const name of listDir(path.join(dataDir, CORRUPT_DIR)).filter((n) => !n.endsWith('.note.txt'))) {
    const rel = path.join(CORRUPT_DIR, name);
    problems.push({ kind: 'set-aside', file: rel, message: `${rel} was set aside as unreadable: repair and restore it, or remove it` });
  }
  return { records, files: files.length, problems };
}

/** Complete lines that are not entries; a torn last line is left for the next append to cut. */
function auditProblems(file: string): Problem[] {
  if (!fs.existsSync(file)) return [];
  const text = fs.readFileSync(file, 'utf8');
  const problems: Problem[] = [];
  text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .forEach((line, i) => {
      if (line && !parseAuditLine(line)) problems.push({ kind: 'audit', file: AUDIT_LOG_FILE, message: `${AUDIT_LOG_FILE} line ${i + 1} is not a readable entry` });
    });
  return problems;
}
