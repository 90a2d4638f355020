import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyServerOptions } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';

export interface RateLimitOptions {
  /** Requests per client address per window. */
  max: number;
  timeWindowMs?: number;
}

export interface SecurityOptions {
  /** false turns the general limit off (tests that send thousands of requests); the login limit holds. */
  rateLimit?: RateLimitOptions | false;
}

/** The portal is built with no inline script or style, so its policy can be strict. */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  // blob: for the page images editors fetch with their token (an <img> cannot send the header).
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Swagger UI injects a style element as it renders; the API documentation alone may have inline styles (never scripts). */
export const DOCS_CONTENT_SECURITY_POLICY = { ...CONTENT_SECURITY_POLICY, 'style-src': ["'self'", "'unsafe-inline'"] };

const policyHeader = (policy: Record<string, string[]>) =>
  Object.entries(policy)
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join(';');

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { max: 600, timeWindowMs: 60_000 };

/** Login attempts per client address per minute: enough for typing mistakes, too few for guessing. */
export const LOGIN_RATE_LIMIT = { max: 10, timeWindow: 60_000 };

export function rateLimitFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimitOptions | false {
  const raw = env.SCR_RATE_LIMIT_MAX;
  if (raw === undefined || raw === '') return DEFAULT_RATE_LIMIT;
  const max = Number(raw);
  if (!Number.isInteger(max) || max < 0) throw new Error('SCR_RATE_LIMIT_MAX must be a whole number (0 turns the general limit off; the login limit stays)');
  return max === 0 ? false : { ...DEFAULT_RATE_LIMIT, max };
}

/**
 * Security headers and rate limiting for every route, registered on the root instance so that
 * they cover the API, the docs and the portal's files alike. No CORS plugin is registered: the
 * portal is served from the API's own origin, and no other origin is allowed to read the API.
 */
export async function registerSecurity(app: FastifyInstance, options: SecurityOptions = {}): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  });
  const docsPolicy = policyHeader(DOCS_CONTENT_SECURITY_POLICY);
  app.addHook('onSend', async (request, reply) => {
    if (request.url === '/api/docs' || request.url.startsWith('/api/docs/')) reply.header('content-security-policy', docsPolicy);
  });
  const limit = options.rateLimit === undefined ? rateLimitFromEnv() : options.rateLimit;
  // Turning the general limit off leaves the per-route ones (login) in force: the plugin stays,
  // limiting only the routes that ask for it.
  if (limit) await app.register(rateLimit, { global: true, max: limit.max, timeWindow: limit.timeWindowMs ?? DEFAULT_RATE_LIMIT.timeWindowMs });
  else await app.register(rateLimit, { global: false });
}

/**
 * Answers for requests that never reach a route. A malformed address gets the usual JSON 400.
 * Bytes the HTTP parser cannot read get a 400 only if no response has begun on the connection:
 * after a refused request, the unread rest of its body would otherwise be parsed as a second
 * request and answered on a connection the client has been told is closed.
 */
export const protocolErrorHandlers: Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> = {
  frameworkErrors: (err, _request, reply) => {
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 400;
    (reply as FastifyReply).status(status).send({ error: status === 414 ? 'URI Too Long' : 'Bad Request', message: 'The address is not valid.' });
  },
  clientErrorHandler: (err, socket: Socket) => {
    const current = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    const code = (err as NodeJS.ErrnoException).code;
    if (socket.writable && !current?.headersSent && code !== 'ECONNRESET' && code !== 'EPIPE') {
      const status = code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      // No body: the method is unknown (a HEAD answer must not have one), as in Node's own handler.
      socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    }
    socket.destroy(err);
  },
};
