import type { FastifyPluginAsync } from 'fastify';

const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Service status, the search backend in use and the number of searchable reviews',
        response: {
          200: {
            type: 'object',
            properties: { status: { type: 'string' }, backend: { type: 'string' }, reviews: { type: 'integer' } },
            required: ['status', 'backend', 'reviews'],
          },
        },
      },
    },
    async () => ({ status: 'ok', backend: app.backend.name, reviews: await app.backend.count() }),
  );
};

export default healthRoutes;
