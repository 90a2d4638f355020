import type { FastifyPluginAsync } from 'fastify';
import { USERNAME_PATTERN, type Role } from '../../store/users';
import { ADMIN_USERNAME } from '../auth/config';
import { hashPassword } from '../auth/passwords';
import type { AdminContext } from './admin';
import { EMAIL_SCHEMA } from '../schemas';

const userSchema = {
  type: 'object',
  properties: {
    username: { type: 'string' },
    role: { type: 'string' },
    created_at: { type: 'string' },
    created_by: { type: 'string' },
    email: { type: ['string', 'null'], description: "Where the editors' weekly email goes" },
  },
} as const;

const security = [{ bearerAuth: [] }];
const MIN_PASSWORD_LENGTH = 12;

/** Accounts are managed by admins only; passwords are stored as scrypt hashes, never as given. */
const adminUserRoutes: FastifyPluginAsync<AdminContext> = async (app, { users, audit }) => {
  app.get(
    '/users',
    {
      config: { role: 'admin' },
      schema: { tags: ['editor'], summary: 'Editor and admin accounts', security, response: { 200: { type: 'object', properties: { users: { type: 'array', items: userSchema } } } } },
    },
    async () => ({
      users: users.list().map((u) => ({ username: u.username, role: u.role, created_at: u.createdAt, created_by: u.createdBy, email: u.email ?? null })),
    }),
  );

  app.put<{ Params: { username: string }; Body: { password: string; role: Role; email?: string } }>(
    '/users/:username',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['editor'],
        summary: 'Create an account, or set its role and password (which ends its sessions)',
        security,
        params: { type: 'object', properties: { username: { type: 'string', pattern: USERNAME_PATTERN } }, required: ['username'] },
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            password: { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 200 },
            role: { type: 'string', enum: ['editor', 'admin'] },
            email: { anyOf: [EMAIL_SCHEMA, { type: 'string', maxLength: 0 }], description: "Where the editors' weekly email goes; an empty string removes it, leaving it out keeps it" },
          },
          required: ['password', 'role'],
        },
        response: { 200: userSchema, 400: { $ref: 'Error#' } },
      },
    },
    async (request, reply) => {
      const { username } = request.params;
      if (username === ADMIN_USERNAME) return reply.status(400).send({ error: 'Bad Request', message: `"${ADMIN_USERNAME}" is the built-in account set from the environment.` });
      const existing = users.get(username);
      const email = request.body.email ?? existing?.email;
      const actor = request.principal!.username;
      const user = users.put({
        username,
        role: request.body.role,
        passwordHash: await hashPassword(request.body.password),
        createdAt: existing?.createdAt ?? new Date().toISOString(),
        createdBy: existing?.createdBy ?? actor,
        ...(email ? { email } : {}),
      });
      audit.append({
        actor,
        action: existing ? 'update-user' : 'create-user',
        review_id: null,
        before: existing ? { username, role: existing.role } : null,
        after: { username, role: user.role, password: 'changed' },
      });
      return { username: user.username, role: user.role, created_at: user.createdAt, created_by: user.createdBy, email: user.email ?? null };
    },
  );

  app.delete<{ Params: { username: string } }>(
    '/users/:username',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['editor'],
        summary: 'Delete an account and end its sessions',
        security,
        params: { type: 'object', properties: { username: { type: 'string', pattern: USERNAME_PATTERN } }, required: ['username'] },
        response: { 204: { type: 'null' }, 404: { $ref: 'Error#' } },
      },
    },
    async (request, reply) => {
      const existing = users.get(request.params.username);
      if (!existing || !users.remove(existing.username)) return reply.status(404).send({ error: 'Not Found', message: `No account ${request.params.username}` });
      audit.append({ actor: request.principal!.username, action: 'delete-user', review_id: null, before: { username: existing.username, role: existing.role }, after: null });
      return reply.status(204).send();
    },
  );
};

export default adminUserRoutes;
