import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { FileType, SearchBackend } from '../model';
import type { Store } from '../store/store';
import { reviewIdFor, sha256 } from '../store/store';
import type { AuditLog } from '../store/audit-log';
import type { Tagger } from '../taxonomy';
import { ingestFiles } from '../ingest/batch';
import type { ExtractionPool } from '../ingest/worker/pool';
import type { Editorial } from './editorial/editorial';

export const HELD_FOR_REVIEW = 'awaiting editor review';

export interface UploadedFile {
  name: string;
  data: Buffer;
  type: FileType;
}

export interface UploadFileReport {
  file: string;
  /** queued and reading while the job runs; one of the others once the file is done. */
  outcome: 'queued' | 'reading' | 'ingested' | 'unchanged' | 'failed';
  error: string | null;
  id: string | null;
  title: string | null;
  status: string | null;
  status_reason: string | null;
  flags: number;
  pages: number;
}

export interface UploadJob {
  id: string;
  state: 'queued' | 'running' | 'done';
  actor: string;
  created_at: string;
  finished_at: string | null;
  done: number;
  total: number;
  files: UploadFileReport[];
}

interface UploadRequest {
  files: UploadedFile[];
  manifest: Record<string, string>;
  publishClean: boolean;
  actor: string;
}

type QueuedUpload = Omit<UploadRequest, 'files'> & { files: { name: string; sha: string }[] };

export interface UploadJobsOptions {
  store: Store;
  backend: SearchBackend;
  tagger: Tagger;
  taxonomyVersion: string;
  editorial: Editorial;
  audit: AuditLog;
  /** The extraction workers that read the files. */
  readers: ExtractionPool;
  /** Jobs kept for their editors to look up once done; the oldest finished ones go first. */
  keep?: number;
}

/**
 * Uploads are ingested here, away from the request: the route keeps each file in the store and
 * queues the job, and the files are read and tagged one after another by extraction workers
 * (never on the server's event loop), so that neither a large nor a malicious file holds up the
 * public site.
 * Jobs live in memory: a restart forgets them, never their files, which are already in the store.
 */
export class UploadJobs {
  private readonly jobs = new Map<string, UploadJob>();
  private tail: Promise<void> = Promise.resolve();
  readonly stagingDir: string;

  constructor(private readonly options: UploadJobsOptions) {
    this.stagingDir = path.join(options.store.dataDir, 'uploads');
    // Left by a process stopped mid-job; the files themselves were already in the store.
    fs.rmSync(this.stagingDir, { recursive: true, force: true });
  }

  get(id: string): UploadJob | undefined {
    return this.jobs.get(id);
  }

  /** Keep the files, queue the job and return it at once. */
  submit(request: UploadRequest): UploadJob {
    for (const file of request.files) this.options.store.putFile(sha256(file.data), file.type, file.data);
    const job: UploadJob = {
      id: crypto.randomBytes(8).toString('hex'),
      state: 'queued',
      actor: request.actor,
      created_at: new Date().toISOString(),
      finished_at: null,
      done: 0,
      total: request.files.length,
      files: request.files.map((f) => ({ file: f.name, outcome: 'queued', error: null, id: null, title: null, status: null, status_reason: null, flags: 0, pages: 0 })),
    };
    const dir = path.join(this.stagingDir, job.id);
    fs.mkdirSync(dir, { recursive: true });
    const staged = request.files.map((f, i) => {
      // Each file in a folder of its own, so two files of one name in one upload stay apart.
      const file = path.join(dir, String(i), f.name);
      fs.mkdirSync(path.dirname(file));
      fs.writeFileSync(file, f.data);
      return file;
    });
    this.jobs.set(job.id, job);
    this.forgetOld();
    // The job holds names and hashes only: the bytes wait on disk, not in memory, until their turn.
    const queued: QueuedUpload = { ...request, files: request.files.map((f) => ({ name: f.name, sha: sha256(f.data) })) };
    this.tail = this.tail.then(() => this.run(job, staged, queued));
    return job;
  }

  /** Resolves once every queued job has run. */
  idle(): Promise<void> {
    return this.tail;
  }

  async close(): Promise<void> {
    await this.tail;
  }

  private async run(job: UploadJob, staged: string[], request: QueuedUpload): Promise<void> {
    job.state = 'running';
    const { store, audit, editorial } = this.options;
    try {
      for (const [i, file] of request.files.entries()) {
        const report = job.files[i];
        report.outcome = 'reading';
        const id = reviewIdFor(file.sha);
        const isNew = !store.has(id);
        try {
          const summary = await ingestFiles([staged[i]], {
            store,
            backend: this.options.backend,
            tagger: this.options.tagger,
            taxonomyVersion: this.options.taxonomyVersion,
            manifest: new Map([[file.name, request.manifest]]),
            holdReason: request.publishClean ? undefined : HELD_FOR_REVIEW,
            pool: this.options.readers,
            tagInWorkers: true,
          });
          const failed = summary.failed[0];
          const record = store.get(id);
          if (failed) {
            audit.append({ actor: request.actor, action: 'ingest-failed', review_id: null, before: null, after: { file: file.name, sha256: file.sha, error: failed.error } });
          } else if (record && isNew) {
            editorial.recordIngest(record, request.actor, file.name);
          }
          Object.assign(report, {
            outcome: failed ? 'failed' : summary.unchanged ? 'unchanged' : 'ingested',
            error: failed?.error ?? null,
            id: record?.id ?? null,
            title: record?.metadata.title ?? null,
            status: record?.status ?? null,
            status_reason: record?.statusReason ?? null,
            flags: record?.flags.length ?? 0,
            pages: record?.source.pages ?? 0,
          } satisfies Partial<UploadFileReport>);
        } catch (err) {
          Object.assign(report, { outcome: 'failed', error: `the file could not be ingested: ${err instanceof Error ? err.message : String(err)}` });
        }
        job.done++;
      }
    } finally {
      job.state = 'done';
      job.finished_at = new Date().toISOString();
      fs.rmSync(path.join(this.stagingDir, job.id), { recursive: true, force: true });
    }
  }

  private forgetOld(): void {
    const keep = this.options.keep ?? 200;
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= keep) break;
      if (job.state === 'done') this.jobs.delete(id);
    }
  }
}
