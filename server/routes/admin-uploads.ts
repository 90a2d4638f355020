import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import multipart from '@fastify/multipart';
import Ajv from 'ajv';
import type { FileType } from '../../model';
import { reviewIdFor, sha256 } from '../../store/store';
import { detectType } from '../../ingest/extractors/detect-type';
import { ingestFiles } from '../../ingest/batch';
import { createTagger } from '../../taxonomy';
import type { AdminContext } from './admin';
import { metadataPatchSchema, type MetadataBody } from './admin-schemas';
import { EditorialError } from '../editorial/editorial';

export const DEFAULT_UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;
const MAX_FILES = 20;
export const HELD_FOR_REVIEW = 'awaiting editor review';

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

interface UploadedFile {
  name: string;
  data: Buffer;
  type: FileType;
}

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

/**
 * Upload reports with metadata and get the ingest report back. Every accepted file is kept in
 * the store before it is processed, so a file the pipeline cannot read is not lost. Clean reviews
 * are held for an editor to publish unless the form asks to publish them at once.
 */
const adminUploadRoutes: FastifyPluginAsync<AdminContext> = async (app, { editorial, audit, uploadLimitBytes }) => {
  const limit = uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES;
  await app.register(multipart, {
    limits: { fileSize: limit, files: MAX_FILES, fields: 30, fieldSize: 2000, parts: MAX_FILES + 30, headerPairs: 200 },
  });
  const tagger = createTagger(app.taxonomy);
  const uploadsDir = path.join(app.store.dataDir, 'uploads');
  // Left by a process killed mid-upload; the files themselves were already in the store.
  fs.rmSync(uploadsDir, { recursive: true, force: true });

  app.post(
    '/uploads',
    {
      schema: {
        tags: ['editor'],
        security: [{ bearerAuth: [] }],
        consumes: ['multipart/form-data'],
        summary: `Upload report files (PDF, DOCX, DOC, TXT; up to ${MAX_FILES}, ${Math.round(limit / 1048576)} MiB each) with optional metadata fields (${MANIFEST_COLUMNS.join(', ')}) and publish_clean=true to publish clean reviews at once`,
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
      const row = manifestRow(fields);
      const publishClean = fields.publish_clean === 'true' || fields.publish_clean === 'on';
      const actor = request.principal!.username;

      const report = [];
      for (const file of files) {
        const sha = sha256(file.data);
        const id = reviewIdFor(sha);
        const isNew = !app.store.has(id);
        app.store.putFile(sha, file.type, file.data);
        const dir = path.join(uploadsDir, crypto.randomBytes(8).toString('hex'));
        fs.mkdirSync(dir, { recursive: true });
        const staged = path.join(dir, file.name);
        fs.writeFileSync(staged, file.data);
        try {
          const summary = await ingestFiles([staged], {
            store: app.store,
            backend: app.backend,
            tagger,
            taxonomyVersion: app.taxonomy.version,
            manifest: new Map([[file.name, row]]),
            holdReason: publishClean ? undefined : HELD_FOR_REVIEW,
          });
          const failed = summary.failed[0];
          const record = app.store.get(id);
          if (failed) {
            audit.append({ actor, action: 'ingest-failed', review_id: null, before: null, after: { file: file.name, sha256: sha, error: failed.error } });
          } else if (record && isNew) {
            editorial.recordIngest(record, actor, file.name);
          }
          report.push({
            file: file.name,
            outcome: failed ? 'failed' : summary.unchanged ? 'unchanged' : 'ingested',
            error: failed?.error ?? null,
            id: record?.id ?? null,
            title: record?.metadata.title ?? null,
            status: record?.status ?? null,
            status_reason: record?.statusReason ?? null,
            flags: record?.flags.length ?? 0,
            pages: record?.source.pages ?? 0,
          });
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }
      return { files: report };
    },
  );
};

export default adminUploadRoutes;
