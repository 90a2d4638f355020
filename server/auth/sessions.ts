import crypto from 'node:crypto';
import type { Role } from '../../store/users';

export interface Session {
  sub: string;
  role: Role;
  /** The user's session key when the token was issued; a password change or deletion voids it. */
  key: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const mac = (payload: string, secret: Buffer) => crypto.createHmac('sha256', secret).update(payload).digest('base64url');

/** A stateless bearer token: the session as base64url JSON, then its HMAC-SHA256. */
export function signSession(session: Session, secret: Buffer): string {
  const payload = Buffer.from(JSON.stringify(session)).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

export function verifySession(token: string, secret: Buffer, now = Date.now()): Session | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  try {
    const session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Session;
    return typeof session.exp === 'number' && session.exp * 1000 > now ? session : null;
  } catch {
    return null;
  }
}
