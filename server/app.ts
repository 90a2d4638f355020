import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { SearchBackend } from '../model';
import type { Store } from '../store/store';
import type { Taxonomy } from '../taxonomy';
import { projectRoot } from '../lib/paths';
import { errorSchema } from './schemas';
import { SearchUnavailableError } from '../search/errors';
import healthRoutes from './routes/health';
import searchRoutes from './routes/search';
import reviewRoutes from './routes/reviews';
import themeRoutes from './routes/themes';
import digestRoutes from './routes/digest';
import feedRoutes from './routes/feeds';
import statsRoutes from './routes/stats';
import exportRoutes from './routes/exports';
import packRoutes from './routes/packs';
import similarRoutes from './routes/similar';
import adminRoutes from './routes/admin';
import partnershipRoutes from './routes/partnerships';
import { authConfigFromEnv, type AuthConfig } from './auth/config';
import { protocolErrorHandlers, registerSecurity, type SecurityOptions } from './plugins/security';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    backend: SearchBackend;
    taxonomy: Taxonomy;
  }
}

export interface AppOptions {
  store: Store;
  backend: SearchBackend;
  taxonomy: Taxonomy;
  logger?: FastifyServerOptions['logger'];
  /** Built portal to serve; defaults to dist/web when it exists. */
  webDir?: string;
  /** Editor API secrets; read from the environment when not given. */
  auth?: AuthConfig;
  /** Rate limiting; from SCR_RATE_LIMIT_MAX when not given. */
  security?: SecurityOptions;
  uploadLimitBytes?: number;
}

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    ...protocolErrorHandlers,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
  });
  app.decorate('store', options.store);
  app.decorate('backend', options.backend);
  app.decorate('taxonomy', options.taxonomy);
  app.addSchema(errorSchema);
  await registerSecurity(app, options.security);

  // Errors are JSON with a status-appropriate message; internals are logged, never sent.
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err.validation ? 400 : (err.statusCode ?? 500);
    if (status >= 500) request.log.error({ err }, 'request failed');
    // A search service that is down or slow is the one 5xx worth explaining: it passes by itself.
    const message = err instanceof SearchUnavailableError ? err.message : status >= 500 ? 'The service could not complete the request.' : err.message;
    reply.status(status).send({ error: STATUS_NAMES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error'), message });
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Case Review Repository API', version: '1.0.0', description: 'Anonymised child safeguarding case reviews, searchable by theme.' },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const publicRoutes = [healthRoutes, searchRoutes, reviewRoutes, themeRoutes, digestRoutes, feedRoutes, statsRoutes, exportRoutes, packRoutes, similarRoutes, partnershipRoutes];
  for (const routes of publicRoutes) {
    await app.register(routes, { prefix: '/api' });
  }
  await app.register(adminRoutes, { prefix: '/api/admin', auth: options.auth ?? authConfigFromEnv(), uploadLimitBytes: options.uploadLimitBytes });

  const webDir = options.webDir ?? path.join(projectRoot(), 'dist', 'web');
  const hasWeb = fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false });

  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/') && hasWeb;
    // Portal routes live in the browser; any other page path gets the app shell.
    if (wantsPage) return reply.type('text/html').sendFile('index.html');
    return reply.status(404).send({ error: 'Not Found', message: `No route for ${request.method} ${request.url.split('?')[0]}` });
  });
  return app;
}
