import type { FastifyPluginAsync } from 'fastify';
import { AuditLog } from '../../store/audit-log';
import { UserStore, type Role } from '../../store/users';
import { Authenticator, type Principal } from '../auth/authenticator';
import { editorApiEnabled, type AuthConfig } from '../auth/config';
import { Editorial } from '../../core/editorial/editorial';
import adminSessionRoutes from './admin-session';
import adminUserRoutes from './admin-users';
import adminReviewRoutes from './admin-reviews';
import adminUploadRoutes from './admin-uploads';
import adminThemeRoutes from './admin-themes';
import { createTagger } from '../../taxonomy';
import type { TaggingContext } from '../../ingest/tag-record';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is making an editor API request; set for every /api/admin route but login. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The least role a route needs (editor when unset). */
    role?: Role;
    /** Reachable without a session (only the login route). */
    anonymous?: boolean;
  }
}

export interface AdminOptions {
  auth: AuthConfig;
  /** Largest file accepted by the upload route. */
  uploadLimitBytes?: number;
}

/** Plugin options shared by the editor API's route groups. */
export interface AdminContext {
  authenticator: Authenticator;
  editorial: Editorial;
  users: UserStore;
  audit: AuditLog;
  uploadLimitBytes?: number;
  /** The tagger, made on first use: most editor sessions never re-tag anything. */
  tagging: () => TaggingContext;
}

const DISABLED =
  'The editor API is disabled: no admin secret is configured. Set SCR_ADMIN_PASSWORD (portal login) or SCR_ADMIN_TOKEN (bearer token) in the environment and restart.';

/**
 * The editor API under /api/admin. Every route needs a bearer token (a session from
 * /api/admin/login, or SCR_ADMIN_TOKEN) except login itself; routes marked `role: 'admin'` need an admin.
 */
const adminRoutes: FastifyPluginAsync<AdminOptions> = async (app, options) => {
  const users = new UserStore(app.store.dataDir);
  const audit = new AuditLog(app.store.dataDir);
  let tagging: TaggingContext | undefined;
  const context: AdminContext = {
    authenticator: new Authenticator(options.auth, users),
    editorial: new Editorial(app.store, app.backend, audit),
    users,
    audit,
    uploadLimitBytes: options.uploadLimitBytes,
    tagging: () => (tagging ??= { tagger: createTagger(app.taxonomy), taxonomyVersion: app.taxonomy.version }),
  };
  const enabled = editorApiEnabled(options.auth);

  app.decorateRequest('principal', null);
  // Tokens, accounts and unpublished reviews: nothing from the editor API may be kept by a cache.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!enabled) return reply.status(403).send({ error: 'Forbidden', message: DISABLED });
    const config = request.routeOptions.config;
    if (config.anonymous) return;
    const principal = context.authenticator.authenticate(request.headers.authorization);
    if (!principal) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'Unauthorized', message: 'Sign in first: send "Authorization: Bearer <token>" with a token from /api/admin/login.' });
    }
    if (config.role === 'admin' && principal.role !== 'admin') {
      return reply.status(403).send({ error: 'Forbidden', message: 'Only an admin may do this.' });
    }
    request.principal = principal;
  });

  await app.register(adminSessionRoutes, context);
  await app.register(adminUserRoutes, context);
  await app.register(adminReviewRoutes, context);
  await app.register(adminUploadRoutes, context);
  await app.register(adminThemeRoutes, context);
};

export default adminRoutes;
