import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ReviewRecord, Theme } from '../../model';
import { errorResponses } from '../schemas';
import { buildPack } from '../../core/pack';
import { caseStudyPackDocx } from '../../core/documents';
import { attachment } from '../../core/origin';

/** A pack is for one training session: a handful of cases, a few themes. */
export const MAX_PACK_REVIEWS = 12;
export const MAX_PACK_THEMES = 6;

const reviewIds = { type: 'array', items: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' }, minItems: 1, maxItems: MAX_PACK_REVIEWS } as const;
const themeIds = { type: 'array', items: { type: 'string', pattern: '^[a-z0-9-]{1,60}$' }, minItems: 1, maxItems: MAX_PACK_THEMES } as const;
const docxResponse = { 200: { type: 'string', format: 'binary' }, ...errorResponses } as const;

const packRoutes: FastifyPluginAsync = async (app) => {
  async function sendPack(reply: FastifyReply, ids: string[], themeList: string[]) {
    const themes: Theme[] = [];
    for (const id of new Set(themeList)) {
      const theme = app.taxonomy.get(id);
      if (!theme) return reply.status(400).send({ error: 'Bad Request', message: `Unknown theme: ${id}` });
      themes.push(theme);
    }
    const records: ReviewRecord[] = [];
    for (const id of new Set(ids)) {
      const record = app.store.get(id);
      if (record?.status !== 'published') return reply.status(404).send({ error: 'Not Found', message: `No published review with id ${id}` });
      records.push(record);
    }
    const origin = app.publicUrl;
    const body = await caseStudyPackDocx(buildPack(records, themes, app.taxonomy, origin), origin);
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', attachment(`case-study-pack-${themes.map((t) => t.id).join('-').slice(0, 80)}.docx`))
      .send(body);
  }

  app.post<{ Body: { review_ids: string[]; themes: string[] } }>(
    '/packs',
    {
      schema: {
        summary: `A case-study pack for trainers as a Word document: up to ${MAX_PACK_REVIEWS} published reviews read through up to ${MAX_PACK_THEMES} themes`,
        body: {
          type: 'object',
          properties: { review_ids: reviewIds, themes: themeIds },
          required: ['review_ids', 'themes'],
          additionalProperties: false,
        },
        response: docxResponse,
      },
    },
    (request, reply) => sendPack(reply, request.body.review_ids, request.body.themes),
  );

  // The same pack from a plain form or link, so the portal can offer it as an ordinary download.
  app.get<{ Querystring: { review: string[]; theme: string[] } }>(
    '/packs/case-studies.docx',
    {
      schema: {
        summary: 'The case-study pack from repeatable `review` and `theme` parameters',
        querystring: { type: 'object', properties: { review: reviewIds, theme: themeIds }, required: ['review', 'theme'] },
        response: docxResponse,
      },
    },
    (request, reply) => sendPack(reply, request.query.review, request.query.theme),
  );
};

export default packRoutes;
