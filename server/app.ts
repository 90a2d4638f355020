import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type onRouteHookHandler } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { SEARCH_FIELDS, SERVICE_NAME, type SearchBackend, type SearchFieldRegistry } from '../model';
import { ExtractionPool } from '../ingest/worker/pool';
import type { Store } from '../store/store';
import type { Taxonomy } from '../taxonomy';
import { projectRoot } from '../lib/paths';
import { errorSchema } from './schemas';
import { publicUrlFromEnv } from '../lib/public-url';
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
import alertRoutes, { type AlertsOptions } from './routes/alerts';
import { authConfigFromEnv, type AuthConfig } from './auth/config';
import { protocolErrorHandlers, registerSecurity, type SecurityOptions } from './plugins/security';
import { refuseNonFiniteNumbers, sendError } from './plugins/errors';
import { registerCompression } from './plugins/compression';
import { registerPortalFiles } from './plugins/portal-files';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    backend: SearchBackend;
    taxonomy: Taxonomy;
    /** The search field table the routes validate, document and answer by: the backend's own. */
    fields: SearchFieldRegistry;
    /** Where the public reaches the service: the base of every absolute link it writes. */
    publicUrl: string;
    /** Started on a full disk: reads are served, and health says so. */
    readOnly: boolean;
    /** The extraction workers: every document the server reads or rebuilds is handled there, never on its event loop. */
    readers: ExtractionPool;
  }
}

export interface AppOptions {
  store: Store;
  backend: SearchBackend;
  taxonomy: Taxonomy;
  /** The field table the backend was built with; the product's own by default. */
  fields?: SearchFieldRegistry;
  logger?: FastifyServerOptions['logger'];
  /** Built portal to serve; defaults to dist/web when it exists. */
  webDir?: string;
  /** Editor API secrets; read from the environment when not given. */
  auth?: AuthConfig;
  /** Rate limiting; from SCR_RATE_LIMIT_MAX when not given. */
  security?: SecurityOptions;
  uploadLimitBytes?: number;
  /** Base of absolute links in feeds and documents; from SCR_PUBLIC_URL when not given. */
  publicUrl?: string;
  /** The disk was full at start (see server/startup.ts). */
  readOnly?: boolean;
  /** Email alerts' mailer and schedule; from the environment when not given. */
  alerts?: AlertsOptions;
  /** Sees each route as it is declared, before any is served: how the route audit reads every schema. */
  onRoute?: onRouteHookHandler;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    ...protocolErrorHandlers,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.decorate('store', options.store);
  app.decorate('backend', options.backend);
  app.decorate('taxonomy', options.taxonomy);
  app.decorate<SearchFieldRegistry>('fields', options.fields ?? SEARCH_FIELDS);
  app.decorate('publicUrl', options.publicUrl ?? publicUrlFromEnv());
  app.decorate('readOnly', options.readOnly ?? false);
  app.decorate('readers', new ExtractionPool());
  app.addHook('onClose', () => app.readers.close());
  app.addSchema(errorSchema);
  await registerSecurity(app, options.security);
  await registerCompression(app);

  app.setErrorHandler(sendError);
  refuseNonFiniteNumbers(app);

  await app.register(swagger, {
    openapi: {
      info: { title: `${SERVICE_NAME} API`, version: '1.0.0', description: 'Anonymised child safeguarding case reviews, searchable by theme.' },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const publicRoutes = [healthRoutes, searchRoutes, reviewRoutes, themeRoutes, digestRoutes, feedRoutes, statsRoutes, exportRoutes, packRoutes, similarRoutes, partnershipRoutes];
  for (const routes of publicRoutes) {
    await app.register(routes, { prefix: '/api' });
  }
  await app.register(alertRoutes, { prefix: '/api', ...options.alerts });
  await app.register(adminRoutes, { prefix: '/api/admin', auth: options.auth ?? authConfigFromEnv(), uploadLimitBytes: options.uploadLimitBytes });

  const webDir = options.webDir ?? path.join(projectRoot(), 'dist', 'web');
  const hasWeb = fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) await registerPortalFiles(app, webDir);

  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/') && hasWeb;
    // Portal routes live in the browser; any other page path gets the app shell.
    if (wantsPage) return reply.type('text/html').sendFile('index.html');
    return reply.status(404).send({ error: 'Not Found', message: `No route for ${request.method} ${request.url.split('?')[0]}` });
  });
  return app;
}
