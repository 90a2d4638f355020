import fs from 'node:fs';
import path from 'node:path';
import type { SearchFilters } from '../model';
import { writeFileAtomic } from '../lib/atomic-write';

export type AlertFrequency = 'weekly' | 'monthly';

/** What an alert follows: one theme, or any search (its filters as the API takes them). */
export type AlertTarget = { theme: string } | { filters: SearchFilters };

export interface Subscription {
  /** A random id, for the log and for telling two alerts of one address apart; not a secret. */
  id: string;
  /**
   * sha256 of each token sent to the subscriber, newest last: every email carries a fresh one, and
   * the tokens themselves are only ever in the emails. Any of them opens the alert.
   */
  tokenHashes: string[];
  email: string;
  target: AlertTarget;
  frequency: AlertFrequency;
  createdAt: string;
  /** Absent until the subscriber follows the link in the confirmation email: nothing is sent before. */
  confirmedAt?: string;
  /** Reviews published after this are new to the subscriber: the confirmation, then each digest. */
  since?: string;
  lastSentAt?: string;
  /** The week or month of the last digest, so a rerun in the same period sends nothing. */
  lastPeriod?: string;
}

/** The week of the last editors' email sent to each account. */
export type EditorsSent = Record<string, string>;

interface SubscriptionsFile {
  subscriptions: Subscription[];
  editors: EditorsSent;
}

export const SUBSCRIPTIONS_FILE = 'subscriptions.json';

/** Why the file cannot be read, or null when it can (or does not exist yet). */
export function subscriptionsFileProblem(file: string): string | null {
  if (!fs.existsSync(file)) return null;
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SubscriptionsFile> | null;
    return Array.isArray(parsed?.subscriptions) && typeof parsed?.editors === 'object' && parsed.editors !== null ? null : 'not a subscriptions file';
  } catch (err) {
    return `not valid JSON (${(err as Error).message})`;
  }
}

/**
 * Email alert subscriptions, kept in the data dir beside the store of record. The file is read
 * afresh for every change and written atomically, so the server and `scr alerts send` run from
 * cron see each other's changes. A file that cannot be read is set aside (named, with a note) and
 * the alerts start again empty: no subscriber is mailed from a guess at what it said.
 */
export class SubscriptionStore {
  readonly file: string;

  constructor(
    dataDir: string,
    private readonly setAside: (file: string, reason: string) => void,
  ) {
    this.file = path.join(dataDir, SUBSCRIPTIONS_FILE);
  }

  private read(): SubscriptionsFile {
    const problem = subscriptionsFileProblem(this.file);
    if (problem) this.setAside(this.file, problem);
    if (!fs.existsSync(this.file)) return { subscriptions: [], editors: {} };
    return JSON.parse(fs.readFileSync(this.file, 'utf8')) as SubscriptionsFile;
  }

  private write(data: SubscriptionsFile): void {
    writeFileAtomic(this.file, JSON.stringify(data, null, 2));
  }

  list(): Subscription[] {
    return this.read().subscriptions;
  }

  byTokenHash(tokenHash: string): Subscription | undefined {
    return this.list().find((s) => s.tokenHashes.includes(tokenHash));
  }

  /** Apply a change to the whole list (add, replace, remove) in one read and one atomic write. */
  update(change: (subscriptions: Subscription[]) => Subscription[]): void {
    const data = this.read();
    this.write({ ...data, subscriptions: change(data.subscriptions) });
  }

  editorsSent(): EditorsSent {
    return this.read().editors;
  }

  markEditorSent(username: string, period: string): void {
    const data = this.read();
    this.write({ ...data, editors: { ...data.editors, [username]: period } });
  }
}
