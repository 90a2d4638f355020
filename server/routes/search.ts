import type { FastifyPluginAsync } from 'fastify';
import { SORT_ORDERS, type SortOrder } from '../../model';
import { errorResponses, facetsSchema, filterQuerySchema, searchHitSchema } from '../schemas';
import { toFilters, type FilterQuery } from '../filters';

interface SearchQuery extends FilterQuery {
  sort?: SortOrder;
  page?: number;
  size?: number;
}

const searchRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: SearchQuery }>(
    '/search',
    {
      schema: {
        summary: 'Full-text and theme search over published reviews, with facets and highlighted passages',
        querystring: {
          type: 'object',
          properties: {
            ...filterQuerySchema,
            sort: {
              type: 'string',
              enum: [...SORT_ORDERS],
              default: 'relevance',
              description: "relevance; date: the report's year, newest first; added: newest additions to the repository first",
            },
            page: { type: 'integer', minimum: 1, maximum: 1000, default: 1 },
            size: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { total: { type: 'integer' }, results: { type: 'array', items: searchHitSchema }, facets: facetsSchema },
            required: ['total', 'results', 'facets'],
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { sort, page, size } = request.query;
      return app.backend.search({ ...toFilters(request.query), sort, page, size });
    },
  );
};

export default searchRoutes;
