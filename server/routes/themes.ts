import type { FastifyPluginAsync } from 'fastify';
import { themeSchema } from '../schemas';

const themeWithCountSchema = {
  ...themeSchema,
  properties: { ...themeSchema.properties, review_count: { type: 'integer' } },
} as const;

const themeRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/themes',
    {
      schema: {
        summary: 'The theme taxonomy with the number of published reviews on each theme',
        response: {
          200: {
            type: 'object',
            properties: { version: { type: 'string' }, themes: { type: 'array', items: themeWithCountSchema } },
          },
        },
      },
    },
    async () => {
      const totals = new Map((await app.backend.themeTotals({})).map((b) => [b.key, b.count]));
      return {
        version: app.taxonomy.version,
        themes: app.taxonomy.themes.map((t) => ({ ...t, review_count: totals.get(t.id) ?? 0 })),
      };
    },
  );
};

export default themeRoutes;
