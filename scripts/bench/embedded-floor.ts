/**
 * The embedded floor served over HTTP like the API (node:http, no framework), by as many reader
 * threads as the product's pool has, so the same load generator measures both the same way.
 */
import http from 'node:http';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import type { SearchVocabulary } from '../../search/fields';
import { portableVocabulary } from '../../search/embedded/read-protocol';

export interface FloorServer {
  url: string;
  close(): Promise<void>;
}

export async function startEmbeddedFloor(file: string, vocab: SearchVocabulary, threads: number): Promise<FloorServer> {
  const data = { file, vocab: portableVocabulary(vocab) };
  const entry = path.join(__dirname, 'embedded-floor-worker.ts');
  const workers = Array.from(
    { length: threads },
    () => new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(entry)});`, { eval: true, workerData: data }),
  );
  const waiting = new Map<number, (reply: { body?: string; error?: string }) => void>();
  const busy = workers.map(() => 0);
  for (const w of workers) w.on('message', (reply: { id: number; body?: string; error?: string }) => waiting.get(reply.id)?.(reply));
  let nextId = 1;
  const server = http.createServer((req, res) => {
    const id = nextId++;
    // The least busy thread; requests queue in its port.
    const i = busy.indexOf(Math.min(...busy));
    busy[i]++;
    waiting.set(id, (reply) => {
      waiting.delete(id);
      busy[i]--;
      res.writeHead(reply.body === undefined ? 500 : 200, { 'content-type': 'application/json' });
      res.end(reply.body ?? JSON.stringify({ error: reply.error }));
    });
    workers[i].postMessage({ id, path: req.url });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
