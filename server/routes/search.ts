import type { FastifyPluginAsync } from 'fastify';
import { SearchRequestSchema, SearchResponseSchema, type SearchRequest } from '../../model';
import { errorResponses } from '../schemas';

const searchRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: SearchRequest }>(
    '/search',
    {
      schema: {
        summary: 'Full-text and theme search over published reviews, with facets and highlighted passages',
        querystring: SearchRequestSchema,
        response: { 200: SearchResponseSchema, ...errorResponses },
      },
    },
    async (request) => app.backend.search(request.query),
  );
};

export default searchRoutes;
