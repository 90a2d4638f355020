/**
 * Search benchmark: the product's API (/api/search, /api/stats) on a listening server, driven by
 * 1, 10 and 50 concurrent clients through several hundred distinct requests, each engine beside
 * its floor measured in the same run; and the embedded index's write path.
 *
 *   npm run bench:search -- [--reviews 2000] [--duration 10] [--connections 1,10,50]
 *                           [--cache-dir DIR] [--es-url URL] [--rebuild]
 *
 * The corpus is generated and ingested once under the cache dir ($TMPDIR/scr-bench-cache by
 * default; scripts/bench/search-corpus.ts), with each engine's index beside it, so a rerun starts
 * at once. Elasticsearch is measured only when a node is given (--es-url or ES_URL).
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { Client } from '@elastic/elasticsearch';
import type { ReviewRecord, SearchBackend } from '../model';
import { buildApp } from '../server/app';
import { Store } from '../store/store';
import { loadTaxonomy } from '../taxonomy';
import { createBackend, type BackendName } from '../search/create-backend';
import { taxonomyVocabulary } from '../search/fields';
import { defaultReaders } from '../search/embedded/read-pool';
import { reindex } from '../search/reindex';
import { defaultCacheDir, prepareCorpus } from './bench/search-corpus';
import { searchMix } from './bench/search-mix';
import { runLoad, type LoadResult } from './bench/load';
import { startEmbeddedFloor, type FloorServer } from './bench/embedded-floor';

const { values: args } = parseArgs({
  options: {
    reviews: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '1,10,50' },
    'cache-dir': { type: 'string' },
    'es-url': { type: 'string' },
    rebuild: { type: 'boolean', default: false },
  },
});
const reviews = Number(args.reviews);
const seconds = Number(args.duration);
const connections = args.connections!.split(',').map(Number);
const esUrl = args['es-url'] ?? process.env.ES_URL;
if (!Number.isInteger(reviews) || reviews < 1 || !(seconds > 0) || connections.some((c) => !Number.isInteger(c) || c < 1)) {
  process.stderr.write('usage: bench-search.ts [--reviews N] [--duration S] [--connections 1,10,50] [--cache-dir DIR] [--es-url URL] [--rebuild]\n');
  process.exit(2);
}

const log = (line: string) => process.stderr.write(line + '\n');

interface Row extends LoadResult {
  engine: string;
  what: 'API' | 'floor';
}

function* published(store: Store): Generator<ReviewRecord> {
  for (const r of store.all()) if (r.status === 'published') yield r;
}

async function listen(backend: SearchBackend, store: Store): Promise<{ url: string; close(): Promise<void> }> {
  const app = await buildApp({ store, backend, taxonomy: loadTaxonomy(), security: { rateLimit: false } });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

/** The API and its floor at each concurrency, alternately, after a short warm-up of each. */
async function measure(engine: BackendName, api: { url: string }, floor: FloorServer, paths: string[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const url of [api.url, floor.url]) {
    // Every reader thread started and answering before anything is timed.
    await Promise.all(paths.slice(-8).map(async (p) => (await fetch(url + p)).arrayBuffer()));
    await runLoad(url, paths.slice(-100), 4, 2);
  }
  for (const clients of connections) {
    for (const [what, url] of [['API', api.url], ['floor', floor.url]] as const) {
      const row = { engine, what, ...(await runLoad(url, paths, clients, seconds)) };
      rows.push(row);
      log(`${engine} ${what} c=${clients}: ${row.rps.toFixed(0)} req/s, p50 ${row.latency.p50} p95 ${row.latency.p95} p99 ${row.latency.p99} ms, errors ${row.errors}${row.failures.length ? ` (${row.failures[0]})` : ''}`);
    }
  }
  return rows;
}

interface WritePath {
  buildS: number;
  bulkMs: number;
  /** Re-indexing one review a transaction, its text as indexed (a re-tag, an unchanged review). */
  sameTextMs: number;
  /** The same with the title changed, so its full-text rows are written again (an edit). */
  changedTextMs: number;
}

/** Per review: a full rebuild against re-indexing one at a time (one transaction each, as an editor's change or a re-tag does). */
async function writePath(store: Store, backend: SearchBackend, count: number): Promise<WritePath> {
  const t0 = performance.now();
  const n = await reindex(store, backend);
  const buildS = (performance.now() - t0) / 1000;
  const some: ReviewRecord[] = [];
  for (const r of published(store)) if (some.push(r) >= 200) break;
  const perReview = async (reviews: ReviewRecord[]) => {
    const t = performance.now();
    for (const r of reviews) await backend.index(r);
    return (performance.now() - t) / reviews.length;
  };
  const sameTextMs = await perReview(some);
  // Edited, then put back as they were: both write the text again.
  const edited = await perReview(some.map((r) => ({ ...r, metadata: { ...r.metadata, title: `${r.metadata.title} (revised)` } })));
  const restored = await perReview(some);
  return { buildS, bulkMs: (buildS * 1000) / Math.max(1, n || count), sameTextMs, changedTextMs: (edited + restored) / 2 };
}

