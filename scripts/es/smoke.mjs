#!/usr/bin/env node
// Smoke test of the embedded Elasticsearch: pattern tokenizer, stemmer and stop custom analyzers,
// highlighting, terms aggregation, atomic alias swap, GET /.
// Usage: node scripts/es/smoke.mjs            (starts and stops its own node)
//        node scripts/es/smoke.mjs http://127.0.0.1:9200   (uses a running node)
import assert from 'node:assert/strict';
import { startElasticsearch } from './es-node.mjs';

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}\n  ${String(e.stack ?? e).split('\n').join('\n  ')}`);
  }
}

const t0 = Date.now();
const es = process.argv[2] ? { url: process.argv[2], stop: async () => {} } : await startElasticsearch();
console.log(`# node at ${es.url} ready in ${Date.now() - t0} ms`);

async function call(method, p, body, ndjson = false) {
  const res = await fetch(es.url + p, {
    method,
    headers: { 'content-type': ndjson ? 'application/x-ndjson' : 'application/json' },
    body: body === undefined ? undefined : ndjson ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(`${method} ${p} -> ${res.status} ${text}`);
  return json;
}

const idx = `smoke-${process.pid}`;
try {
  await check('GET / reports Elasticsearch version', async () => {
    const info = await call('GET', '/');
    assert.match(info.version.number, /^\d+\.\d+\.\d+/);
    assert.equal(info.tagline, 'You Know, for Search');
  });

  await check('create index v1 with a pattern tokenizer + porter stemmer analyzer and alias', async () => {
    await call('PUT', `/${idx}-v1`, {
      settings: {
        number_of_shards: 1,
        number_of_replicas: 0,
        analysis: {
          tokenizer: { letters_digits: { type: 'pattern', pattern: '[^\\p{L}\\p{N}]+' } },
          filter: {
            en_stem: { type: 'stemmer', language: 'porter' },
            en_stop: { type: 'stop', stopwords: '_english_' },
          },
          analyzer: {
            text_en: { type: 'custom', tokenizer: 'letters_digits', filter: ['lowercase', 'asciifolding', 'en_stop', 'en_stem'] },
          },
        },
      },
      mappings: {
        properties: {
          title: { type: 'text', analyzer: 'text_en' },
          body: { type: 'text', analyzer: 'text_en' },
          theme: { type: 'keyword' },
          year: { type: 'integer' },
        },
      },
      aliases: { [idx]: {} },
    });
  });

  await check('_analyze: custom analyzer stems and drops stopwords', async () => {
    const r = await call('POST', `/${idx}-v1/_analyze`, { analyzer: 'text_en', text: 'The children were running to abusive parents' });
    assert.deepEqual(r.tokens.map((t) => t.token), ['children', 'were', 'run', 'abus', 'parent']);
  });

  await check('bulk index 3 docs through the alias', async () => {
    const lines = [
      { index: { _id: '1' } },
      { title: 'Serious case review: maltreatment of a toddler', body: 'Agencies failed to share information', theme: 'neglect', year: 2019 },
      { index: { _id: '2' } },
      { title: 'Learning from child protection failures', body: 'The GP was running late assessments', theme: 'multi-agency', year: 2021 },
      { index: { _id: '3' } },
      { title: 'Neglected infants and domestic abuse', body: 'Parents abusing alcohol; visitors noticed neglect', theme: 'neglect', year: 2021 },
    ];
    const r = await call('POST', `/${idx}/_bulk?refresh=true`, lines.map((l) => JSON.stringify(l)).join('\n') + '\n', true);
    assert.equal(r.errors, false);
  });

  await check('match query: stemming + highlight + terms aggregation', async () => {
    const r = await call('POST', `/${idx}/_search`, {
      query: { match: { title: 'neglect' } },
      highlight: { fields: { title: {} } },
      aggs: { themes: { terms: { field: 'theme' } }, years: { terms: { field: 'year' } } },
    });
    assert.equal(r.hits.total.value, 1);
    assert.equal(r.hits.hits[0].highlight.title[0], '<em>Neglected</em> infants and domestic abuse');
    assert.deepEqual(r.aggregations.themes.buckets.map((b) => [b.key, b.doc_count]), [['neglect', 1]]);
    assert.deepEqual(r.aggregations.years.buckets.map((b) => [b.key, b.doc_count]), [[2021, 1]]);
  });

  await check('atomic alias swap v1 -> v2', async () => {
    await call('PUT', `/${idx}-v2`, { settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: { properties: { title: { type: 'text' } } } });
    await call('POST', `/${idx}-v2/_doc/only-v2?refresh=true`, { title: 'only in v2' });
    await call('POST', '/_aliases', {
      actions: [{ remove: { index: `${idx}-v1`, alias: idx } }, { add: { index: `${idx}-v2`, alias: idx } }],
    });
    const a = await call('GET', `/_alias/${idx}`);
    assert.deepEqual(Object.keys(a), [`${idx}-v2`]);
    const c = await call('GET', `/${idx}/_count`);
    assert.equal(c.count, 1);
  });
} finally {
  await fetch(`${es.url}/${idx}-*`, { method: 'DELETE' }).catch(() => {});
  await es.stop();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
