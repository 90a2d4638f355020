import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SearchUnavailableError } from '../errors';
import type { SearchVocabulary } from '../fields';
import { portableVocabulary, type ReadArgs, type ReadMethod, type ReadReply, type ReadResult, type ReaderData } from './read-protocol';

function fromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** A reader per core unless SCR_SEARCH_READERS says otherwise. */
export const defaultReaders = () => fromEnv('SCR_SEARCH_READERS', os.availableParallelism());

/** Longer than any search takes on a loaded machine; past it the reader is taken to be stuck. */
const defaultTimeoutMs = () => fromEnv('SCR_SEARCH_TIMEOUT_S', 30) * 1000;

interface Job {
  id: number;
  method: ReadMethod;
  args: unknown[];
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  job?: Job;
}

/**
 * Runs the compiled reader in dist/, or its TypeScript source (tests, tsx) through tsx's
 * require hook.
 */
function startWorker(data: ReaderData): Worker {
  const ext = path.extname(__filename);
  const entry = path.join(__dirname, `read-worker${ext}`);
  if (ext === '.js') return new Worker(entry, { workerData: data });
  return new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(entry)});`, {
    eval: true,
    workerData: data,
  });
}

/**
 * Searches served by reader threads, each with its own read-only connection to the WAL index, so
 * the cores serve searches side by side and the event loop runs no query. A reader that dies or
 * gets stuck fails its request with SearchUnavailableError and is replaced when next needed;
 * idle readers do not keep the process alive.
 */
export class ReadPool {
  private readonly slots: (Slot | undefined)[];
  private readonly queue: Job[] = [];
  private readonly data: ReaderData;
  private nextId = 1;
  private closed = false;

  constructor(
    file: string,
    vocab: SearchVocabulary,
    size = defaultReaders(),
    private readonly timeoutMs = defaultTimeoutMs(),
  ) {
    this.data = { file, vocab: portableVocabulary(vocab) };
    // Readers start when first needed: commands that only write never start one.
    this.slots = Array.from({ length: Math.max(1, size) }, () => undefined);
  }

  run<M extends ReadMethod>(method: M, ...args: ReadArgs<M>): Promise<ReadResult<M>> {
    if (this.closed) return Promise.reject(new SearchUnavailableError(new Error('the search index is closed')));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, method, args, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  private start(i: number): Slot {
    const worker = startWorker(this.data);
    const slot: Slot = { worker };
    worker.unref();
    worker.on('message', (reply: ReadReply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      this.finish(slot);
      if ('error' in reply) job.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name, code: reply.error.code }));
      else job.resolve(reply.result);
      this.dispatch();
    });
    const lost = (cause: Error) => {
      if (this.slots[i] !== slot) return;
      this.slots[i] = undefined;
      const job = slot.job;
      this.finish(slot);
      job?.reject(new SearchUnavailableError(cause));
      this.dispatch();
    };
    worker.on('error', (err) => lost(err));
    worker.on('exit', (code) => lost(new Error(`a search reader stopped (exit code ${code})`)));
    return slot;
  }

  private finish(slot: Slot): void {
    if (slot.job?.timer) clearTimeout(slot.job.timer);
    slot.job = undefined;
    slot.worker.unref();
  }

  private dispatch(): void {
    while (!this.closed && this.queue.length) {
      let i = this.slots.findIndex((s) => s && !s.job);
      if (i < 0) i = this.slots.findIndex((s) => !s);
      if (i < 0) return;
      const slot = (this.slots[i] ??= this.start(i));
      const job = this.queue.shift()!;
      slot.job = job;
      // A request under way keeps the process alive until it is answered.
      slot.worker.ref();
      job.timer = setTimeout(() => {
        void slot.worker.terminate();
        if (slot.job === job) {
          this.slots[i] = undefined;
          this.finish(slot);
          job.reject(new SearchUnavailableError(new Error(`a search took longer than ${this.timeoutMs / 1000} s`)));
          this.dispatch();
        }
      }, this.timeoutMs);
      slot.worker.postMessage({ id: job.id, method: job.method, args: job.args });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const error = new SearchUnavailableError(new Error('the search index is closed'));
    for (const job of this.queue.splice(0)) job.reject(error);
    const slots = this.slots.splice(0).filter((s): s is Slot => !!s);
    for (const slot of slots) {
      const job = slot.job;
      this.finish(slot);
      job?.reject(error);
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
