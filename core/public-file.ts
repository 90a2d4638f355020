import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pageBasis, type ReviewRecord } from '../model';
import type { Store } from '../store/store';
import { writeFileAtomic } from '../lib/atomic-write';
import { PUBLIC_COPY_VERSION } from '../ingest/public-copy';
import type { ExtractionPool } from '../ingest/worker/pool';
import { IngestError } from '../ingest/errors';
import { isDiskFull } from '../lib/disk-full';
import { REDACTED_PDF_VERSION, redactedPdf } from './redacted-pdf';
import { textPages } from './redacted-text';

/** The name the public sees: the uploaded name can carry a family's name, so it is never used. */
export function publicFileName(record: ReviewRecord): string {
  return `review-${record.id}.${record.source.type}`;
}

/**
 * Where a page reference opens: the PDF at that page where the public may have the file (viewers
 * honour #page=N for PDF only), else that page of the full text on the review's own page.
 */
export function pageUrl(origin: string, reviewId: string, page: number, pdfAvailable: boolean): string {
  return pdfAvailable ? `${origin}/api/reviews/${reviewId}/file#page=${page}` : `${origin}/reviews/${reviewId}#page-${page}`;
}

/** The redacted copy's name: as neutral as the file's, and never mistaken for the file itself. */
export function redactedCopyName(record: ReviewRecord): string {
  return `review-${record.id}-redacted.pdf`;
}

/**
 * The redacted PDF of a review (redactedPdf), made on first request and kept in public/ under a
 * digest of all it is drawn from, so that any change to the record's text, pages, redactions or
 * title makes it again; the one made before goes when the next is kept. Generation takes a few
 * milliseconds a page, so a full disk only costs keeping it: the copy is still served.
 */
export async function redactedCopy(store: Store, record: ReviewRecord): Promise<Buffer> {
  const dir = path.join(store.dataDir, 'public');
  const prefix = `${record.id}.redacted.`;
  const drawn = JSON.stringify([record.metadata.title, pageBasis(record.source), textPages(record)]);
  const digest = crypto.createHash('sha256').update(drawn).digest('hex').slice(0, 24);
  const name = `${prefix}${digest}.v${REDACTED_PDF_VERSION}.pdf`;
  const target = path.join(dir, name);
  if (fs.existsSync(target)) return fs.promises.readFile(target);
  const pdf = await redactedPdf(record);
  try {
    writeFileAtomic(target, pdf);
    for (const old of fs.readdirSync(dir)) if (old.startsWith(prefix) && old !== name) fs.rmSync(path.join(dir, old), { force: true });
  } catch (err) {
    if (!isDiskFull(err)) throw err;
  }
  return pdf;
}

/**
 * The path of the public copy of a review's file, or null where the file cannot be rebuilt (the
 * original is then never served in its place). Built from the original on first request and kept
 * in the data dir's public/ folder, apart from the originals (whose names are their checksums). It
 * is derived, so it can always be deleted and built again; the version in its name retires copies
 * made by older cleaning.
 */
export async function publicCopyFile(store: Store, record: ReviewRecord, readers: ExtractionPool): Promise<string | null> {
  const { sha256, type } = record.source;
  const target = path.join(store.dataDir, 'public', `${sha256}.v${PUBLIC_COPY_VERSION}.${type}`);
  if (!fs.existsSync(target)) {
    const original = await fs.promises.readFile(store.filePath(sha256, type));
    let copy: Buffer;
    try {
      copy = await readers.publicCopy(original, type);
    } catch (err) {
      if (err instanceof IngestError) return null;
      throw err;
    }
    writeFileAtomic(target, copy);
  }
  return target;
}
