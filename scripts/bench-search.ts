/**
 * Search benchmark: the same corpus in both backends, the same HTTP API, a fixed mix of queries,
 * measured with autocannon at 1, 10 and 50 concurrent clients.
 *
 *   npm run bench:search -- [--count 2000] [--duration 20] [--data-dir DIR] [--es-url URL]
 *
 * The corpus is generated (scripts/fixtures/corpus.ts) and ingested once into a data dir outside
 * the repository ($TMPDIR/scr-bench-search-N), reused on later runs. Elasticsearch is loaded from
 * that store with the same rebuild `scr reindex` uses; without --es-url a test node is started
 * (scripts/es, needs a JDK 21+ and Maven).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { SearchBackend } from '../model';
import { projectRoot } from '../lib/paths';
import { buildApp } from '../server/app';
import { Store } from '../store/store';
import { loadTaxonomy } from '../taxonomy';
import { createBackend, type BackendName } from '../search/create-backend';
import { reindex } from '../search/reindex';
import { openRepository } from '../ingest/repository';
import { ingestFiles, listInputs } from '../ingest/batch';
import { startTestNode, type TestNode } from '../search/elasticsearch/testing/test-node';
import { latencySummary, type LatencySummary } from './bench/latency';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '20' },
    'data-dir': { type: 'string' },
    'es-url': { type: 'string' },
    connections: { type: 'string', default: '1,10,50' },
  },
});
const count = Number(args.count);
const duration = Number(args.duration);
const connections = args.connections!.split(',').map(Number);
const work = path.join(os.tmpdir(), `scr-bench-search-${count}`);
const dataDir = path.resolve(args['data-dir'] ?? path.join(work, 'data'));

/** The fixed mix: free text, a phrase, theme filters, facet filters with sort, theme statistics. */
const MIX = [
  '/api/search?q=information+sharing',
  '/api/search?q=neglect+home',
  '/api/search?q=%22voice+of+the+child%22',
  '/api/search?q=domestic+abuse+police&sort=date',
  '/api/search?theme=neglect',
  '/api/search?theme=hidden-men&theme=domestic-abuse',
  '/api/search?region=North+West&review_type=lcspr&sort=date',
  '/api/search?q=assessment&year_from=2015&year_to=2020&age_band=under-1',
  '/api/stats/themes?by=year',
  '/api/stats/themes?by=region&theme=exploitation',
];

const log = (line: string) => process.stderr.write(line + '\n');

/** Generate and ingest the corpus unless the data dir already holds it. */
async function prepareStore(): Promise<{ ingestSeconds: number | null }> {
  if (new Store(dataDir).ids().length >= count) return { ingestSeconds: null };
  const corpus = path.join(work, 'corpus');
  if (!fs.existsSync(corpus) || fs.readdirSync(corpus).length < count) {
    log(`generating ${count} reports in ${corpus}`);
    execFileSync('npx', ['tsx', 'scripts/fixtures/corpus.ts', '--count', String(count), '--out', corpus], {
      cwd: projectRoot(),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
  log(`ingesting ${corpus} into ${dataDir} (embedded index)`);
  const t0 = performance.now();
  const repo = await openRepository(dataDir, 'embedded');
  const summary = await ingestFiles(listInputs([corpus]), { ...repo, taxonomyVersion: repo.taxonomy.version });
  await repo.backend.close();
  log(`ingested ${summary.ingested}, failed ${summary.failed.length}`);
  return { ingestSeconds: (performance.now() - t0) / 1000 };
}

interface Row {
  backend: BackendName;
  connections: number;
  requests: number;
  errors: number;
  rps: number;
  latency: LatencySummary;
}

async function measure(backend: SearchBackend, store: Store, conns: number, seconds = duration): Promise<Row> {
  const app = await buildApp({ store, backend, taxonomy: loadTaxonomy(), security: { rateLimit: false } });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const latencies: number[] = [];
    const instance = autocannon({
      url,
      connections: conns,
      duration: seconds,
      requests: MIX.map((p) => ({ method: 'GET' as const, path: p })),
    });
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
    const result = await instance;
    return {
      backend: backend.name,
      connections: conns,
      requests: result.requests.total,
      errors: result.errors + result.non2xx + result.timeouts,
      rps: result.requests.total / seconds,
      latency: latencySummary(latencies),
    };
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const { ingestSeconds } = await prepareStore();
  const store = new Store(dataDir);
  const published = [...store.all()].filter((r) => r.status === 'published');
  const passages = published.reduce((n, r) => n + r.passages.length, 0);
  log(`store: ${published.length} published reviews, ${passages} passages`);

  let node: TestNode | undefined;
  let esUrl = args['es-url'];
  if (!esUrl) {
    const started = await startTestNode();
    if ('unavailable' in started) throw new Error(`no Elasticsearch: ${started.unavailable} (or pass --es-url)`);
    node = started;
    esUrl = node.url;
  }

  const rows: Row[] = [];
  const loads: Record<string, number> = {};
  try {
    for (const name of ['embedded', 'elasticsearch'] as const) {
      const backend = await createBackend({ backend: name, dataDir, elasticsearch: { url: esUrl, indexPrefix: 'bench' } });
      const t0 = performance.now();
      await reindex(store, backend);
      loads[name] = (performance.now() - t0) / 1000;
      log(`${name}: indexed ${published.length} reviews in ${loads[name].toFixed(1)} s`);
      await measure(backend, store, 10, 5); // warm-up: caches, JIT, first segments
      for (const conns of connections) {
        const row = await measure(backend, store, conns);
        rows.push(row);
        log(`${name} c=${conns}: ${row.rps.toFixed(0)} req/s, p50 ${row.latency.p50} ms, p95 ${row.latency.p95} ms, p99 ${row.latency.p99} ms, errors ${row.errors}`);
      }
      await backend.close();
    }
  } finally {
    await node?.stop();
  }

  const out = [
    `Corpus: ${published.length} published reviews, ${passages} passages; ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}.`,
    ingestSeconds === null ? '' : `Ingest (generate excluded, embedded index): ${ingestSeconds.toFixed(0)} s.`,
    `Full index build from the store (\`scr reindex\`): embedded ${loads.embedded.toFixed(1)} s, elasticsearch ${loads.elasticsearch.toFixed(1)} s.`,
    `Mix of ${MIX.length} requests, round-robin; ${duration} s per run after a 5 s warm-up.`,
    '',
    '| backend | clients | req/s | p50 ms | p95 ms | p99 ms | errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.backend} | ${r.connections} | ${r.rps.toFixed(0)} | ${r.latency.p50} | ${r.latency.p95} | ${r.latency.p99} | ${r.errors} |`),
  ].filter((l, i, all) => l !== '' || all[i - 1] !== '');
  process.stdout.write(out.join('\n') + '\n');
}

main().catch((err) => {
  process.stderr.write(`bench-search: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
