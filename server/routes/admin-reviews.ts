import fs from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import type { IdentifierKind, ReviewStatus } from '../../model';
import { CONTENT_TYPES } from './reviews';
import { attachment } from '../../core/origin';
import type { AdminContext } from './admin';
import { workerTagger } from '../../ingest/worker/pool';
import type { ContentPatch } from '../../core/editorial/editorial';
import { pageImage } from '../../core/page-images';
import {
  IDENTIFIER_KINDS,
  contentPatchSchema,
  editorReviewSchema,
  editorReviewView,
  metadataPatchSchema,
  reviewIdParams,
  reviewListSchema,
  reviewSummaryView,
  toMetadataPatch,
  type MetadataBody,
} from './admin-schemas';

const security = [{ bearerAuth: [] }];
const tags = ['editor'];
const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' }, 409: { $ref: 'Error#' } };
/** What every route that changes a review answers: the review as an editor now sees it. */
const editorReview = { 200: editorReviewSchema, ...errors };
const pageParams = {
  type: 'object',
  properties: { ...reviewIdParams.properties, n: { type: 'integer', minimum: 1, maximum: 100000 } },
  required: ['id', 'n'],
} as const;

const auditEntrySchema = {
  type: 'object',
  properties: {
    at: { type: 'string' },
    actor: { type: 'string' },
    action: { type: 'string' },
    review_id: { type: ['string', 'null'] },
    before: {},
    after: {},
  },
} as const;

interface ListQuery {
  status?: ReviewStatus;
  q?: string;
  page: number;
  size: number;
}

