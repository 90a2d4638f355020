import crypto from 'node:crypto';

/** Who may use the editor API, and how sessions are signed. Secrets come only from the environment. */
export interface AuthConfig {
  /** A bearer token that acts as the admin (for scripts). */
  adminToken?: string;
  /** The password of the built-in "admin" account, for the portal's login. */
  adminPassword?: string;
  /** Signs session tokens; a random one per process when unset, so sessions end on restart. */
  sessionSecret: Buffer;
  sessionHours: number;
}

export const ADMIN_USERNAME = 'admin';
const MIN_TOKEN_LENGTH = 24;
const MIN_PASSWORD_LENGTH = 12;

export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const adminToken = env.SCR_ADMIN_TOKEN || undefined;
  const adminPassword = env.SCR_ADMIN_PASSWORD || undefined;
  if (adminToken && adminToken.length < MIN_TOKEN_LENGTH) throw new Error(`SCR_ADMIN_TOKEN is too short: use at least ${MIN_TOKEN_LENGTH} random characters`);
  if (adminPassword && adminPassword.length < MIN_PASSWORD_LENGTH) throw new Error(`SCR_ADMIN_PASSWORD is too short: use at least ${MIN_PASSWORD_LENGTH} characters`);
  const hours = Number(env.SCR_SESSION_HOURS ?? 8);
  return {
    adminToken,
    adminPassword,
    sessionSecret: env.SCR_SESSION_SECRET ? Buffer.from(env.SCR_SESSION_SECRET) : crypto.randomBytes(32),
    sessionHours: Number.isFinite(hours) && hours > 0 ? hours : 8,
  };
}

/** With no admin secret there is nobody who could have made an editor, so the editor API stays shut. */
export function editorApiEnabled(config: AuthConfig): boolean {
  return Boolean(config.adminToken || config.adminPassword);
}
