/**
 * Ingest speed on a generated corpus, outside the repository, side by side in one run: raw
 * pdf-parse and raw pdftotext on the PDFs as the references, and the product's extraction and
 * whole pipeline (metadata, identifier scan and theme tagging too) on the pdf.js path and on the
 * poppler path, each spread over one worker per core.
 * Usage: npm run bench:ingest -- [--count 200] [--workers 2] [--out /tmp/scr-bench-corpus-200]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../lib/paths';
import type { BenchMode } from './bench-ingest-worker';

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

interface Run {
  pages: Record<string, number>;
  seconds: number;
  /** CPU the workers spent reading, start-up excluded. */
  cpuSeconds: number;
  /** Wall-clock time of the slowest worker, start-up excluded. */
  busySeconds: number;
}

/** Deal files round-robin to the workers so each gets a like mix; `reader` picks the PDF path. */
async function runWorkers(files: string[], mode: BenchMode, reader: 'pdfjs' | 'poppler'): Promise<Run> {
  const shards = Array.from({ length: workers }, (_, w) => files.filter((_, i) => i % workers === w));
  const started = performance.now();
  const results = await Promise.all(
    shards.map(
      (shard) =>
        new Promise<{ pages: Record<string, number>; ms: number; cpuMs: number }>((resolve, reject) => {
          // The worker is TypeScript: register tsx's require hook in it first.
          const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(path.join(__dirname, 'bench-ingest-worker.ts'))});`, {
            eval: true,
            workerData: { files: shard, mode },
            env: { ...process.env, SCR_PDF_READER: reader === 'pdfjs' ? 'pdfjs' : '' },
          });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  return {
    pages: Object.assign({}, ...results.map((r) => r.pages)) as Record<string, number>,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: results.reduce((n, r) => n + r.cpuMs, 0) / 1000,
    busySeconds: Math.max(...results.map((r) => r.ms)) / 1000,
  };
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
  const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;
  const total = (run: Run) => Object.values(run.pages).reduce((n, p) => n + p, 0);
  // pages/s over the time the workers were reading (start-up excluded), and per core of CPU used.
  const rate = (run: Run) => total(run) / run.busySeconds;
  const perCore = (run: Run) => total(run) / run.cpuSeconds;

  const rows: { name: string; files: number; run: Run }[] = [];
  const add = async (name: string, list: string[], mode: BenchMode, reader: 'pdfjs' | 'poppler') => {
    const run = await runWorkers(list, mode, reader);
    rows.push({ name, files: list.length, run });
    return run;
  };
  const pdfParse = await add('pdf-parse getText (PDF, raw)', pdfs, 'pdf-parse', 'pdfjs');
  await add('extraction, pdf.js path (PDF)', pdfs, 'extract', 'pdfjs');
  const pipelinePdfJs = await add('whole pipeline, pdf.js path (PDF)', pdfs, 'pipeline', 'pdfjs');
  let pipelinePoppler: Run | undefined;
  if (hasPdftotext) {
    await add('extraction, poppler path (PDF)', pdfs, 'extract', 'poppler');
    pipelinePoppler = await add('whole pipeline, poppler path (PDF)', pdfs, 'pipeline', 'poppler');
  }
  await add('whole pipeline (all files)', files, 'pipeline', hasPdftotext ? 'poppler' : 'pdfjs');

  process.stdout.write(`corpus: ${out} (${files.length} files: ${pdfs.length} PDF, ${files.length - pdfs.length} DOCX); ${workers} workers; ${os.cpus()[0]?.model ?? 'cpu'}; Node ${process.version}\n`);
  process.stdout.write('| run | files | pages | busy s | CPU s | pages/s | pages/s per core | cores used |\n|---|---:|---:|---:|---:|---:|---:|---:|\n');
  for (const { name, files: n, run } of rows) {
    process.stdout.write(
      `| ${name} | ${n} | ${total(run)} | ${run.busySeconds.toFixed(1)} | ${run.cpuSeconds.toFixed(1)} | ${rate(run).toFixed(1)} | ${perCore(run).toFixed(1)} | ${(run.cpuSeconds / run.busySeconds).toFixed(2)} |\n`,
    );
  }
  if (hasPdftotext) {
    const seconds = await pdftotext(pdfs);
    const pages = total(pdfParse);
    process.stdout.write(`| pdftotext -layout (PDF, raw; ${workers} processes) | ${pdfs.length} | ${pages} | ${seconds.toFixed(1)} | | ${(pages / seconds).toFixed(1)} | | |\n`);
    process.stdout.write(`\nwhole pipeline, poppler path: ${((pages / seconds) / rate(pipelinePoppler!)).toFixed(2)}x the time of raw pdftotext (target <= 2x)\n`);
  } else {
    process.stdout.write('\npdftotext not found: apt-get install -y poppler-utils for the poppler path and its reference figure\n');
  }
  process.stdout.write(`whole pipeline, pdf.js path: ${((100 * perCore(pipelinePdfJs)) / perCore(pdfParse)).toFixed(0)}% of raw pdf-parse's pages/s per core (target >= 60%)\n`);
}

main().catch((err) => {
  process.stderr.write(`bench-ingest: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
