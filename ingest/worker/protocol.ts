import type { FileType, ReviewRecord } from '../../model';
import type { ExtractedDocument, PrepareOptions } from '../pipeline';

/** What an extraction worker is asked to do with one file's bytes. */
export type Task =
  | { kind: 'extract'; data: Uint8Array }
  | { kind: 'prepare'; data: Uint8Array; options: PrepareOptions }
  /** The whole pipeline, tagged too when the worker's taxonomy is of this version (else returned untagged). */
  | { kind: 'process'; data: Uint8Array; options: PrepareOptions; taxonomyVersion: string }
  | { kind: 'public-copy'; data: Uint8Array; type: FileType }
  /** Tagging alone (editors' corrections laid over first), when the worker's taxonomy is of this version (else null). */
  | { kind: 'tag'; record: ReviewRecord; taxonomyVersion: string };

export type TaskResult<T extends Task['kind']> = T extends 'extract'
  ? ExtractedDocument
  : T extends 'prepare' | 'process'
    ? ReviewRecord
    : T extends 'tag'
      ? ReviewRecord | null
      : Uint8Array;

/** What a worker is doing with the file it holds. */
export type Stage = 'reading' | 'tagging';

export type WorkerMessage =
  | { ready: true }
  | { id: number; stage: Stage }
  | { id: number; result: ExtractedDocument | ReviewRecord | Uint8Array | null }
  /** `ingest`: the file's own fault, said in the user's words; otherwise a fault of the reader. */
  | { id: number; error: { message: string; ingest: boolean } };
