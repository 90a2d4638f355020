import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ReviewRecord, Theme } from '../../model';
import { errorResponses } from '../schemas';
import { buildPack } from '../../core/pack';
import { caseStudyPackDocx } from '../../core/documents';
import { caseStudyPackPdf } from '../../core/pack-pdf';
import { attachment } from '../../core/origin';

/** A pack is for one training session: a handful of cases, a few themes. */
export const MAX_PACK_REVIEWS = 12;
export const MAX_PACK_THEMES = 6;

const reviewIds = { type: 'array', items: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' }, minItems: 1, maxItems: MAX_PACK_REVIEWS } as const;
const themeIds = { type: 'array', items: { type: 'string', pattern: '^[a-z0-9-]{1,60}$' }, minItems: 1, maxItems: MAX_PACK_THEMES } as const;
const fileResponse = { 200: { type: 'string', format: 'binary' }, ...errorResponses } as const;
const packQuery = { type: 'object', properties: { review: reviewIds, theme: themeIds }, required: ['review', 'theme'] } as const;

const FORMATS = {
  docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', write: caseStudyPackDocx },
  pdf: { type: 'application/pdf', write: caseStudyPackPdf },
} as const;

const packRoutes: FastifyPluginAsync = async (app) => {
  async function sendPack(reply: FastifyReply, ids: string[], themeList: string[], format: keyof typeof FORMATS) {
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
    const body = await FORMATS[format].write(buildPack(records, themes, app.taxonomy, app.publicUrl));
    return reply
      .type(FORMATS[format].type)
      .header('content-disposition', attachment(`case-study-pack-${themes.map((t) => t.id).join('-').slice(0, 80)}.${format}`))
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
        response: fileResponse,
      },
    },
    (request, reply) => sendPack(reply, request.body.review_ids, request.body.themes, 'docx'),
  );

  // The same pack from a plain form or link, so the portal can offer it as an ordinary download.
  app.get<{ Querystring: { review: string[]; theme: string[] } }>(
    '/packs/case-studies.docx',
    {
      schema: {
        summary: 'The case-study pack from repeatable `review` and `theme` parameters',
        querystring: packQuery,
        response: fileResponse,
      },
    },
    (request, reply) => sendPack(reply, request.query.review, request.query.theme, 'docx'),
  );

  app.get<{ Querystring: { review: string[]; theme: string[] } }>(
    '/packs/case-studies.pdf',
    {
      schema: {
        summary: 'The case-study pack as a PDF, from the same `review` and `theme` parameters as the Word document',
        querystring: packQuery,
        response: fileResponse,
      },
    },
    (request, reply) => sendPack(reply, request.query.review, request.query.theme, 'pdf'),
  );
};

export default packRoutes;
