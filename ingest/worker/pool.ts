import os from 'node:os';
import path from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { IngestError } from '../errors';
import type { PrepareOptions } from '../pipeline';
import { tagRecord, type RecordTagger, type TaggingContext } from '../tag-record';
import type { FileType, ReviewRecord } from '../../model';
import type { Stage, Task, TaskResult, WorkerMessage } from './protocol';

export interface ReadLimits {
  /** Wall-clock time one file may take to read. */
  timeoutMs: number;
  /** Heap one worker may grow to while it reads a file. */
  memoryMb: number;
}

function fromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** 600 s (a scanned report is read page by page by OCR within it) and 1.5 GB unless SCR_READ_TIMEOUT_S or SCR_READ_MEMORY_MB say otherwise. */
export function defaultReadLimits(): ReadLimits {
  return { timeoutMs: fromEnv('SCR_READ_TIMEOUT_S', 600) * 1000, memoryMb: fromEnv('SCR_READ_MEMORY_MB', 1536) };
}

/** A worker for every core, but no more than there are files to read. */
export function poolSizeFor(files: number): number {
  return Math.max(1, Math.min(os.availableParallelism(), files));
}

interface Job {
  task: Task;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

interface Slot {
  worker: ChildProcess;
  ready: boolean;
  /** The end of the worker's stderr, where V8 says it ran out of heap. */
  stderr: string;
  job?: Job & { id: number; timer?: NodeJS.Timeout; stage: Stage };
}

/** One worker's file in hand: which process, what it was asked, and how far it has gone. */
export interface WorkerActivity {
  pid: number;
  task: Task['kind'];
  stage: Stage;
}

/**
 * Worker processes rather than threads: V8 enforces a thread's heap limit only on a best-effort
 * basis and can abort the whole process instead, while a process over --max-old-space-size takes
 * only itself down. Runs the compiled worker in dist/, or its TypeScript source (tests, tsx)
 * through tsx's require hook.
 */
function startWorker(limits: ReadLimits, environment: NodeJS.ProcessEnv): ChildProcess {
  const ext = path.extname(__filename);
  const entry = path.join(__dirname, `extract-worker${ext}`);
  const execArgv = [`--max-old-space-size=${limits.memoryMb}`, ...(ext === '.js' ? [] : ['--require', require.resolve('tsx/cjs')])];
  const env = { ...environment, SCR_READ_TIMEOUT_S: String(limits.timeoutMs / 1000) };
  return fork(entry, [], { execArgv, env, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
}

const OUT_OF_MEMORY = /heap out of memory|Reached heap limit|Allocation failed/;

/**
 * Extraction workers with a time and a memory limit per file. A file over a limit costs its
 * worker (killed, even mid-computation, and replaced) and fails with a clear message; the files
 * after it go on. Idle workers do not keep the process alive.
 */
export class ExtractionPool {
  private readonly slots: (Slot | undefined)[];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Workers start when first needed, with the environment (SCR_PDF_READER and the like) of the pool's creation. */
  private readonly env = { ...process.env };

  constructor(
    readonly size: number = poolSizeFor(Infinity),
    readonly limits: ReadLimits = defaultReadLimits(),
  ) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => undefined);
  }

  /** Extraction and cleaning only, as `scr extract` shows it. */
  extract(data: Buffer): Promise<TaskResult<'extract'>> {
    return this.run({ kind: 'extract', data: new Uint8Array(data) }) as Promise<TaskResult<'extract'>>;
  }

  /** The whole pipeline but tagging. */
  prepare(data: Buffer, options: PrepareOptions): Promise<TaskResult<'prepare'>> {
    return this.run({ kind: 'prepare', data: new Uint8Array(data), options }) as Promise<TaskResult<'prepare'>>;
  }

  /**
   * The whole pipeline, tagging included, with the taxonomy file the service runs on when it is
   * of `taxonomyVersion`; otherwise the record comes back untagged (its taxonomyVersion empty).
   */
  process(data: Buffer, options: PrepareOptions, taxonomyVersion: string): Promise<TaskResult<'process'>> {
    return this.run({ kind: 'process', data: new Uint8Array(data), options, taxonomyVersion }) as Promise<TaskResult<'process'>>;
  }

  /** The copy of a file the public may download (see ingest/public-copy.ts), rebuilt within the same limits. */
  async publicCopy(data: Buffer, type: FileType): Promise<Buffer> {
    const copy = (await this.run({ kind: 'public-copy', data: new Uint8Array(data), type })) as TaskResult<'public-copy'>;
    return Buffer.from(copy.buffer, copy.byteOffset, copy.byteLength);
  }

  /**
   * A stored record tagged again (its editors' corrections laid over first) with the taxonomy file
   * the service runs on; null when that is not of `taxonomyVersion`.
   */
  tag(record: ReviewRecord, taxonomyVersion: string): Promise<TaskResult<'tag'>> {
    return this.run({ kind: 'tag', record, taxonomyVersion }) as Promise<TaskResult<'tag'>>;
  }

  /** Files queued or being read. */
  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s?.job).length;
  }

  /** What each busy worker is doing now. */
  activity(): WorkerActivity[] {
    return this.slots.flatMap((s) => (s?.job && s.worker.pid !== undefined ? [{ pid: s.worker.pid, task: s.job.task.kind, stage: s.job.stage }] : []));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new IngestError('reading was cancelled: the service is shutting down'));
    await Promise.all(this.slots.map((s, i) => (s ? this.retire(i, new IngestError('reading was cancelled: the service is shutting down')) : undefined)));
  }

  private run(task: Task): Promise<unknown> {
    if (this.closed) return Promise.reject(new IngestError('reading was cancelled: the service is shutting down'));
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (let i = 0; i < this.slots.length && this.queue.length; i++) {
      // A new worker only for files that no idle or starting worker will take.
      const starting = this.slots.filter((s) => s && (!s.ready || !s.job)).length;
      const slot = this.slots[i] ?? (starting < this.queue.length ? this.spawn(i) : undefined);
      if (!slot || !slot.ready || slot.job) continue;
      const job: NonNullable<Slot['job']> = { ...this.queue.shift()!, id: this.nextId++, stage: 'reading' };
      slot.job = job;
      this.hold(slot, true);
      // The clock starts once the worker holds the file, so a slow start on a busy machine is not the file's fault.
      job.timer = setTimeout(() => {
        const seconds = Math.round(this.limits.timeoutMs / 1000);
        const what = job.task.kind === 'tag' ? 'to tag; it may be too large' : job.stage === 'tagging' ? 'to read and tag; it may be too large' : 'to read; it may be damaged';
        void this.retire(i, new IngestError(`took longer than ${seconds} s ${what}`));
      }, this.limits.timeoutMs);
      slot.worker.send({ id: job.id, task: job.task });
    }
  }

  private spawn(i: number): Slot {
    const worker = startWorker(this.limits, this.env);
    const slot: Slot = { worker, ready: false, stderr: '' };
    this.slots[i] = slot;
    // Started because files wait: it keeps the process alive until it has read them.
    this.hold(slot, true);
    worker.stderr?.setEncoding('utf8').on('data', (chunk: string) => (slot.stderr = (slot.stderr + chunk).slice(-4096)));
    worker.on('message', (message: WorkerMessage) => {
      if ('ready' in message) {
        slot.ready = true;
        this.dispatch();
        if (!slot.job) this.hold(slot, false);
        return;
      }
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      if ('stage' in message) {
        job.stage = message.stage;
        return;
      }
      this.finish(slot);
      if ('result' in message) job.resolve(message.result);
      else job.reject(message.error.ingest ? new IngestError(message.error.message) : new ReaderFault(message.error.message));
      this.dispatch();
    });
    worker.on('error', (err: Error) => void this.retire(i, new ReaderFault(err.message)));
    worker.on('exit', (code, signal) => {
      if (this.slots[i] !== slot) return;
      // stderr may still hold V8's last words: read them once the pipe has closed.
      const settle = () =>
        void this.retire(
          i,
          OUT_OF_MEMORY.test(slot.stderr)
            ? new IngestError(`needed more than ${this.limits.memoryMb} MB of memory to read; it may be damaged or too complex`)
            : new ReaderFault(`the reader stopped (${signal ?? `exit code ${code}`}): ${slot.stderr.trim().split('\n').pop() ?? ''}`),
        );
      if (worker.stderr && !worker.stderr.readableEnded) worker.stderr.once('close', settle);
      else settle();
    });
    return slot;
  }

  /** Only a worker with a file in hand keeps the process alive. */
  private hold(slot: Slot, busy: boolean): void {
    const handles = [slot.worker, slot.worker.channel, slot.worker.stderr] as ({ ref?(): void; unref?(): void } | null | undefined)[];
    for (const h of handles) (busy ? h?.ref : h?.unref)?.call(h);
  }

  private finish(slot: Slot): void {
    clearTimeout(slot.job?.timer);
    slot.job = undefined;
    this.hold(slot, false);
  }

  /** Stop a slot's worker (whatever it is doing), fail its file with `reason`, and let a fresh worker take the queue. */
  private async retire(i: number, reason: Error): Promise<void> {
    const slot = this.slots[i];
    if (!slot) return;
    this.slots[i] = undefined;
    const job = slot.job;
    this.finish(slot);
    job?.reject(reason);
    // A worker that cannot even start would fail the same way again: fail what waits rather than loop.
    if (!slot.ready) for (const waiting of this.queue.splice(0)) waiting.reject(new Error(`the extraction worker could not start: ${(reason as ReaderFault).detail ?? reason.message}`));
    if (slot.worker.exitCode === null && slot.worker.signalCode === null) {
      const exited = new Promise((resolve) => slot.worker.once('exit', resolve));
      // Held until it is gone, or the process could end before the worker does.
      this.hold(slot, true);
      slot.worker.kill('SIGKILL');
      await exited;
    }
    if (!this.closed) this.dispatch();
  }
}

/** Tagging in the pool's workers, or in this thread for a taxonomy other than the one they run. */
export function workerTagger(pool: ExtractionPool, context: () => TaggingContext): RecordTagger {
  return async (record) => {
    const { taxonomyVersion } = context();
    return (await pool.tag(record, taxonomyVersion)) ?? tagRecord(record, context());
  };
}

/** A fault inside a reader library rather than a problem the user can act on; its message is for logs only. */
export class ReaderFault extends IngestError {
  constructor(readonly detail: string) {
    super('the file could not be read; it may be damaged');
    this.name = 'ReaderFault';
  }
}
