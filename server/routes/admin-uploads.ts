import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import multipart from '@fastify/multipart';
import Ajv from 'ajv';
import type { FileType } from '../../model';
import { detectType, refuseMarkup } from '../../ingest/extractors/detect-type';
import { createTagger } from '../../taxonomy';
import type { AdminContext } from './admin';
import { metadataPatchSchema, type MetadataBody } from './admin-schemas';
import { EditorialError } from '../../core/editorial/editorial';
import { UploadJobs, type UploadedFile } from '../../core/upload-jobs';

export const DEFAULT_UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;
const MAX_FILES = 20;
export { HELD_FOR_REVIEW } from '../../core/upload-jobs';

/** What each file type may be declared as by the browser; octet-stream is what browsers send when they do not know. */
const MIME_TYPES: Record<FileType, string[]> = {
  pdf: ['application/pdf'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  doc: ['application/msword'],
  txt: ['text/plain'],
};
const GENERIC_MIME = 'application/octet-stream';

/** Manifest columns an upload may carry, as the metadata editor names them. */
const MANIFEST_COLUMNS = ['title', 'area', 'nation', 'region', 'year', 'review_type', 'document_kind', 'age_band', 'gender', 'outcome'] as const;

/** A file name safe to keep: no folders, no odd characters, never empty or hidden. */
export function safeFileName(name: string): string {
  const base = path.basename(name.normalize('NFC').replace(/\\/g, '/')).replace(/[^\p{L}\p{M}\p{N}_.-]+/gu, '_').replace(/^[.-]+/, '');
  return (base || 'upload').slice(-120);
}

/** The content decides the type; the name and the declared type must agree with it. */
function checkUpload(name: string, declared: string, data: Buffer): FileType {
  const type = detectType(data);
  const extension = path.extname(name).slice(1).toLowerCase();
  if (!type) throw new EditorialError(415, `${name}: not a PDF, Word or text file.`);
  if (type === 'txt') {
    try {
      refuseMarkup(data.subarray(0, 4096).toString('utf8').replace(/\0/g, ''));
    } catch (err) {
      throw new EditorialError(415, `${name}: ${(err as Error).message}.`);
    }
  }
  if (extension !== type) throw new EditorialError(415, `${name}: the content is a ${type.toUpperCase()} file but the name ends .${extension || '(none)'}.`);
  const mime = declared.split(';')[0].trim().toLowerCase();
  if (mime !== GENERIC_MIME && !MIME_TYPES[type].includes(mime)) throw new EditorialError(415, `${name}: declared as ${mime}, but the content is a ${type.toUpperCase()} file.`);
  return type;
}

const validateMetadata = new Ajv({ coerceTypes: true }).compile(metadataPatchSchema);

function manifestRow(fields: Record<string, string>): Record<string, string> {
  const given: Record<string, unknown> = {};
  for (const column of MANIFEST_COLUMNS) {
    const value = fields[column]?.trim();
    if (value) given[column] = value;
  }
  if (Object.keys(given).length && !validateMetadata({ ...given } satisfies MetadataBody)) {
    const error = validateMetadata.errors?.[0];
    throw new EditorialError(400, `metadata ${error?.instancePath.slice(1) || ''} ${error?.message ?? 'is not valid'}`.trim());
  }
  return Object.fromEntries(Object.entries(given).map(([k, v]) => [k, String(v)]));
}

const ERROR = { $ref: 'Error#' } as const;

const fileReportSchema = {
  type: 'object',
  required: ['file', 'outcome', 'error', 'id', 'title', 'status', 'status_reason', 'flags', 'pages'],
  properties: {
    file: { type: 'string' },
    outcome: { type: 'string', enum: ['queued', 'reading', 'ingested', 'unchanged', 'failed'] },
    error: { type: ['string', 'null'] },
    id: { type: ['string', 'null'] },
    title: { type: ['string', 'null'] },
    status: { type: ['string', 'null'] },
    status_reason: { type: ['string', 'null'] },
    flags: { type: 'integer' },
    pages: { type: 'integer' },
  },
} as const;

const jobSchema = {
  type: 'object',
  required: ['id', 'state', 'created_at', 'finished_at', 'done', 'total', 'files'],
  properties: {
    id: { type: 'string' },
    state: { type: 'string', enum: ['queued', 'running', 'done'] },
    created_at: { type: 'string' },
    finished_at: { type: ['string', 'null'] },
    done: { type: 'integer' },
    total: { type: 'integer' },
    files: { type: 'array', items: fileReportSchema },
  },
} as const;

/**
 * Upload reports with metadata. The route checks each file, keeps it in the store and queues an
 * ingest job, answering at once (202) with the job; the job's route gives its progress and, once
 * done, the ingest report. Clean reviews are held for an editor to publish unless the form asks
 * to publish them at once.
 */
const adminUploadRoutes: FastifyPluginAsync<AdminContext> = async (app, { editorial, audit, uploadLimitBytes }) => {
  const limit = uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES;
  await app.register(multipart, {
    limits: { fileSize: limit, files: MAX_FILES, fields: 30, fieldSize: 2000, parts: MAX_FILES + 30, headerPairs: 200 },
  });
  const jobs = new UploadJobs({
    store: app.store,
    backend: app.backend,
    tagger: createTagger(app.taxonomy),
    taxonomyVersion: app.taxonomy.version,
    editorial,
    audit,
    readers: app.readers,
  });
  app.addHook('onClose', () => jobs.close());

  app.post(
    '/uploads',
    {
      schema: {
        tags: ['editor'],
        security: [{ bearerAuth: [] }],
        consumes: ['multipart/form-data'],
        summary: `Upload report files (PDF, DOCX, DOC, TXT; up to ${MAX_FILES}, ${Math.round(limit / 1048576)} MiB each) with optional metadata fields (${MANIFEST_COLUMNS.join(', ')}) and publish_clean=true to publish clean reviews at once; answers at once with the ingest job`,
        response: { 202: jobSchema, 400: ERROR, 413: ERROR, 415: ERROR },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) return reply.status(415).send({ error: 'Unsupported Media Type', message: 'Send the files as multipart/form-data.' });
      const files: UploadedFile[] = [];
      const fields: Record<string, string> = {};
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            const data = await part.toBuffer();
            if (!part.filename && data.length === 0) continue;
            const name = safeFileName(part.filename ?? '');
            files.push({ name, data, type: checkUpload(name, part.mimetype, data) });
          } else {
            fields[part.fieldname] = String(part.value);
          }
        }
      } catch (err) {
        // Limits and content checks carry their own status; anything else is a form the parser could not read.
        if ((err as { statusCode?: number }).statusCode) throw err;
        throw new EditorialError(400, `The upload could not be read as multipart/form-data: ${(err as Error).message}`);
      }
      if (!files.length) return reply.status(400).send({ error: 'Bad Request', message: 'No file was uploaded.' });
      const manifest = manifestRow(fields);
      const publishClean = fields.publish_clean === 'true' || fields.publish_clean === 'on';
      const job = jobs.submit({ files, manifest, publishClean, actor: request.principal!.username });
      return reply.status(202).header('location', `${request.url.replace(/\/$/, '')}/${job.id}`).send(job);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/uploads/:id',
    {
      schema: {
        tags: ['editor'],
        security: [{ bearerAuth: [] }],
        summary: 'An upload job: its state, how many of its files are done, and the ingest report so far',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[a-f0-9]{16}$' } } },
        response: { 200: jobSchema, 404: ERROR },
      },
    },
    async (request, reply) => {
      const job = jobs.get(request.params.id);
      // Editors see their own jobs; an admin sees every job.
      if (!job || (job.actor !== request.principal!.username && request.principal!.role !== 'admin'))
        return reply.status(404).send({ error: 'Not Found', message: 'No such upload job (jobs are forgotten when the server restarts; the files are kept).' });
      return job;
    },
  );
};

export default adminUploadRoutes;
