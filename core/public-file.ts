import fs from 'node:fs';
import path from 'node:path';
import type { ReviewRecord } from '../model';
import type { Store } from '../store/store';
import { writeFileAtomic } from '../lib/atomic-write';
import { PUBLIC_COPY_VERSION } from '../ingest/public-copy';
import type { ExtractionPool } from '../ingest/worker/pool';
import { IngestError } from '../ingest/errors';

/** The name the public sees: the uploaded name can carry a family's name, so it is never used. */
export function publicFileName(record: ReviewRecord): string {
  return `review-${record.id}.${record.source.type}`;
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
