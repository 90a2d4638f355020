import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { SearchFilters, Theme } from '../../model';
import { errorResponses, filterQuerySchema, pageBasisSchema, reviewListingProperties, themeSchema } from '../schemas';
import { buildDigest } from '../../core/digest';
import { digestDocx } from '../../core/documents';
import { attachment } from '../../core/origin';

export const themeParams = {
  type: 'object',
  properties: { id: { type: 'string', pattern: '^[a-z0-9-]{1,60}$' } },
  required: ['id'],
} as const;

const nullableInt = { type: ['integer', 'null'] } as const;
const passage = {
  type: 'object',
  properties: {
    review_id: { type: 'string' },
    title: { type: 'string' },
    year: nullableInt,
    passage_id: { type: 'string' },
    text: { type: 'string' },
    page: { type: 'integer' },
    section: { type: 'string' },
  },
  required: ['review_id', 'text', 'page'],
} as const;

const digestSchema = {
  type: 'object',
  properties: {
    theme: themeSchema,
    review_count: { type: 'integer' },
    by_year: { type: 'array', items: { type: 'object', properties: { year: { type: 'integer' }, count: { type: 'integer' } } } },
    key_passages: { type: 'array', items: passage },
    recommendations: {
      type: 'array',
      items: {
        type: 'object',
        properties: { review_id: { type: 'string' }, title: { type: 'string' }, year: nullableInt, text: { type: 'string' }, page: { type: 'integer' } },
      },
    },
    co_occurring: {
      type: 'array',
      items: { type: 'object', properties: { theme: { type: 'string' }, label: { type: 'string' }, count: { type: 'integer' } } },
    },
    reviews: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          ...reviewListingProperties,
          score: { type: 'number' },
          source_type: { type: 'string' },
          page_basis: pageBasisSchema,
          file_available: { type: 'boolean' },
        },
      },
    },
    taxonomy_version: { type: 'string' },
    query: { type: 'string' },
    generated_at: { type: 'string' },
  },
  required: ['theme', 'review_count', 'by_year', 'key_passages', 'recommendations', 'co_occurring', 'reviews'],
} as const;

export function unknownTheme(reply: FastifyReply, id: string) {
  return reply.status(404).send({ error: 'Not Found', message: `No theme with id ${id}` });
}

const digestRoutes: FastifyPluginAsync = async (app) => {
  const digestFor = (theme: Theme, query: SearchFilters) => buildDigest(app, theme, query);

  app.get<{ Params: { id: string }; Querystring: SearchFilters }>(
    '/themes/:id/digest',
    {
      schema: {
        summary: "A theme's digest: counts by year, key passages from distinct reviews, recommendations, co-occurring themes, reviews to read",
        params: themeParams,
        querystring: { type: 'object', properties: filterQuerySchema(app.fields) },
        response: { 200: digestSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const theme = app.taxonomy.get(request.params.id);
      if (!theme) return unknownTheme(reply, request.params.id);
      return digestFor(theme, request.query);
    },
  );

  app.get<{ Params: { id: string }; Querystring: SearchFilters }>(
    '/themes/:id/digest.docx',
    {
      schema: {
        summary: "A theme's digest as a Word document",
        params: themeParams,
        querystring: { type: 'object', properties: filterQuerySchema(app.fields) },
        response: { 200: { type: 'string', format: 'binary' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const theme = app.taxonomy.get(request.params.id);
      if (!theme) return unknownTheme(reply, request.params.id);
      const body = await digestDocx(await digestFor(theme, request.query), app.publicUrl);
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', attachment(`digest-${theme.id}.docx`))
        .send(body);
    },
  );
};

export default digestRoutes;
