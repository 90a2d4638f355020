/** An extraction worker process: reads files apart from the process that asked, so that no file can hold it up or take it down. */
import { extractDocument, prepareRecord } from '../pipeline';
import { tagRecord, type TaggingContext } from '../tag-record';
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

/** A stored record tagged again (after an editor's correction or a re-extraction), away from the server's event loop. */
function tagStored(id: number, task: Extract<Task, { kind: 'tag' }>) {
  const context = serviceTagging();
  if (context.taxonomyVersion !== task.taxonomyVersion) return null;
  send({ id, stage: 'tagging' });
  return tagRecord(task.record, context);
}

async function perform(id: number, task: Task) {
  if (task.kind === 'tag') return tagStored(id, task);
  const data = Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength);
  if (task.kind === 'extract') return extractDocument(data);
  if (task.kind === 'prepare') return prepareRecord(data, task.options);
  if (task.kind === 'process') return processFile(id, data, task);
  return new Uint8Array(await buildPublicCopy(data, task.type));
}

process.on('message', async ({ id, task }: { id: number; task: Task }) => {
  try {
    send({ id, result: await perform(id, task) });
  } catch (err) {
    send({ id, error: { message: err instanceof Error ? err.message : String(err), ingest: err instanceof IngestError } });
  }
});
// The parent going away ends the worker too.
process.on('disconnect', () => process.exit(0));
send({ ready: true });
