/** An extraction worker process: reads files apart from the process that asked, so that no file can hold it up or take it down. */
import { extractDocument, prepareRecord } from '../pipeline';
import { buildPublicCopy } from '../public-copy';
import { IngestError } from '../errors';
import type { Task, WorkerMessage } from './protocol';

const send = (message: WorkerMessage) => process.send!(message);

process.on('message', async ({ id, task }: { id: number; task: Task }) => {
  try {
    const data = Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength);
    const result =
      task.kind === 'extract'
        ? await extractDocument(data)
        : task.kind === 'prepare'
          ? await prepareRecord(data, task.options)
          : new Uint8Array(await buildPublicCopy(data, task.type));
    send({ id, result });
  } catch (err) {
    send({ id, error: { message: err instanceof Error ? err.message : String(err), ingest: err instanceof IngestError } });
  }
});
// The parent going away ends the worker too.
process.on('disconnect', () => process.exit(0));
send({ ready: true });