/** Raw `_search` with the adapter's own request bodies, captured by running each request once through the API. */
async function elasticsearchFloor(backend: SearchBackend, api: { url: string }, paths: string[]): Promise<FloorServer> {
  const client = (backend as unknown as { client: { search(params: unknown, options?: unknown): Promise<unknown> } }).client;
  const original = client.search.bind(client);
  let capturing: unknown[] = [];
  client.search = (params, options) => (capturing.push(params), original(params, options));
  const bodies = new Map<string, unknown[]>();
  for (const p of paths) {
    capturing = [];
    await (await fetch(api.url + p)).arrayBuffer();
    bodies.set(p, capturing);
  }
  client.search = original;
  const raw = new Client({ node: esUrl! });
  const server = http.createServer((req, res) => {
    Promise.all((bodies.get(req.url!) ?? []).map((params) => raw.search(params as Parameters<Client['search']>[0]))).then(
      (answers) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answers)),
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await raw.close();
    },
  };
}

async function main(): Promise<void> {
  const { dataDir, ingestSeconds } = await prepareCorpus(reviews, args['cache-dir'] ?? defaultCacheDir());
  const store = new Store(dataDir);
  let count = 0;
  let passages = 0;
  const sample: ReviewRecord[] = [];
  for (const r of published(store)) {
    count++;
    passages += r.passages.length;
    if (sample.length < 400) sample.push(r);
  }
  log(`store: ${count} published reviews, ${passages} passages`);
  const taxonomy = loadTaxonomy();
  const vocab = await taxonomyVocabulary();
  const paths = searchMix(sample, vocab, taxonomy.themes.map((t) => t.id));
  log(`mix: ${paths.length} distinct requests`);

  const rows: Row[] = [];
  const notes: string[] = [];
  const embedded = await createBackend({ backend: 'embedded', dataDir });
  try {
    if (args.rebuild || (await embedded.count()) !== count) {
      const w = await writePath(store, embedded, count);
      notes.push(
        `Embedded writes: full rebuild ${w.buildS.toFixed(1)} s (${w.bulkMs.toFixed(2)} ms a review in bulk); re-indexing one review a transaction (200 reviews), text unchanged ${w.sameTextMs.toFixed(2)} ms a review (${(w.sameTextMs / w.bulkMs).toFixed(2)}x bulk), text changed ${w.changedTextMs.toFixed(2)} ms (${(w.changedTextMs / w.bulkMs).toFixed(2)}x).`,
      );
      log(notes.at(-1)!);
    }
    const api = await listen(embedded, store);
    const floor = await startEmbeddedFloor(path.join(dataDir, 'index', 'search.sqlite'), vocab, defaultReaders());
    try {
      rows.push(...(await measure('embedded', api, floor, paths)));
    } finally {
      await floor.close();
      await api.close();
    }
  } finally {
    await embedded.close();
  }

  if (esUrl) {
    const es = await createBackend({ backend: 'elasticsearch', dataDir, elasticsearch: { url: esUrl, indexPrefix: `bench-${reviews}` } });
    try {
      if (args.rebuild || (await es.count()) !== count) {
        const t0 = performance.now();
        await reindex(store, es);
        notes.push(`Elasticsearch full rebuild: ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
      }
      const api = await listen(es, store);
      const floor = await elasticsearchFloor(es, api, paths);
      try {
        rows.push(...(await measure('elasticsearch', api, floor, paths)));
      } finally {
        await floor.close();
        await api.close();
      }
    } finally {
      await es.close();
    }
  } else notes.push('Elasticsearch not measured: no node given (--es-url or ES_URL).');

  const floorOf = (r: Row) => rows.find((f) => f.engine === r.engine && f.what === 'floor' && f.clients === r.clients);
  const out = [
    `Corpus: ${count} published reviews, ${passages} passages; ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), load average ${os.loadavg()[0].toFixed(1)} at the end, Node ${process.version}.`,
    ingestSeconds === null ? '' : `Ingest (this run): ${ingestSeconds.toFixed(0)} s.`,
    `${paths.length} distinct requests, shuffled, taken in turn by every client; ${seconds} s per run.`,
    ...notes,
    '',
    '| engine | served by | clients | req/s | p50 ms | p95 ms | p99 ms | errors | p95 / floor | req/s / floor |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const f = r.what === 'API' ? floorOf(r) : undefined;
      const ratio = (a: number, b: number | undefined) => (b ? (a / b).toFixed(2) : '');
      return `| ${r.engine} | ${r.what} | ${r.clients} | ${r.rps.toFixed(0)} | ${r.latency.p50} | ${r.latency.p95} | ${r.latency.p99} | ${r.errors} | ${ratio(r.latency.p95, f?.latency.p95)} | ${ratio(r.rps, f?.rps)} |`;
    }),
  ].filter((l, i, all) => l !== '' || all[i - 1] !== '');
  process.stdout.write(out.join('\n') + '\n');
}

main().catch((err) => {
  process.stderr.write(`bench-search: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