const adminReviewRoutes: FastifyPluginAsync<AdminContext> = async (app, { editorial, audit, tagging: taggingContext }) => {
  // Tagged in the extraction workers: a long review's tagging never holds up the public routes.
  const tagInWorkers = workerTagger(app.readers, taggingContext);

  app.get<{ Querystring: ListQuery }>(
    '/reviews',
    {
      schema: {
        tags,
        security,
        summary: 'Every review in the store, whatever its status, newest change first',
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['published', 'quarantined', 'withdrawn'] },
            q: { type: 'string', maxLength: 200 },
            page: { type: 'integer', minimum: 1, maximum: 10000, default: 1 },
            size: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        },
        response: { 200: reviewListSchema, 400: errors[400], 401: errors[401], 403: errors[403] },
      },
    },
    async (request) => {
      const { status, q, page, size } = request.query;
      const needle = q?.trim().toLowerCase();
      const counts: Record<ReviewStatus, number> = { published: 0, quarantined: 0, withdrawn: 0 };
      const matching = [];
      for (const record of app.store.all()) {
        counts[record.status]++;
        if (status && record.status !== status) continue;
        if (needle && !`${record.metadata.title} ${record.source.name} ${record.id}`.toLowerCase().includes(needle)) continue;
        matching.push(reviewSummaryView(record));
      }
      matching.sort((a, b) => b.updated_at.localeCompare(a.updated_at) || a.id.localeCompare(b.id));
      return { total: matching.length, counts, results: matching.slice((page - 1) * size, page * size) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/reviews/:id',
    { schema: { tags, security, summary: 'A review as an editor sees it: status, metadata, and each flag in its page text', params: reviewIdParams, response: editorReview } },
    async (request) => editorReviewView(editorial.get(request.params.id)),
  );

  app.get<{ Params: { id: string } }>(
    '/reviews/:id/file',
    { schema: { tags, security, summary: 'The original file, whatever the review status', params: reviewIdParams, response: { 200: { type: 'string', format: 'binary', description: 'The file as uploaded' }, ...errors } } },
    async (request, reply) => {
      const record = editorial.get(request.params.id);
      return reply
        .type(CONTENT_TYPES[record.source.type])
        .header('content-disposition', attachment(record.source.name))
        .send(fs.createReadStream(app.store.filePath(record.source.sha256, record.source.type)));
    },
  );

  app.get<{ Params: { id: string; n: number } }>(
    '/reviews/:id/pages/:n/image',
    {
      schema: {
        tags,
        security,
        summary: "An image of one page of the review's original PDF, to check recognised text against",
        params: pageParams,
        response: { 200: { type: 'string', format: 'binary', description: 'PNG image' }, ...errors, 503: { $ref: 'Error#' } },
      },
    },
    async (request, reply) => {
      const record = editorial.get(request.params.id);
      const file = await pageImage(app.store, record, request.params.n);
      return reply.type('image/png').header('cache-control', 'private, max-age=86400').send(fs.createReadStream(file));
    },
  );

  app.post<{ Params: { id: string } }>(
    '/reviews/:id/ocr-check',
    {
      schema: {
        tags,
        security,
        summary: 'Record that the text OCR read has been checked against the page images (publishing needs it)',
        params: reviewIdParams,
        response: editorReview,
      },
    },
    async (request) => editorReviewView(editorial.confirmOcr(request.params.id, request.principal!.username)),
  );

  app.get<{ Params: { id: string } }>(
    '/reviews/:id/audit',
    {
      schema: {
        tags,
        security,
        summary: "The review's audit trail: who changed what, when, before and after",
        params: reviewIdParams,
        response: { 200: { type: 'object', properties: { entries: { type: 'array', items: auditEntrySchema } } }, ...errors },
      },
    },
    async (request) => {
      editorial.get(request.params.id);
      return { entries: audit.forReview(request.params.id) };
    },
  );

  app.get<{ Querystring: { limit: number } }>(
    '/audit',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        security,
        summary: 'The most recent audit entries across the repository, newest first',
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } } },
        response: { 200: { type: 'object', properties: { entries: { type: 'array', items: auditEntrySchema } } } },
      },
    },
    async (request) => ({ entries: audit.entries().slice(-request.query.limit).reverse() }),
  );

  app.post<{ Params: { id: string; index: number }; Body: { action: 'redact' | 'dismiss' } }>(
    '/reviews/:id/flags/:index',
    {
      schema: {
        tags,
        security,
        summary: 'Redact a flagged identifier (everywhere in the text) or dismiss the flag as not an identifier',
        params: { type: 'object', properties: { ...reviewIdParams.properties, index: { type: 'integer', minimum: 0, maximum: 100000 } }, required: ['id', 'index'] },
        body: { type: 'object', additionalProperties: false, properties: { action: { type: 'string', enum: ['redact', 'dismiss'] } }, required: ['action'] },
        response: editorReview,
      },
    },
    async (request) =>
      editorReviewView(await editorial.resolveFlag(request.params.id, request.params.index, request.body.action, request.principal!.username)),
  );

  app.post<{ Params: { id: string }; Body: { phrase: string; kind: IdentifierKind } }>(
    '/reviews/:id/redactions',
    {
      schema: {
        tags,
        security,
        summary: 'Redact an identifier the scan missed, everywhere it occurs in the review',
        params: reviewIdParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { phrase: { type: 'string', minLength: 2, maxLength: 200, pattern: '\\S\\S' }, kind: { type: 'string', enum: IDENTIFIER_KINDS } },
          required: ['phrase', 'kind'],
        },
        response: editorReview,
      },
    },
    async (request) =>
      editorReviewView(await editorial.redact(request.params.id, request.body.phrase, request.body.kind, request.principal!.username)),
  );

  app.post<{ Params: { id: string } }>(
    '/reviews/:id/publish',
    {
      schema: {
        tags,
        security,
        summary: 'Publish a review: refused (409), with every reason, while the review has no text, OCR text is unchecked or an identifier flag is open',
        params: reviewIdParams,
        response: editorReview,
      },
    },
    async (request) => editorReviewView(await editorial.publish(request.params.id, request.principal!.username)),
  );

  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/reviews/:id/withdraw',
    {
      schema: {
        tags,
        security,
        summary: 'Withdraw a review from the public: out of search and every public route at once',
        params: reviewIdParams,
        body: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', minLength: 3, maxLength: 500 } }, required: ['reason'] },
        response: editorReview,
      },
    },
    async (request) => editorReviewView(await editorial.withdraw(request.params.id, request.principal!.username, request.body.reason.trim())),
  );

  app.patch<{ Params: { id: string }; Body: MetadataBody }>(
    '/reviews/:id/metadata',
    {
      schema: { tags, security, summary: 'Correct metadata; a field set here is no longer marked inferred', params: reviewIdParams, body: metadataPatchSchema, response: editorReview },
    },
    async (request) => editorReviewView(await editorial.editMetadata(request.params.id, toMetadataPatch(request.body), request.principal!.username)),
  );

  app.patch<{ Params: { id: string }; Body: ContentPatch }>(
    '/reviews/:id/content',
    {
      schema: {
        tags,
        security,
        summary: 'Correct the summary or the recommendations; corrections outlive re-extraction and re-tagging',
        params: reviewIdParams,
        body: contentPatchSchema,
        response: editorReview,
      },
    },
    async (request) => {
      const patch: ContentPatch = {
        ...(request.body.summary !== undefined ? { summary: request.body.summary.trim() } : {}),
        ...(request.body.recommendations ? { recommendations: request.body.recommendations.map((r) => r.trim()) } : {}),
      };
      return editorReviewView(await editorial.editContent(request.params.id, patch, request.principal!.username, tagInWorkers));
    },
  );

  app.post<{ Params: { id: string } }>(
    '/reviews/:id/reextract',
    {
      schema: {
        tags,
        security,
        summary: "Read the review's file again with the current extractor, keeping editors' corrections, redactions and status",
        params: reviewIdParams,
        response: editorReview,
      },
    },
    async (request) =>
      editorReviewView(await editorial.reextract(request.params.id, request.principal!.username, tagInWorkers, (data, options) => app.readers.prepare(data, options))),
  );
};

export default adminReviewRoutes;
