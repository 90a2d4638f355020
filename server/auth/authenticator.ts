import crypto from 'node:crypto';
import type { Role, UserStore } from '../../store/users';
import { ADMIN_USERNAME, type AuthConfig } from './config';
import { hashPassword, secretsEqual, verifyPassword } from './passwords';
import { signSession, verifySession } from './sessions';

export interface Principal {
  username: string;
  role: Role;
}

export interface LoginResult {
  token: string;
  principal: Principal;
  expiresAt: string;
}

/** Turns a password into a session token, and a bearer token back into who is asking. */
export class Authenticator {
  private dummyHash: Promise<string> | undefined;

  constructor(
    readonly config: AuthConfig,
    readonly users: UserStore,
  ) {}

  async login(username: string, password: string): Promise<LoginResult | null> {
    const { adminPassword } = this.config;
    if (username === ADMIN_USERNAME) {
      if (!adminPassword || !secretsEqual(password, adminPassword)) return null;
      return this.issue({ username, role: 'admin' }, this.adminSessionKey(adminPassword));
    }
    const user = this.users.get(username);
    // An unknown name costs as much as a wrong password, so timing does not reveal who has an account.
    this.dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.dummyHash));
    if (!user || !ok) return null;
    return this.issue({ username: user.username, role: user.role }, user.sessionKey);
  }

  /** The principal behind an `Authorization: Bearer …` header, or null. */
  authenticate(header: string | undefined): Principal | null {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,2048})$/.exec(header ?? '');
    if (!match) return null;
    const token = match[1];
    if (this.config.adminToken && secretsEqual(token, this.config.adminToken)) return { username: ADMIN_USERNAME, role: 'admin' };
    const session = verifySession(token, this.config.sessionSecret);
    if (!session) return null;
    if (session.sub === ADMIN_USERNAME) {
      const { adminPassword } = this.config;
      return adminPassword && session.key === this.adminSessionKey(adminPassword) ? { username: ADMIN_USERNAME, role: 'admin' } : null;
    }
    const user = this.users.get(session.sub);
    // The stored role wins over the token's, so a demotion takes effect at once.
    return user && user.sessionKey === session.key ? { username: user.username, role: user.role } : null;
  }

  private issue(principal: Principal, key: string): LoginResult {
    const exp = Math.floor(Date.now() / 1000 + this.config.sessionHours * 3600);
    const token = signSession({ sub: principal.username, role: principal.role, key, exp }, this.config.sessionSecret);
    return { token, principal, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** Changing SCR_ADMIN_PASSWORD ends the admin's sessions. */
  private adminSessionKey(password: string): string {
    return crypto.createHmac('sha256', this.config.sessionSecret).update(password).digest('base64url').slice(0, 16);
  }
}
