import fs from 'node:fs';
import path from 'node:path';
import type { ReviewRecord, SearchBackend } from '../model';
import type { Store } from '../store/store';
import { reviewIdFor, sha256 } from '../store/store';
import { tagRecord, type TaggingContext } from './tag-record';
import { ExtractionPool, poolSizeFor } from './worker/pool';
import type { Manifest } from './manifest';
import { IngestError } from './errors';
import { SearchUnavailableError } from '../search/errors';

export interface IngestSummary {
  ingested: number;
  unchanged: number;
  quarantined: number;
  failed: { file: string; error: string }[];
  /**
   * Stored, but the search index could not take them even after retries (the search service was
   * down): they stay in the store and `scr reindex` brings the index level.
   */
  notIndexed: { file: string; id: string; error: string }[];
  /** Set when the batch stopped early (the disk is full): why, and the files it never started. */
  stopped?: { reason: string; notProcessed: string[] };
}

export interface IngestProgress {
  file: string;
  done: number;
  total: number;
  pages: number;
}

export interface IngestOptions extends TaggingContext {
  store: Store;
  backend: SearchBackend;
  manifest?: Manifest;
  maxFileBytes?: number;
  /** Keep clean reviews back for an editor to publish, with this status reason, instead of publishing them. */
  holdReason?: string;
  onProgress?: (p: IngestProgress) => void;
  /** Called once a new review is in the store (before it is indexed), e.g. to audit it. */
  onStored?: (record: ReviewRecord, file: string) => void;
  /** Workers to read the files with; by default a pool of its own, one worker per core (at most one per file). */
  pool?: ExtractionPool;
  /**
   * Tag in the workers too, for a process that must stay responsive (the server, for uploads).
   * Each worker then compiles the taxonomy once, a few seconds of CPU that a pool kept for the
   * life of the process pays once and a batch's own pool would pay on every run.
   */
  tagInWorkers?: boolean;
}

const REPORT_EXTENSIONS = new Set(['.pdf', '.docx', '.doc', '.txt']);
export const DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024;

/**
 * Files named on the command line are always taken; inside a folder only report-like extensions
 * are, so manifests and notes beside the reports are not mistaken for reports.
 */
export function listInputs(inputs: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && REPORT_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) files.push(full);
    }
  };
  for (const input of inputs) {
    const stat = fs.statSync(input, { throwIfNoEntry: false });
    if (!stat) files.push(input);
    else if (stat.isDirectory()) walk(input);
    else files.push(input);
  }
  return files;
}

function errorLine(err: unknown): string {
  if (err instanceof IngestError) return err.message;
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return `unexpected error: ${err instanceof Error ? err.message : String(err)}`.split('\n')[0];
}

/** No space left on the device, whether the file system (ENOSPC, EDQUOT) or SQLite says so. */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}

function indexErrorLine(err: unknown): string {
  const cause = err instanceof SearchUnavailableError ? err.cause : undefined;
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return `${err instanceof Error ? err.message : String(err)}${detail}`.split('\n')[0];
}

/**
 * Ingest a batch. Each file either becomes a stored record or one line in `failed`; a bad file
 * never stops the batch, nor does an index that cannot take a stored record (`notIndexed`). Files
 * are read in extraction workers (as many at once as the pool has), each within its time and
 * memory limits, and tagged there too when asked (tagInWorkers), so that no file holds up the
 * process that runs the batch. A full disk does stop it: nothing more can be stored, so the files not yet
 * started are listed in `stopped` rather than failed one by one.
 * The record is stored before it is indexed, and a file already in the store is re-indexed
 * rather than re-processed, so a batch killed half-way and run again ends level, with no
 * duplicates.
 */
export async function ingestFiles(files: string[], options: IngestOptions): Promise<IngestSummary> {
  const summary: IngestSummary = { ingested: 0, unchanged: 0, quarantined: 0, failed: [], notIndexed: [] };
  const order = new Map(files.map((f, i) => [f, i]));
  let stopped: string | undefined;
  const stop = (err: unknown) => {
    stopped ??= `the disk is full (${(err as { code?: string }).code}): nothing more can be stored; free some space and run the batch again`;
  };
  const indexOrReport = async (record: ReviewRecord, file: string) => {
    try {
      await options.backend.index(record);
    } catch (err) {
      if (isDiskFull(err)) stop(err);
      summary.notIndexed.push({ file, id: record.id, error: indexErrorLine(err) });
    }
  };
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const pool = options.pool ?? new ExtractionPool(poolSizeFor(files.length));
  // The same file twice in one batch is read once: the second copy waits for the first.
  const inFlight = new Map<string, Promise<void>>();
  let done = 0;

  const ingestOne = async (file: string) => {
    let pages = 0;
    try {
      const size = fs.statSync(file).size;
      if (size > maxBytes) throw new IngestError(`file is too large (${size} bytes; limit ${maxBytes})`);
      const data = fs.readFileSync(file);
      const id = reviewIdFor(sha256(data));
      const waiting = inFlight.get(id);
      if (waiting) await waiting;
      const existing = options.store.get(id);
      if (existing) {
        if (existing.status === 'published') await indexOrReport(existing, file);
        summary.unchanged++;
        pages = existing.source.pages;
      } else {
        let release = () => {};
        inFlight.set(id, new Promise<void>((resolve) => (release = resolve)));
        try {
          const prepare = { fileName: path.basename(file), manifest: options.manifest?.get(path.basename(file)) };
          const read = options.tagInWorkers ? await pool.process(data, prepare, options.taxonomyVersion) : await pool.prepare(data, prepare);
          // A worker tags only on the service's taxonomy: on another, and when not asked to, it is tagged here.
          const processed = read.taxonomyVersion === options.taxonomyVersion ? read : tagRecord(read, options);
          const record: ReviewRecord =
            processed.status !== 'published'
              ? processed
              : options.holdReason
                ? { ...processed, status: 'quarantined', statusReason: options.holdReason }
                : { ...processed, publishedAt: processed.ingestedAt };
          options.store.putFile(record.source.sha256, record.source.type, data);
          options.store.put(record);
          options.onStored?.(record, file);
          if (record.status === 'published') {
            summary.ingested++;
            await indexOrReport(record, file);
          } else {
            summary.quarantined++;
          }
          pages = record.source.pages;
        } finally {
          inFlight.delete(id);
          release();
        }
      }
    } catch (err) {
      if (isDiskFull(err)) stop(err);
      summary.failed.push({ file, error: isDiskFull(err) ? 'the disk is full: the file could not be stored' : errorLine(err) });
    }
    done++;
    options.onProgress?.({ file, done, total: files.length, pages });
  };

  const queue = [...files];
  try {
    await Promise.all(
      Array.from({ length: Math.min(pool.size, files.length) }, async () => {
        while (queue.length && !stopped) await ingestOne(queue.shift()!);
      }),
    );
  } finally {
    if (!options.pool) await pool.close();
  }
  if (stopped) summary.stopped = { reason: stopped, notProcessed: [...queue] };
  const byOrder = (a: { file: string }, b: { file: string }) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0);
  summary.failed.sort(byOrder);
  summary.notIndexed.sort(byOrder);
  return summary;
}
