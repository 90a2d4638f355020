/**
 * What the Elasticsearch adapter costs over its engine: the same searches through
 * ElasticsearchBackend.search() and as raw `_search` requests with the bodies the adapter sends
 * (its main query alone, and every request it makes for a search), side by side in one run, at 1
 * and 10 concurrent callers.
 *
 *   npm run bench:es-adapter -- --es-url URL [--count 1000] [--requests 400]
 *
 * The corpus is the generated one the parity check uses, loaded under its own prefix (kept for a
 * later run with the same count). Requests are distinct, drawn from the corpus words, the themes
 * and facet values, so no answer is a cache hit on an earlier one.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { SearchRequest } from '../model';
import { ElasticsearchBackend } from '../search/elasticsearch/elasticsearch-backend';
import { elasticsearchConfig } from '../search/elasticsearch/config';
import { taxonomyVocabulary } from '../search/fields';
import { generatedReviews } from '../search/testing/generated-corpus';
import { Random } from './fixtures/random';
import { latencySummary } from './bench/latency';

const { values: args } = parseArgs({
  options: {
    'es-url': { type: 'string' },
    count: { type: 'string', default: '1000' },
    requests: { type: 'string', default: '400' },
  },
});
if (!args['es-url']) {
  process.stderr.write('usage: bench-es-adapter.ts --es-url URL [--count N] [--requests N]\n');
  process.exit(2);
}
const count = Number(args.count);

function mix(words: string[], n: number): SearchRequest[] {
  const rnd = new Random(3);
  const themes = ['neglect', 'domestic-abuse', 'hidden-men', 'information-sharing', 'professional-curiosity', 'voice-of-the-child'];
  const regions = ['North West', 'North East', 'London', 'Wales', 'South West'];
  const seen = new Set<string>();
  const out: SearchRequest[] = [];
  while (out.length < n) {
    const r = rnd.next();
    const req: SearchRequest =
      r < 0.35
        ? { q: rnd.sample(words, rnd.int(1, 2)).join(' ') }
        : r < 0.5
          ? { q: `"${rnd.pick(words)} ${rnd.pick(['of', 'and', 'the'])} ${rnd.pick(words)}"` }
          : r < 0.7
            ? { theme: rnd.sample(themes, rnd.int(1, 2)), page: rnd.int(1, 3) }
            : r < 0.85
              ? { q: rnd.pick(words), region: [rnd.pick(regions)], sort: 'date' }
              : { q: rnd.pick(words), year_from: rnd.int(2010, 2018), year_to: rnd.int(2018, 2025), theme: [rnd.pick(themes)] };
    const key = JSON.stringify(req);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(req);
    }
  }
  return out;
}

async function run<T>(items: T[], concurrency: number, call: (item: T) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++];
        const s = performance.now();
        await call(item);
        latencies.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { rps: items.length / seconds, ...latencySummary(latencies) };
}

async function main(): Promise<void> {
  const backend = new ElasticsearchBackend(
    elasticsearchConfig({ url: args['es-url'], indexPrefix: `bench-adapter-${count}`, requestTimeoutMs: 120_000 }, {}),
    taxonomyVocabulary(),
  );
  await backend.init();
  const records = generatedReviews(count, 5);
  if ((await backend.count()) !== records.length) {
    process.stderr.write(`loading ${records.length} generated reviews\n`);
    await backend.rebuild(records);
  }
  const words = [...new Set(records.slice(0, 50).flatMap((r) => r.text.toLowerCase().match(/[a-z]{5,}/g) ?? []))].sort();
  const requests = mix(words, Number(args.requests));

  // Every request the adapter sends for each search, captured as it is sent. Two floors replay
  // them: the main query alone (what one `_search` costs), and all of them in turn (the engine's
  // whole work for the search, so what is left over is the adapter's own).
  type Body = NonNullable<Parameters<typeof backend.client.search>[0]>;
  const sent: Body[][] = [];
  const search = backend.client.search;
  backend.client.search = function (this: unknown, params: Body, options?: object) {
    sent.at(-1)!.push(params);
    return search.call(backend.client, params, options);
  } as unknown as typeof search;
  for (const req of requests) {
    sent.push([]);
    await backend.search(req);
  }
  backend.client.search = search;
  const mains = sent.map((bodies) => bodies[0]);

  const rows: string[] = [];
  for (const concurrency of [1, 10]) {
    // Interleaved halves, so a machine's load changes both sides alike.
    const raw = await run(mains, concurrency, (b) => backend.client.search(b));
    const every = await run(sent, concurrency, async (bodies) => {
      for (const b of bodies) await backend.client.search(b);
    });
    const adapter = await run(requests, concurrency, (r) => backend.search(r));
    const row = (name: string, m: typeof raw) => `| ${name} | ${concurrency} | ${m.rps.toFixed(0)} | ${m.p50} | ${m.p95} | ${(raw.rps / m.rps).toFixed(2)} | ${(m.p95 / raw.p95).toFixed(2)} |`;
    rows.push(row('raw _search, main query', raw), row('raw _search, every request', every), row('adapter', adapter));
  }
  await backend.close();
  process.stdout.write(
    [`${records.length} generated reviews, ${requests.length} distinct searches (each sent once untimed, then timed); round trips per search: ${(sent.flat().length / sent.length).toFixed(2)}`, '', '| path | callers | req/s | p50 ms | p95 ms | time / main query | p95 / main query |', '|---|---:|---:|---:|---:|---:|---:|', ...rows].join('\n') + '\n',
  );
}

main().catch((err) => {
  process.stderr.write(`bench-es-adapter: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
