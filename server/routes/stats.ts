import type { FastifyPluginAsync } from 'fastify';
import { statsDimensions, type SearchFilters, type StatsDimension } from '../../model';
import { errorResponses, excelSafeProperty, filterQuerySchema, provenanceProperties } from '../schemas';
import { exportBytes } from '../../core/research-data';
import { attachment } from '../../core/origin';

const CSV = 'text/csv; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const format = { type: 'string', enum: ['json', 'csv'], default: 'json' } as const;

const themeCountsSchema = {
  type: 'object',
  properties: {
    ...provenanceProperties,
    by: { type: 'string' },
    buckets: { type: 'array', items: { type: 'string' } },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          theme: { type: 'string' },
          label: { type: 'string' },
          total: { type: 'integer' },
          counts: { type: 'object', additionalProperties: { type: 'integer' } },
        },
      },
    },
  },
  required: ['taxonomy_version', 'query', 'query_text', 'generated_at', 'by', 'buckets', 'rows'],
} as const;

const coOccurrenceSchema = {
  type: 'object',
  properties: {
    ...provenanceProperties,
    themes: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, label: { type: 'string' }, reviews: { type: 'integer' } } },
    },
    matrix: { type: 'array', items: { type: 'array', items: { type: 'integer' } } },
  },
  required: ['taxonomy_version', 'query', 'query_text', 'generated_at', 'themes', 'matrix'],
} as const;

const statsRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: SearchFilters & { by: StatsDimension; format: 'json' | 'csv'; excel_safe: boolean } }>(
    '/stats/themes',
    {
      schema: {
        summary: 'Published reviews per theme per year, area, region, review type or age band, under the search filters',
        description:
          'Every theme and every bucket, zeros included: every year of the span (the filter’s, or the first to the last year found), every code of a coded field, every name found.',
        querystring: {
          type: 'object',
          properties: {
            ...filterQuerySchema(app.fields),
            by: { type: 'string', enum: statsDimensions(app.fields), default: 'year' },
            format,
            ...excelSafeProperty,
          },
        },
        response: { 200: themeCountsSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { by, format: fmt, excel_safe: excelSafe, ...query } = request.query;
      const body = await exportBytes.themeCounts(app, by, fmt, query, { excelSafe });
      if (fmt === 'json') return reply.type(JSON_TYPE).send(body);
      return reply.type(CSV).header('content-disposition', attachment(`theme-counts-by-${by}.csv`)).send(body);
    },
  );

  app.get<{ Querystring: SearchFilters & { of: string[]; format: 'json' | 'csv'; excel_safe: boolean } }>(
    '/stats/co-occurrence',
    {
      schema: {
        summary: 'How many published reviews carry each pair of the chosen themes (`of`, 2 to 12), under the search filters',
        querystring: {
          type: 'object',
          properties: {
            ...filterQuerySchema(app.fields),
            of: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9-]{1,60}$' }, minItems: 2, maxItems: 12 },
            format,
            ...excelSafeProperty,
          },
          required: ['of'],
        },
        response: { 200: coOccurrenceSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { of, format: fmt, excel_safe: excelSafe, ...query } = request.query;
      const themes = [...new Set(of)];
      const unknown = themes.filter((t) => !app.taxonomy.get(t));
      if (unknown.length) return reply.status(400).send({ error: 'Bad Request', message: `Unknown theme: ${unknown.join(', ')}` });
      const body = await exportBytes.coOccurrence(app, themes, fmt, query, { excelSafe });
      if (fmt === 'json') return reply.type(JSON_TYPE).send(body);
      return reply.type(CSV).header('content-disposition', attachment('theme-co-occurrence.csv')).send(body);
    },
  );
};

export default statsRoutes;
