import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { writeFileAtomic } from '../lib/atomic-write';

export type Role = 'editor' | 'admin';

export interface StoredUser {
  username: string;
  role: Role;
  /** A password hash (see server/auth/passwords.ts); the password itself is never stored. */
  passwordHash: string;
  /** Changes with the password, so sessions issued before a change stop working. */
  sessionKey: string;
  createdAt: string;
  createdBy: string;
  /** Where the weekly list of what waits for the editors goes; none, no email. */
  email?: string;
}

export const USERS_FILE = 'users.json';
export const USERNAME_PATTERN = '^[a-z][a-z0-9._-]{2,39}$';

/** The accounts file exists but cannot be read: editors cannot sign in until it is repaired. */
export class UsersUnreadableError extends Error {
  readonly statusCode = 503;
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super('Editor accounts cannot be read just now (the accounts file is damaged), so editors cannot sign in. The admin can still sign in; ask the service administrator to run scr check.');
    this.name = 'UsersUnreadableError';
  }
}

/** Why the accounts file cannot be read, or null when it can (or does not exist yet). */
export function usersFileProblem(file: string): string | null {
  if (!fs.existsSync(file)) return null;
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { users?: unknown };
    return Array.isArray(parsed?.users) ? null : 'not an accounts file';
  } catch (err) {
    return `not valid JSON (${(err as Error).message})`;
  }
}

/** Editor and admin accounts managed from the portal, kept in the data dir beside the store. */
export class UserStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, USERS_FILE);
  }

  /** Throws UsersUnreadableError rather than guess: an empty list would let the file be overwritten. */
  list(): StoredUser[] {
    const problem = usersFileProblem(this.file);
    if (problem) throw new UsersUnreadableError(this.file, problem);
    if (!fs.existsSync(this.file)) return [];
    return (JSON.parse(fs.readFileSync(this.file, 'utf8')) as { users: StoredUser[] }).users;
  }

  get(username: string): StoredUser | undefined {
    return this.list().find((u) => u.username === username);
  }

  /** Create a user, or replace one's role and password (which ends its sessions). */
  put(user: Omit<StoredUser, 'sessionKey'>): StoredUser {
    const stored = { ...user, sessionKey: crypto.randomBytes(12).toString('base64url') };
    this.save([...this.list().filter((u) => u.username !== user.username), stored]);
    return stored;
  }

  remove(username: string): boolean {
    const users = this.list();
    const rest = users.filter((u) => u.username !== username);
    if (rest.length === users.length) return false;
    this.save(rest);
    return true;
  }

  private save(users: StoredUser[]): void {
    users.sort((a, b) => a.username.localeCompare(b.username));
    writeFileAtomic(this.file, JSON.stringify({ users }, null, 2));
  }
}
