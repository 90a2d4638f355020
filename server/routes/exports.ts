import type { FastifyPluginAsync } from 'fastify';
import type { SearchFilters } from '../../model';
import { errorResponses, excelSafeProperty, filterQuerySchema, provenanceProperties, reviewListingProperties } from '../schemas';
import { exportBytes } from '../../core/research-data';
import { attachment } from '../../core/origin';

const CSV = 'text/csv; charset=utf-8';

const searchExportSchema = {
  type: 'object',
  properties: {
    ...provenanceProperties,
    total: { type: 'integer' },
    reviews: {
      type: 'array',
      items: {
        type: 'object',
        properties: { ...reviewListingProperties, themes: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
  required: ['taxonomy_version', 'query', 'query_text', 'generated_at', 'total', 'reviews'],
} as const;

const exportRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: SearchFilters & { format: 'json' | 'csv'; excel_safe: boolean } }>(
    '/export/search',
    {
      schema: {
        summary: 'Every published review matching a search, with its themes, as CSV or JSON',
        querystring: { type: 'object', properties: { ...filterQuerySchema(app.fields), format: { type: 'string', enum: ['json', 'csv'], default: 'csv' }, ...excelSafeProperty } },
        response: { 200: searchExportSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { format, excel_safe: excelSafe, ...query } = request.query;
      const body = await exportBytes.search(app, format, query, { excelSafe });
      if (format === 'json') return reply.type('application/json; charset=utf-8').send(body);
      return reply.type(CSV).header('content-disposition', attachment('reviews.csv')).send(body);
    },
  );

  app.get<{ Querystring: SearchFilters & { excel_safe: boolean } }>(
    '/export/matrix',
    {
      schema: {
        summary: 'The review-by-theme matrix (one row per matching review, a 0/1 column per theme) as CSV',
        querystring: { type: 'object', properties: { ...filterQuerySchema(app.fields), format: { type: 'string', enum: ['csv'], default: 'csv' }, ...excelSafeProperty } },
        response: { 200: { type: 'string', description: 'CSV' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { format: _csv, excel_safe: excelSafe, ...query } = request.query as SearchFilters & { format?: string; excel_safe: boolean };
      const csv = await exportBytes.matrix(app, query, { excelSafe });
      return reply.type(CSV).header('content-disposition', attachment('review-theme-matrix.csv')).send(csv);
    },
  );
};

export default exportRoutes;
