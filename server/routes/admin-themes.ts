import type { FastifyPluginAsync } from 'fastify';
import type { AdminContext } from './admin';
import type { ThemeChange } from '../../core/editorial/editorial';
import { themeAgreement } from '../../core/theme-agreement';
import { editorReviewSchema, editorReviewView, passageView, passageViewSchema, reviewIdParams } from './admin-schemas';

const security = [{ bearerAuth: [] }];
const tags = ['editor'];
const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' }, 409: { $ref: 'Error#' } };
const themeId = { type: 'string', pattern: '^[a-z0-9-]{1,60}$' } as const;
const MAX_PASSAGES = 50;

interface DecisionBody {
  theme: string;
  action: ThemeChange['action'];
  passages?: string[];
}

const counts = {
  tp: { type: 'integer', description: 'Decided themes the tagger proposes that an editor kept (confirmed)' },
  fp: { type: 'integer', description: 'Themes the tagger proposes that an editor removed' },
  fn: { type: 'integer', description: 'Themes an editor added (or kept) that the tagger does not propose' },
  precision: { type: ['number', 'null'] },
  recall: { type: ['number', 'null'] },
  f1: { type: ['number', 'null'] },
} as const;

const agreementSchema = {
  type: 'object',
  properties: {
    taxonomy_version: { type: 'string' },
    reviews: { type: 'integer' },
    decisions: { type: 'integer' },
    themes: {
      type: 'array',
      items: { type: 'object', properties: { theme: { type: 'string' }, label: { type: 'string' }, ...counts }, required: ['theme', 'label', ...Object.keys(counts)] },
    },
    micro: { type: 'object', properties: counts, required: Object.keys(counts) },
  },
  required: ['taxonomy_version', 'reviews', 'decisions', 'themes', 'micro'],
} as const;

/** Editors' decisions on review themes, and how far the tagger agrees with them. */
const adminThemeRoutes: FastifyPluginAsync<AdminContext> = async (app, { editorial, tagging }) => {
  app.post<{ Params: { id: string }; Body: DecisionBody }>(
    '/reviews/:id/themes',
    {
      schema: {
        tags,
        security,
        summary: "Confirm or remove a review theme, or add one the tagger missed with the passages that show it; kept through re-tagging and re-extraction",
        params: reviewIdParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            theme: themeId,
            action: { type: 'string', enum: ['confirm', 'remove', 'add'] },
            passages: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9-]{1,40}$' }, minItems: 1, maxItems: 10, description: "For 'add': the ids of the passages that show the theme" },
          },
          required: ['theme', 'action'],
        },
        response: { 200: editorReviewSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { theme, action, passages } = request.body;
      if (!app.taxonomy.get(theme)) return reply.status(400).send({ error: 'Bad Request', message: `There is no theme ${theme} in taxonomy ${app.taxonomy.version}.` });
      if (action === 'add' && !passages?.length) {
        return reply.status(400).send({ error: 'Bad Request', message: 'Choose the passage that shows the theme: a theme is added with its evidence.' });
      }
      const change: ThemeChange = action === 'add' ? { theme, action, passages: passages! } : { theme, action };
      return editorReviewView(await editorial.decideTheme(request.params.id, change, request.principal!.username, tagging()));
    },
  );

  app.get<{ Params: { id: string }; Querystring: { q?: string } }>(
    '/reviews/:id/passages',
    {
      schema: {
        tags,
        security,
        summary: "The review's passages containing the words given (all of them, in order, without words), to choose a theme's evidence from",
        params: reviewIdParams,
        querystring: { type: 'object', additionalProperties: false, properties: { q: { type: 'string', maxLength: 200 } } },
        response: {
          200: { type: 'object', properties: { total: { type: 'integer' }, passages: { type: 'array', items: passageViewSchema } }, required: ['total', 'passages'] },
          ...errors,
        },
      },
    },
    async (request) => {
      const record = editorial.get(request.params.id);
      const words = (request.query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const matching = record.passages.filter((p) => {
        const text = p.text.toLowerCase();
        return words.every((w) => text.includes(w));
      });
      return { total: matching.length, passages: matching.slice(0, MAX_PASSAGES).map(passageView) };
    },
  );

  app.get(
    '/agreement',
    {
      schema: {
        tags,
        security,
        summary: "The tagger's precision and recall per theme against editors' decisions (confirmed: right; removed: false positive; added: missed)",
        response: { 200: agreementSchema, 401: errors[401], 403: errors[403] },
      },
    },
    async () => themeAgreement(app.store.all(), app.taxonomy),
  );
};

export default adminThemeRoutes;
