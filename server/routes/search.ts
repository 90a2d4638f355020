import type { FastifyPluginAsync } from 'fastify';
import { searchRequestSchema, searchResponseSchema, type SearchRequest } from '../../model';
import { errorResponses } from '../schemas';

const searchRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: SearchRequest }>(
    '/search',
    {
      schema: {
        summary: 'Full-text and theme search over published reviews, with facets and highlighted passages',
        querystring: searchRequestSchema(app.fields),
        response: { 200: searchResponseSchema(app.fields), ...errorResponses },
      },
    },
    async (request) => app.backend.search(request.query),
  );
};

export default searchRoutes;
