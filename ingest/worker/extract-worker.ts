/** An extraction worker: reads files on its own thread so that no file can hold up the process that asked. */
import { parentPort } from 'node:worker_threads';
import { extractDocument, prepareRecord } from '../pipeline';
import { IngestError } from '../errors';
import type { Task, WorkerMessage } from './protocol';

const port = parentPort!;
const send = (message: WorkerMessage) => port.postMessage(message);

port.on('message', async ({ id, task }: { id: number; task: Task }) => {
  try {
    const data = Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength);
    const result = task.kind === 'extract' ? await extractDocument(data) : await prepareRecord(data, task.options);
    send({ id, result });
  } catch (err) {
    send({ id, error: { message: err instanceof Error ? err.message : String(err), ingest: err instanceof IngestError } });
  }
});
send({ ready: true });
