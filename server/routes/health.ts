import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { USERS_FILE, usersFileProblem } from '../../store/users';

const healthRoutes: FastifyPluginAsync = async (app) => {
  /** What an operator must look at: files set aside as unreadable, an unreadable accounts file, a full disk. */
  const problems = () =>
    app.store.setAsideFiles().length + (usersFileProblem(path.join(app.store.dataDir, USERS_FILE)) ? 1 : 0) + (app.readOnly ? 1 : 0);

  app.get(
    '/health',
    {
      schema: {
        summary: 'Service status ("degraded" while there are problems for an operator: run scr check), the search backend in use and the number of searchable reviews',
        response: {
          200: {
            type: 'object',
            properties: {
              status: { type: 'string', enum: ['ok', 'degraded'] },
              backend: { type: 'string' },
              reviews: { type: 'integer' },
              problems: { type: 'integer', description: 'Files set aside as unreadable, an unreadable accounts file, or a full disk' },
              read_only: { type: 'boolean', description: 'Started on a full disk: reads are served, changes are refused' },
            },
            required: ['status', 'backend', 'reviews', 'problems', 'read_only'],
          },
        },
      },
    },
    async () => {
      const n = problems();
      return { status: n ? 'degraded' : 'ok', backend: app.backend.name, reviews: await app.backend.count(), problems: n, read_only: app.readOnly };
    },
  );
};

export default healthRoutes;
