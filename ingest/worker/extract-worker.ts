/** An extraction worker process: reads files apart from the process that asked, so that no file can hold it up or take it down. */
import { extractDocument, prepareRecord, tagRecord, type TaggingContext } from '../pipeline';
import { buildPublicCopy } from '../public-copy';
import { IngestError } from '../errors';
import type { Task, WorkerMessage } from './protocol';

const send = (message: WorkerMessage) => process.send!(message);

let tagging: TaggingContext | undefined;

/** The taxonomy file the service runs on, compiled once per worker when it first tags; a worker that only reads never loads it. */
function serviceTagging(): TaggingContext {
  if (!tagging) {
    const { createTagger, loadTaxonomy } = require('../../taxonomy') as typeof import('../../taxonomy');
    const taxonomy = loadTaxonomy();
    tagging = { tagger: createTagger(taxonomy), taxonomyVersion: taxonomy.version };
  }
  return tagging;
}

/** Read, and tag here too, so that a large file's tagging holds up this process and never the one that asked. */
async function processFile(id: number, data: Buffer, task: Extract<Task, { kind: 'process' }>) {
  const record = await prepareRecord(data, task.options);
  const context = serviceTagging();
  // Asked for another taxonomy than the service's: the caller tags with its own.
  if (context.taxonomyVersion !== task.taxonomyVersion) return record;
  send({ id, stage: 'tagging' });
  return tagRecord(record, context);
}

process.on('message', async ({ id, task }: { id: number; task: Task }) => {
  try {
    const data = Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength);
    const result =
      task.kind === 'extract'
        ? await extractDocument(data)
        : task.kind === 'prepare'
          ? await prepareRecord(data, task.options)
          : task.kind === 'process'
            ? await processFile(id, data, task)
            : new Uint8Array(await buildPublicCopy(data, task.type));
    send({ id, result });
  } catch (err) {
    send({ id, error: { message: err instanceof Error ? err.message : String(err), ingest: err instanceof IngestError } });
  }
});
// The parent going away ends the worker too.
process.on('disconnect', () => process.exit(0));
send({ ready: true });
