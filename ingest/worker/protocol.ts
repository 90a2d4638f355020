import type { FileType, ReviewRecord } from '../../model';
import type { ExtractedDocument, PrepareOptions } from '../pipeline';

/** What an extraction worker is asked to do with one file's bytes. */
export type Task =
  | { kind: 'extract'; data: Uint8Array }
  | { kind: 'prepare'; data: Uint8Array; options: PrepareOptions }
  | { kind: 'public-copy'; data: Uint8Array; type: FileType };

export type TaskResult<T extends Task['kind']> = T extends 'extract' ? ExtractedDocument : T extends 'prepare' ? ReviewRecord : Uint8Array;

export type WorkerMessage =
  | { ready: true }
  | { id: number; result: ExtractedDocument | ReviewRecord | Uint8Array }
  /** `ingest`: the file's own fault, said in the user's words; otherwise a fault of the reader. */
  | { id: number; error: { message: string; ingest: boolean } };
