/**
 * The identifier scan against its previous version, side by side in one run: both scan the same
 * passages (the fixtures, the generated benchmark corpus when present, and the real passages of
 * ../shared/eval when present), in alternating rounds, and must raise the same flags. The
 * previous version is ingest/identifiers.ts as git holds it at --before, loaded from a temporary
 * copy: by default 8af3ea5, the scan that asked compromise about every sentence with a capitalised
 * run near a family role.
 * Usage: npm run bench:identifiers -- [--before REV] [--rounds 5] [--corpus DIR]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../lib/paths';
import { extractDocument } from '../ingest/pipeline';
import { scanIdentifiers } from '../ingest/identifiers';

type Scan = typeof scanIdentifiers;
type Located = Parameters<Scan>[0][number];

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const root = projectRoot();
const rounds = Number(option('rounds', '5'));
const corpusDir = path.resolve(option('corpus', path.join(os.tmpdir(), 'scr-bench-corpus-100')));
// Pages do not matter here: Word files are not laid out by LibreOffice.
process.env.SCR_SOFFICE ??= 'none';

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
}

/** The scan as it was at a revision, from a copy outside the repository that finds compromise where the repository has it. */
function previousScan(rev: string): Scan {
  const source = git('show', `${rev}:ingest/identifiers.ts`).replace(/require\('compromise'\)/g, `require(${JSON.stringify(require.resolve('compromise'))})`);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scr-bench-ids-')), 'identifiers.ts');
  fs.writeFileSync(file, source);
  return (require(file) as { scanIdentifiers: Scan }).scanIdentifiers;
}

function filesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesIn(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

async function passageSets(): Promise<{ name: string; texts: Located[][] }[]> {
  const documents = async (files: string[]) => {
    const out: Located[][] = [];
    for (const f of files.filter((x) => /\.(pdf|docx|doc|txt)$/i.test(x))) {
      try {
        out.push((await extractDocument(fs.readFileSync(f))).layout.passages);
      } catch {
        // A file the gate refuses has no passages to scan.
      }
    }
    return out;
  };
  const sets = [
    { name: 'fixture reports', texts: await documents(filesIn(path.join(root, 'fixtures', 'reports')).concat(filesIn(path.join(root, 'fixtures', 'realistic')))) },
    { name: `generated corpus (${corpusDir})`, texts: await documents(filesIn(corpusDir)) },
  ];
  const evalDir = path.resolve(root, '../shared/eval');
  const real = filesIn(evalDir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => fs.readFileSync(f, 'utf8').trim().split('\n'))
    .map((line) => [{ text: (JSON.parse(line) as { text: string }).text, page: 1, offset: 0 }]);
  sets.push({ name: `real passages (${evalDir})`, texts: real });
  return sets.filter((s) => s.texts.length);
}

function cpuMs(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const before = option('before', '8af3ea5');
  const previous = previousScan(before);
  const sets = await passageSets();
  process.stdout.write(`identifier scan, previous version (${before}) and current, ${rounds} alternating rounds after a warm-up; CPU ms per round (median)\n\n`);
  process.stdout.write('| passages | texts | previous ms | current ms | previous / current | same flags |\n|---|---:|---:|---:|---:|---|\n');
  for (const { name, texts } of sets) {
    const scanAll = (scan: Scan) => texts.map((t) => scan(t));
    // Also the warm-up: each version runs once before it is timed.
    const same = JSON.stringify(scanAll(previous)) === JSON.stringify(scanAll(scanIdentifiers));
    const times: { previous: number[]; current: number[] } = { previous: [], current: [] };
    for (let r = 0; r < rounds; r++) {
      times.previous.push(cpuMs(() => scanAll(previous)));
      times.current.push(cpuMs(() => scanAll(scanIdentifiers)));
    }
    const [p, c] = [median(times.previous), median(times.current)];
    const flags = texts.reduce((n, t) => n + scanIdentifiers(t).length, 0);
    process.stdout.write(`| ${name} | ${texts.length} | ${p.toFixed(0)} | ${c.toFixed(0)} | ${(p / c).toFixed(2)}x | ${same ? 'yes' : 'NO'} (${flags} flags) |\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench-identifiers: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
