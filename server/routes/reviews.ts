import fs from 'node:fs';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ReviewRecord } from '../../model';
import { errorResponses } from '../schemas';
import { publicReview, publicReviewSchema } from '../views/public-review';
import { fileWithheld } from '../../core/editorial/redact';
import { publicCopyFile, publicFileName } from '../../core/public-file';

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
      // Downloaded, never shown in the site's origin: a file with scripts or markup can do nothing there.
      return reply
        .type(CONTENT_TYPES[record.source.type])
        .header('content-disposition', `attachment; filename="${publicFileName(record)}"`)
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('x-content-type-options', 'nosniff')
        .send(fs.createReadStream(file));
    },
  );
};

export default reviewRoutes;
