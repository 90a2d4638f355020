import type { FastifyPluginAsync } from 'fastify';
import { errorResponses, reviewListingProperties } from '../schemas';
import { SimilarReviews } from '../../core/similar';

const similarRoutes: FastifyPluginAsync = async (app) => {
  const similar = new SimilarReviews(app.store, app.backend);

  app.get<{ Params: { id: string }; Querystring: { limit: number } }>(
    '/reviews/:id/similar',
    {
      schema: {
        summary: 'Published reviews most like this one, by the themes they carry and the words they use',
        params: { type: 'object', properties: { id: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' } }, required: ['id'] },
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 20, default: 5 } } },
        response: {
          200: {
            type: 'object',
            properties: {
              results: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    ...reviewListingProperties,
                    score: { type: 'number' },
                    shared_themes: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
            },
            required: ['results'],
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const record = app.store.get(request.params.id);
      if (record?.status !== 'published') {
        return reply.status(404).send({ error: 'Not Found', message: `No published review with id ${request.params.id}` });
      }
      return { results: await similar.similarTo(record, request.query.limit) };
    },
  );
};

export default similarRoutes;
