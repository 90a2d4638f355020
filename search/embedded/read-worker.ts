/** A search reader thread: its own read-only connection to the index, answering one request at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { IndexReader } from './reader';
import { readerVocabulary, type ReadReply, type ReadRequest, type ReaderData } from './read-protocol';

const { file, vocab } = workerData as ReaderData;
const db = new Database(file, { readonly: true, fileMustExist: true });
// Another connection's commit changes data_version: the cue to load the cached reviews again.
const reader = new IndexReader(db, readerVocabulary(vocab), () => db.pragma('data_version', { simple: true }));

parentPort!.on('message', ({ id, method, args }: ReadRequest) => {
  let reply: ReadReply;
  try {
    reply = { id, result: (reader[method] as (...a: unknown[]) => unknown)(...args) };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    reply = { id, error: { message: e.message, name: e.name, code: (e as { code?: string }).code } };
  }
  parentPort!.postMessage(reply);
});
