#!/usr/bin/env node
// How long the test node takes to start, and to create an index with an analysis chain like the
// product's, over several runs; with the processor time the JVM used until it answered, which a
// busy machine changes less than it changes the wall-clock time. Given another copy of scripts/es (--against DIR), runs the two in
// turn, so both see the same machine load, and prints the ratio of their medians.
// Usage: node scripts/es/start-time.mjs [--runs N] [--against DIR]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, against: { type: 'string' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number above 0, not "${values.runs}"`);

const here = path.dirname(fileURLToPath(import.meta.url));
const nodes = [{ label: 'this', dir: here }];
if (values.against) nodes.push({ label: 'against', dir: path.resolve(values.against) });
for (const n of nodes) {
  n.module = await import(pathToFileURL(path.join(n.dir, 'es-node.mjs')).href);
  await n.module.ensureBuilt();
  n.ready = [];
  n.cpu = [];
  n.index = [];
}

const analysis = {
  tokenizer: { letters_digits: { type: 'pattern', pattern: '[^\\p{L}\\p{N}]+' } },
  filter: { porter: { type: 'stemmer', language: 'porter' } },
  analyzer: { text: { type: 'custom', tokenizer: 'letters_digits', filter: ['lowercase', 'asciifolding', 'porter'] } },
};

const TICKS_PER_SECOND = 100;

/** User and system time of a process so far, in ms (Linux: its /proc stat, in clock ticks). */
function cpuMs(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

async function once(n) {
  const t0 = performance.now();
  const es = await n.module.startElasticsearch();
  const t1 = performance.now();
  try {
    n.cpu.push(cpuMs(es.pid));
    const res = await fetch(`${es.url}/start-time`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        settings: { number_of_shards: 1, number_of_replicas: 0, analysis },
        mappings: { properties: { body: { type: 'text', analyzer: 'text' } } },
      }),
    });
    if (!res.ok) throw new Error(`index creation failed on ${n.dir}: ${res.status} ${await res.text()}`);
    n.ready.push(t1 - t0);
    n.index.push(performance.now() - t1);
  } finally {
    await es.stop();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (let i = 0; i < runs; i++) {
  for (const n of nodes) {
    await once(n);
    console.log(`${n.label} run ${i + 1}: ready ${n.ready.at(-1).toFixed(0)} ms (JVM processor ${n.cpu.at(-1).toFixed(0)} ms), index ${n.index.at(-1).toFixed(0)} ms`);
  }
}
for (const n of nodes) {
  console.log(
    `${n.label} (${n.dir}): median ready ${median(n.ready).toFixed(0)} ms (JVM processor ${median(n.cpu).toFixed(0)} ms), ` +
      `index ${median(n.index).toFixed(0)} ms over ${runs} runs`,
  );
}
if (nodes.length === 2) {
  const [a, b] = nodes;
  const ratio = (k) => (median(a[k]) / median(b[k])).toFixed(2);
  console.log(`ratio this/against: ready ${ratio('ready')} (JVM processor ${ratio('cpu')}), index ${ratio('index')}`);
}
