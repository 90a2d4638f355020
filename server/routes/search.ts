import type { FastifyPluginAsync } from 'fastify';
import { FieldTableSchema, describeFields, searchRequestSchema, searchResponseSchema, type SearchRequest } from '../../model';
import { SearchSuggestions } from '../../core/suggestions';
import { errorResponses } from '../schemas';

const searchRoutes: FastifyPluginAsync = async (app) => {
  const suggestions = new SearchSuggestions(app.backend, app.taxonomy);

  app.get<{ Querystring: SearchRequest }>(
    '/search',
    {
      schema: {
        summary: 'Full-text and theme search over published reviews, with facets, highlighted passages and, when the words find little, suggestions',
        querystring: searchRequestSchema(app.fields),
        response: { 200: searchResponseSchema(app.fields), ...errorResponses },
      },
    },
    async (request) => suggestions.search(request.query),
  );

  const themeLabels = Object.fromEntries(app.taxonomy.themes.map((t) => [t.id, t.label]));
  const table = describeFields(app.fields, Object.fromEntries(Object.entries(app.fields).filter(([, f]) => f.hierarchy).map(([name]) => [name, themeLabels])));
  app.get(
    '/search/fields',
    {
      schema: {
        summary: 'The search fields: labels, how ticked values combine (in the filter panel’s words), parameters and value labels',
        response: { 200: FieldTableSchema },
      },
    },
    async () => table,
  );
};

export default searchRoutes;
