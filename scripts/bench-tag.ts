/**
 * Tagging speed on one core: passages per second, and the time to tag a synthetic 100-page
 * report (1,500 paragraph-sized passages built from the in-repo labelled set). CPU time is shown
 * beside wall time: on a shared machine it is the steadier figure. To compare two versions, run
 * them alternately in one session and compare the medians.
 * Usage: npm run bench:tag
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Passage, SectionKind } from '../model';
import { projectRoot } from '../lib/paths';
import { createTagger, loadTaxonomy, readLabelled } from '../taxonomy';

const PASSAGES = 1500;
const ROUNDS = 5;
const SECTIONS: SectionKind[] = ['introduction', 'family-background', 'chronology', 'analysis', 'analysis', 'recommendations'];

const t0 = performance.now();
const taxonomy = loadTaxonomy();
const tagger = createTagger(taxonomy);
const loadMs = performance.now() - t0;

// Three labelled passages to a paragraph, about the length of a paragraph in a real report.
const texts = readLabelled(path.join(projectRoot(), 'fixtures/tagging/passages.jsonl')).map((p) => p.text);
const report: Passage[] = Array.from({ length: PASSAGES }, (_, i) => ({
  id: `p${i}`,
  text: [0, 1, 2].map((k) => texts[(i * 3 + k * 7) % texts.length]).join(' '),
  section: SECTIONS[i % SECTIONS.length],
  page: Math.floor(i / 15) + 1,
  offset: 0,
  themes: [],
}));
const chars = report.reduce((n, p) => n + p.text.length, 0);

function tagReport(): { wall: number; cpu: number } {
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (const p of report) p.themes = tagger.tagPassage(p.text, p.section);
  tagger.tagReview(report);
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - start, cpu: (used.user + used.system) / 1000 };
}

tagReport(); // warm-up: lets the regular expressions compile to native code
const runs = Array.from({ length: ROUNDS }, tagReport);
const sorted = (k: 'wall' | 'cpu') => runs.map((r) => r[k]).sort((a, b) => a - b);
const times = sorted('wall');
const cpus = sorted('cpu');
const median = times[Math.floor(ROUNDS / 2)];

console.log(`taxonomy load and compile: ${loadMs.toFixed(0)} ms (once per process)`);
console.log(`synthetic report: ${PASSAGES} passages, ${(chars / 1000).toFixed(0)}k characters (~100 pages)`);
console.log(`tag report (passages + review aggregation): median ${median.toFixed(0)} ms over ${ROUNDS} runs (best ${times[0].toFixed(0)} ms)`);
console.log(`CPU time: median ${cpus[Math.floor(ROUNDS / 2)].toFixed(0)} ms (best ${cpus[0].toFixed(0)} ms)`);
console.log(`throughput: ${Math.round((PASSAGES / median) * 1000)} passages/second on one core`);
