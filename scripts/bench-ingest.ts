/**
 * Ingest speed on a generated corpus, outside the repository, side by side in one run: raw
 * pdf-parse and raw pdftotext on the PDFs as the references, and the product's extraction and
 * whole pipeline (metadata, identifier scan and theme tagging too) on the pdf.js path and on the
 * poppler path, each spread over one worker per core. The PDF runs go round in turn --rounds
 * times, so that a change in the machine's load falls on all of them alike; each figure is the
 * median of its rounds, each ratio the median of the ratios within a round.
 * Usage: npm run bench:ingest -- [--count 200] [--workers 2] [--rounds 3] [--out /tmp/scr-bench-corpus-200]
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
const rounds = Math.max(1, Number(option('rounds', '3')));
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

/** Clock ticks per second of /proc's CPU times. */
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/**
 * CPU seconds of this process's child processes that have ended (pdftotext), from /proc (cutime and
 * cstime); 0 where there is no /proc. A worker's threadCpuUsage leaves them out.
 */
function childCpuSeconds(): number {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

interface Run {
  pages: Record<string, number>;
  seconds: number;
  /** CPU the workers spent reading, start-up excluded, with that of the programs they ran (pdftotext). */
  cpuSeconds: number;
  /** Wall-clock time of the slowest worker, start-up excluded. */
  busySeconds: number;
}

/** Deal files round-robin to the workers so each gets a like mix; `reader` picks the PDF path. */
async function runWorkers(files: string[], mode: BenchMode, reader: 'pdfjs' | 'poppler'): Promise<Run> {
  const shards = Array.from({ length: workers }, (_, w) => files.filter((_, i) => i % workers === w));
  const started = performance.now();
  const children = childCpuSeconds();
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
    cpuSeconds: results.reduce((n, r) => n + r.cpuMs, 0) / 1000 + childCpuSeconds() - children,
    busySeconds: Math.max(...results.map((r) => r.ms)) / 1000,
  };
}

async function pdftotext(pdfs: string[]): Promise<{ seconds: number; cpuSeconds: number }> {
  const started = performance.now();
  const children = childCpuSeconds();
  const queue = [...pdfs];
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let f = queue.shift(); f; f = queue.shift()) await execFileAsync('pdftotext', ['-layout', f, '-']);
    }),
  );
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: childCpuSeconds() - children };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** The median run of several: the median busy and CPU time, each taken on its own. */
function medianRun(runs: Run[]): Run {
  return {
    pages: runs[0].pages,
    seconds: median(runs.map((r) => r.seconds)),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    busySeconds: median(runs.map((r) => r.busySeconds)),
  };
}

