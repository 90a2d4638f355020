import type { FastifyPluginAsync } from 'fastify';
import { LOGIN_RATE_LIMIT } from '../plugins/security';
import type { AdminContext } from './admin';

const principalSchema = {
  type: 'object',
  properties: { username: { type: 'string' }, role: { type: 'string' } },
  required: ['username', 'role'],
} as const;

const security = [{ bearerAuth: [] }];

const adminSessionRoutes: FastifyPluginAsync<AdminContext> = async (app, { authenticator }) => {
  app.post<{ Body: { username: string; password: string } }>(
    '/login',
    {
      config: { anonymous: true, rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags: ['editor'],
        summary: 'Sign in as an editor or admin; the token goes in "Authorization: Bearer" on every other editor route',
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { username: { type: 'string', minLength: 1, maxLength: 40 }, password: { type: 'string', minLength: 1, maxLength: 200 } },
          required: ['username', 'password'],
        },
        response: {
          200: {
            type: 'object',
            properties: { token: { type: 'string' }, user: principalSchema, expires_at: { type: 'string' } },
            required: ['token', 'user', 'expires_at'],
          },
          401: { $ref: 'Error#' },
        },
      },
    },
    async (request, reply) => {
      const result = await authenticator.login(request.body.username, request.body.password);
      if (!result) return reply.status(401).send({ error: 'Unauthorized', message: 'The username or password is not right.' });
      return { token: result.token, user: result.principal, expires_at: result.expiresAt };
    },
  );

  app.get(
    '/me',
    { schema: { tags: ['editor'], summary: 'Who the bearer token belongs to', security, response: { 200: principalSchema } } },
    async (request) => request.principal,
  );
};

export default adminSessionRoutes;
