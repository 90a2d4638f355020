/**
 * The load generator: N clients, each sending its next request as soon as the last is answered,
 * taking paths in turn from one shared list, for a fixed time. It runs on a thread of its own so
 * the process serving the requests keeps its event loop to itself.
 */
import { Worker } from 'node:worker_threads';
import { latencySummary, type LatencySummary } from './latency';

export interface LoadResult {
  clients: number;
  requests: number;
  errors: number;
  rps: number;
  latency: LatencySummary;
  /** The first few failures, to say what went wrong. */
  failures: string[];
}

// Plain JavaScript, so the thread needs no TypeScript loader.
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { base, paths, clients, seconds, timeoutMs } = workerData;
let next = 0;
const latencies = [];
const failures = [];
let errors = 0;
const end = performance.now() + seconds * 1000;
async function client() {
  while (performance.now() < end) {
    const path = paths[next++ % paths.length];
    const t0 = performance.now();
    try {
      const res = await fetch(base + path, { signal: AbortSignal.timeout(timeoutMs) });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(res.status + ' ' + path);
      latencies.push(performance.now() - t0);
    } catch (err) {
      errors++;
      if (failures.length < 5) failures.push(String(err && err.message || err));
    }
  }
}
Promise.all(Array.from({ length: clients }, client)).then(() => parentPort.postMessage({ latencies, errors, failures }));
`;

export function runLoad(base: string, paths: string[], clients: number, seconds: number, timeoutMs = 10_000): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT, { eval: true, workerData: { base, paths, clients, seconds, timeoutMs } });
    worker.once('error', reject);
    worker.once('message', ({ latencies, errors, failures }: { latencies: number[]; errors: number; failures: string[] }) => {
      void worker.terminate();
      resolve({ clients, requests: latencies.length, errors, rps: latencies.length / seconds, latency: latencySummary(latencies), failures });
    });
  });
}