async function main() {
  const files = ensureCorpus();
  const pdfs = files.filter((f) => f.endsWith('.pdf'));
  const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;
  const total = (run: Run) => Object.values(run.pages).reduce((n, p) => n + p, 0);
  // pages/s over the time the workers were reading (start-up excluded), and per core of CPU used.
  const rate = (run: Run) => total(run) / run.busySeconds;
  const perCore = (run: Run) => total(run) / run.cpuSeconds;

  const modes: { name: string; mode: BenchMode; reader: 'pdfjs' | 'poppler' }[] = [
    { name: 'pdf-parse getText (PDF, raw)', mode: 'pdf-parse', reader: 'pdfjs' },
    { name: 'extraction, pdf.js path (PDF)', mode: 'extract', reader: 'pdfjs' },
    { name: 'whole pipeline, pdf.js path (PDF)', mode: 'pipeline', reader: 'pdfjs' },
    ...(hasPdftotext
      ? [
          { name: 'extraction, poppler path (PDF)', mode: 'extract' as const, reader: 'poppler' as const },
          { name: 'whole pipeline, poppler path (PDF)', mode: 'pipeline' as const, reader: 'poppler' as const },
        ]
      : []),
  ];
  const runs = modes.map(() => [] as Run[]);
  const pdftotextSeconds: number[] = [];
  const pdftotextCpu: number[] = [];
  const pdfJsShare: number[] = [];
  const popplerTimes: number[] = [];
  const popplerCpu: number[] = [];
  for (let round = 0; round < rounds; round++) {
    process.stderr.write(`round ${round + 1} of ${rounds}\n`);
    for (const [i, m] of modes.entries()) runs[i].push(await runWorkers(pdfs, m.mode, m.reader));
    const [pdfParse, , pipelinePdfJs] = runs.map((r) => r[round]);
    pdfJsShare.push(perCore(pipelinePdfJs) / perCore(pdfParse));
    if (hasPdftotext) {
      const reference = await pdftotext(pdfs);
      pdftotextSeconds.push(reference.seconds);
      pdftotextCpu.push(reference.cpuSeconds);
      popplerTimes.push(runs[4][round].busySeconds / reference.seconds);
      popplerCpu.push(runs[4][round].cpuSeconds / reference.cpuSeconds);
    }
  }
  const rows = modes.map((m, i) => ({ name: m.name, files: pdfs.length, run: medianRun(runs[i]) }));
  rows.push({ name: 'whole pipeline (all files)', files: files.length, run: await runWorkers(files, 'pipeline', hasPdftotext ? 'poppler' : 'pdfjs') });

  process.stdout.write(
    `corpus: ${out} (${files.length} files: ${pdfs.length} PDF, ${files.length - pdfs.length} DOCX); ${workers} workers; ${rounds} rounds; ${os.cpus()[0]?.model ?? 'cpu'}; Node ${process.version}; load average ${os.loadavg()[0].toFixed(1)}\n`,
  );
  process.stdout.write('| run | files | pages | busy s | CPU s | pages/s | pages/s per core | cores used |\n|---|---:|---:|---:|---:|---:|---:|---:|\n');
  for (const { name, files: n, run } of rows) {
    process.stdout.write(
      `| ${name} | ${n} | ${total(run)} | ${run.busySeconds.toFixed(1)} | ${run.cpuSeconds.toFixed(1)} | ${rate(run).toFixed(1)} | ${perCore(run).toFixed(1)} | ${(run.cpuSeconds / run.busySeconds).toFixed(2)} |\n`,
    );
  }
  const range = (xs: number[], f: (x: number) => string) => `median ${f(median(xs))}, rounds ${xs.map(f).join(' / ')}`;
  if (hasPdftotext) {
    const seconds = median(pdftotextSeconds);
    const cpu = median(pdftotextCpu);
    const pages = total(rows[0].run);
    process.stdout.write(
      `| pdftotext -layout (PDF, raw; ${workers} processes) | ${pdfs.length} | ${pages} | ${seconds.toFixed(1)} | ${cpu.toFixed(1)} | ${(pages / seconds).toFixed(1)} | ${(pages / cpu).toFixed(1)} | ${(cpu / seconds).toFixed(2)} |\n`,
    );
    process.stdout.write(`\nwhole pipeline, poppler path: ${range(popplerTimes, (x) => `${x.toFixed(2)}x`)} the time of raw pdftotext (target <= 2x)\n`);
    // Wall-clock time on a loaded machine is what the scheduler gives each side; CPU is not.
    process.stdout.write(`whole pipeline, poppler path: ${range(popplerCpu, (x) => `${x.toFixed(2)}x`)} the CPU of raw pdftotext (pdftotext's own CPU included on both sides)\n`);
  } else {
    process.stdout.write('\npdftotext not found: apt-get install -y poppler-utils for the poppler path and its reference figure\n');
  }
  process.stdout.write(`whole pipeline, pdf.js path: ${range(pdfJsShare, (x) => `${(100 * x).toFixed(0)}%`)} of raw pdf-parse's pages/s per core (target >= 60%)\n`);
}

main().catch((err) => {
  process.stderr.write(`bench-ingest: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
