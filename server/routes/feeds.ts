import type { FastifyPluginAsync } from 'fastify';
import type { SearchFilters } from '../../model';
import { errorResponses, filterQuerySchema } from '../schemas';
import { reviewsFeed } from '../../core/feeds';
import { canonicalQuery } from '../../core/provenance';
import { themeParams, unknownTheme } from './digest';

const ATOM = 'application/atom+xml; charset=utf-8';
const atomResponse = { 200: { type: 'string', description: 'Atom 1.0 feed' }, ...errorResponses } as const;

const feedRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { id: string } }>(
    '/themes/:id/feed.atom',
    { schema: { summary: 'Atom feed of the reviews on a theme most recently added to the repository', params: themeParams, response: atomResponse } },
    async (request, reply) => {
      const theme = app.taxonomy.get(request.params.id);
      if (!theme) return unknownTheme(reply, request.params.id);
      const origin = app.publicUrl;
      const xml = await reviewsFeed(app, { theme: [theme.id] }, {
        self: `${origin}/api/themes/${theme.id}/feed.atom`,
        page: `${origin}/themes/${theme.id}`,
        origin,
        title: `Case reviews on ${theme.label.toLowerCase()}`,
        description: theme.definition,
      });
      return reply.type(ATOM).send(xml);
    },
  );

  app.get<{ Querystring: SearchFilters }>(
    '/search/feed.atom',
    {
      schema: {
        summary: 'Atom feed of the reviews matching a search most recently added to the repository (same parameters as /api/search)',
        querystring: { type: 'object', properties: filterQuerySchema(app.fields) },
        response: atomResponse,
      },
    },
    async (request, reply) => {
      const origin = app.publicUrl;
      const query = canonicalQuery(request.query);
      const xml = await reviewsFeed(app, request.query, {
        self: `${origin}/api/search/feed.atom${query ? `?${query}` : ''}`,
        page: `${origin}/${query ? `?${query}` : ''}`,
        origin,
        title: request.query.q ? `Case reviews matching “${request.query.q}”` : 'Case reviews',
        description: query ? `Case reviews newly added for the search ${decodeURIComponent(query.replace(/\+/g, ' '))}` : 'Case reviews newly added to the repository',
      });
      return reply.type(ATOM).send(xml);
    },
  );
};

export default feedRoutes;
