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
}

export const USERS_FILE = 'users.json';
export const USERNAME_PATTERN = '^[a-z][a-z0-9._-]{2,39}$';

/** Editor and admin accounts managed from the portal, kept in the data dir beside the store. */
export class UserStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, USERS_FILE);
  }

  list(): StoredUser[] {
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
