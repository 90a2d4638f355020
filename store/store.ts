import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { FileType, ReviewRecord } from '../model';
import { removeStaleTemporaries, writeFileAtomic } from '../lib/atomic-write';

export function sha256(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** A review's id is derived from its file's content, so the same file always maps to the same review. */
export function reviewIdFor(sha: string): string {
  return sha.slice(0, 12);
}

/**
 * The store of record: original files by sha256 and one JSON record per review.
 * Every index is rebuilt from here, so every write is atomic.
 */
export class Store {
  readonly filesDir: string;
  readonly reviewsDir: string;

  constructor(readonly dataDir: string) {
    this.filesDir = path.join(dataDir, 'files');
    this.reviewsDir = path.join(dataDir, 'reviews');
    fs.mkdirSync(this.filesDir, { recursive: true });
    fs.mkdirSync(this.reviewsDir, { recursive: true });
    removeStaleTemporaries(this.reviewsDir);
    removeStaleTemporaries(this.filesDir);
  }

  filePath(sha: string, type: FileType): string {
    return path.join(this.filesDir, `${sha}.${type}`);
  }

  /** Keep the original file; content-addressed, so a second copy of the same file is free. */
  putFile(sha: string, type: FileType, data: Buffer): string {
    const target = this.filePath(sha, type);
    if (!fs.existsSync(target)) writeFileAtomic(target, data);
    return target;
  }

  private recordPath(id: string): string {
    if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`invalid review id: ${id}`);
    return path.join(this.reviewsDir, `${id}.json`);
  }

  has(id: string): boolean {
    return /^[a-z0-9-]+$/.test(id) && fs.existsSync(this.recordPath(id));
  }

  get(id: string): ReviewRecord | undefined {
    if (!/^[a-z0-9-]+$/.test(id)) return undefined;
    const file = this.recordPath(id);
    if (!fs.existsSync(file)) return undefined;
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ReviewRecord;
  }

  put(record: ReviewRecord): void {
    writeFileAtomic(this.recordPath(record.id), JSON.stringify(record));
  }

  ids(): string[] {
    return fs
      .readdirSync(this.reviewsDir)
      .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
      .map((n) => n.slice(0, -5))
      .sort();
  }

  *all(): Generator<ReviewRecord> {
    for (const id of this.ids()) {
      const record = this.get(id);
      if (record) yield record;
    }
  }
}
