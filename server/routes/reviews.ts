import fs from 'node:fs';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ReviewRecord } from '../../model';
import { errorResponses } from '../schemas';
import { publicReview, publicReviewSchema } from '../views/public-review';
import { fileWithheld } from '../../core/editorial/redact';
import { publicCopyFile, publicFileName, redactedCopy, redactedCopyName } from '../../core/public-file';
import { fullTextWithheld } from '../../core/redacted-text';
import { publicFullText, publicFullTextSchema } from '../views/full-text';

export const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
  txt: 'text/plain; charset=utf-8',
};

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' } },
  required: ['id'],
} as const;

function notFound(reply: FastifyReply, id: string) {
  return reply.status(404).send({ error: 'Not Found', message: `No published review with id ${id}` });
}

function fullTextGone(reply: FastifyReply, reason: string) {
  return reply.status(410).send({ error: 'Gone', message: `The full text of this review is not available for now: ${reason}. Its summary and key passages are on the review page.` });
}

/** How every public download is sent: as an attachment, never shown in the site's origin, where a file with scripts or markup could do something. */
function asDownload(reply: FastifyReply, type: string, name: string): FastifyReply {
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('x-content-type-options', 'nosniff');
}

const reviewRoutes: FastifyPluginAsync = async (app) => {
  /** Only published reviews exist for the public; anything else is indistinguishable from absent. */
  const published = (id: string): ReviewRecord | undefined => {
    const record = app.store.get(id);
    return record?.status === 'published' ? record : undefined;
  };

  app.get<{ Params: { id: string } }>(
    '/reviews/:id',
    {
      schema: {
        summary: 'A published review with its themes and their evidence passages',
        params: idParams,
        response: { 200: publicReviewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const record = published(request.params.id);
      if (!record) return notFound(reply, request.params.id);
      return publicReview(record, app.taxonomy);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/reviews/:id/file',
    {
      schema: {
        summary: 'The published report file, as a clean copy: rebuilt without comments, tracked changes, properties, annotations and other parts outside its text',
        params: idParams,
        response: { 200: { type: 'string', format: 'binary' }, 410: { $ref: 'Error#' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const record = published(request.params.id);
      if (!record) return notFound(reply, request.params.id);
      if (fileWithheld(record)) {
        return reply.status(410).send({
          error: 'Gone',
          message: record.flags.some((f) => f.status === 'redacted')
            ? 'The report file is not available: identifying details were redacted from this review, and its redacted text is on the review page.'
            : 'The report file is not available: identifying details were found in it, and a file of this kind cannot be rebuilt without them; its checked text is on the review page.',
        });
      }
      const file = await publicCopyFile(app.store, record, app.readers);
      if (!file) {
        return reply.status(410).send({
          error: 'Gone',
          message: 'The report file is not available: it is too damaged to be rebuilt as a clean copy, and its text is on the review page.',
        });
      }
      return asDownload(reply, CONTENT_TYPES[record.source.type], publicFileName(record)).send(fs.createReadStream(file));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/reviews/:id/text',
    {
      schema: {
        summary: 'The whole text of a published review as checked and redacted, page by page as in the original report',
        params: idParams,
        response: { 200: publicFullTextSchema, 410: { $ref: 'Error#' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const record = published(request.params.id);
      if (!record) return notFound(reply, request.params.id);
      const withheld = fullTextWithheld(record);
      if (withheld) return fullTextGone(reply, withheld);
      return publicFullText(record);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/reviews/:id/redacted.pdf',
    {
      schema: {
        summary: 'A PDF of the checked and redacted text, one page for each page of the original report, each marked as a redacted copy',
        params: idParams,
        response: { 200: { type: 'string', format: 'binary' }, 410: { $ref: 'Error#' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const record = published(request.params.id);
      if (!record) return notFound(reply, request.params.id);
      const withheld = fullTextWithheld(record);
      if (withheld) return fullTextGone(reply, withheld);
      return asDownload(reply, 'application/pdf', redactedCopyName(record)).send(await redactedCopy(app.store, record));
    },
  );
};

export default reviewRoutes;
