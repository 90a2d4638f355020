import type { FastifyPluginAsync } from 'fastify';
import type { SearchFilters } from '../../model';
import { errorResponses, filterQuerySchema, reviewListingProperties } from '../schemas';
import { exportBytes } from '../../core/research-data';
import { attachment } from '../../core/origin';

const CSV = 'text/csv; charset=utf-8';

const searchExportSchema = {
  type: 'object',
  properties: {
    taxonomy_version: { type: 'string' },
    query: { type: 'string' },
    generated_at: { type: 'string' },
    total: { type: 'integer' },
    reviews: {
      type: 'array',
      items: {
        type: 'object',
        properties: { ...reviewListingProperties, themes: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
  required: ['taxonomy_version', 'query', 'generated_at', 'total', 'reviews'],
} as const;

const exportRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: SearchFilters & { format: 'json' | 'csv' } }>(
    '/export/search',
    {
      schema: {
        summary: 'Every published review matching a search, with its themes, as CSV or JSON',
        querystring: { type: 'object', properties: { ...filterQuerySchema(app.fields), format: { type: 'string', enum: ['json', 'csv'], default: 'csv' } } },
        response: { 200: searchExportSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      const body = await exportBytes.search(app, format, query);
      if (format === 'json') return reply.type('application/json; charset=utf-8').send(body);
      return reply.type(CSV).header('content-disposition', attachment('reviews.csv')).send(body);
    },
  );

  app.get<{ Querystring: SearchFilters }>(
    '/export/matrix',
    {
      schema: {
        summary: 'The review-by-theme matrix (one row per matching review, a 0/1 column per theme) as CSV',
        querystring: { type: 'object', properties: { ...filterQuerySchema(app.fields), format: { type: 'string', enum: ['csv'], default: 'csv' } } },
        response: { 200: { type: 'string', description: 'CSV' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { format: _csv, ...query } = request.query as SearchFilters & { format?: string };
      const csv = await exportBytes.matrix(app, query);
      return reply.type(CSV).header('content-disposition', attachment('review-theme-matrix.csv')).send(csv);
    },
  );
};

export default exportRoutes;
