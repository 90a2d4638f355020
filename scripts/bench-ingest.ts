/**
 * Ingest speed on a generated corpus, outside the repository: pages per second for extraction
 * alone (extract, clean, sections, passages) and for the whole pipeline (plus metadata, identifier
 * scan and theme tagging), each spread over worker threads, beside poppler's pdftotext on the
 * same PDFs as the reference for raw PDF text extraction.
 * Usage: npm run bench:ingest -- [--count 200] [--workers 2] [--out /tmp/scr-bench-corpus-200]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../lib/paths';

const execFileAsync = promisify(execFile);

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const count = Number(option('count', '200'));
const workers = Number(option('workers', String(Math.min(2, os.availableParallelism()))));
const out = path.resolve(option('out', path.join(os.tmpdir(), `scr-bench-corpus-${count}`)));
const tsx = path.join(projectRoot(), 'node_modules', '.bin', 'tsx');

function ensureCorpus(): string[] {
  const list = () => (fs.existsSync(out) ? fs.readdirSync(out).filter((f) => /\.(pdf|docx)$/.test(f)).map((f) => path.join(out, f)) : []);
  if (list().length < count) {
    process.stderr.write(`generating ${count} reports in ${out}\n`);
    const res = spawnSync(tsx, [path.join(projectRoot(), 'scripts/fixtures/corpus.ts'), '--count', String(count), '--out', out], { stdio: 'inherit' });
    if (res.status !== 0) throw new Error('corpus generation failed');
  }
  return list().sort().slice(0, count);
}

/** Deal files round-robin to the workers so each gets a like mix of PDF and DOCX. */
async function runWorkers(files: string[], mode: 'extract' | 'pipeline') {
  const shards = Array.from({ length: workers }, (_, w) => files.filter((_, i) => i % workers === w));
  const started = performance.now();
  const results = await Promise.all(
    shards.map(
      (shard) =>
        new Promise<{ pages: Record<string, number> }>((resolve, reject) => {
          // The worker is TypeScript: register tsx's require hook in it first.
          const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(path.join(__dirname, 'bench-ingest-worker.ts'))});`, {
            eval: true,
            workerData: { files: shard, mode },
          });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  const pages = Object.assign({}, ...results.map((r) => r.pages)) as Record<string, number>;
  return { pages, seconds: (performance.now() - started) / 1000 };
}

async function pdftotext(pdfs: string[]): Promise<number> {
  const started = performance.now();
  const queue = [...pdfs];
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let f = queue.shift(); f; f = queue.shift()) await execFileAsync('pdftotext', ['-layout', f, '-']);
    }),
  );
  return (performance.now() - started) / 1000;
}

async function main() {
  const files = ensureCorpus();
  const pdfs = files.filter((f) => f.endsWith('.pdf'));
  const extract = await runWorkers(files, 'extract');
  const pipeline = await runWorkers(files, 'pipeline');
  const pdfOnly = await runWorkers(pdfs, 'extract');
  const total = (pages: Record<string, number>, only?: string[]) => (only ?? Object.keys(pages)).reduce((n, f) => n + (pages[f] ?? 0), 0);
  const allPages = total(extract.pages);
  const pdfPages = total(pdfOnly.pages);
  const rows: [string, number, number, number][] = [
    ['extraction (all files)', files.length, allPages, extract.seconds],
    ['whole pipeline (all files)', files.length, total(pipeline.pages), pipeline.seconds],
    ['extraction (PDF only)', pdfs.length, pdfPages, pdfOnly.seconds],
  ];
  const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;
  if (hasPdftotext) rows.push(['pdftotext -layout (PDF only)', pdfs.length, pdfPages, await pdftotext(pdfs)]);
  process.stdout.write(`corpus: ${out} (${files.length} files: ${pdfs.length} PDF, ${files.length - pdfs.length} DOCX); ${workers} workers; ${os.cpus()[0]?.model ?? 'cpu'}\n`);
  process.stdout.write('| run | files | pages | seconds | pages/s |\n|---|---:|---:|---:|---:|\n');
  for (const [name, n, pages, s] of rows) process.stdout.write(`| ${name} | ${n} | ${pages} | ${s.toFixed(1)} | ${(pages / s).toFixed(1)} |\n`);
  if (!hasPdftotext) process.stdout.write('pdftotext not found: apt-get install -y poppler-utils for the reference figure\n');
}

main().catch((err) => {
  process.stderr.write(`bench-ingest: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
