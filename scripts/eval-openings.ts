/**
 * Runs the record reader on every real report opening in ../shared/eval/real-openings.jsonl and
 * prints the fields found with the line each came from, to read against the text. With
 * `--labels file.json` ({"<line index>": {field: value}}), also prints per-field accuracy.
 *
 *   npm run eval:openings [-- --labels /tmp/labels.json] [-- --only 3,7]
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/paths';
import { inferMetadata } from '../ingest/metadata';

const FIELDS = ['title', 'area', 'nation', 'region', 'year', 'reviewType', 'documentKind', 'ageBand', 'gender', 'outcome'] as const;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const file = path.resolve(projectRoot(), '../shared/eval/real-openings.jsonl');
if (!fs.existsSync(file)) {
  process.stderr.write(`eval-openings: ${file} is absent; nothing to evaluate.\n`);
  process.exit(0);
}
const openings = fs
  .readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { source: string; text: string });
const labels: Record<string, Record<string, unknown>> = arg('--labels') ? JSON.parse(fs.readFileSync(arg('--labels')!, 'utf8')) : {};
const only = arg('--only')?.split(',').map(Number);
const quiet = process.argv.includes('--quiet');

const score: Record<string, { right: number; total: number }> = {};
const same = (field: string, got: unknown, want: unknown) =>
  field === 'title' || field === 'area'
    ? String(got ?? '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().includes(String(want ?? '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim())
    : got === want;

openings.forEach(({ source, text }, i) => {
  if (only && !only.includes(i)) return;
  const meta = inferMetadata(text, text, `opening-${i}.pdf`);
  const label = labels[String(i)];
  if (!quiet) process.stdout.write(`\n#${i} ${source}\n`);
  for (const field of FIELDS) {
    const value = meta[field];
    const want = label?.[field];
    let mark = '';
    if (label && field in label) {
      const ok = same(field, value, want);
      score[field] ??= { right: 0, total: 0 };
      score[field].total++;
      if (ok) score[field].right++;
      mark = ok ? ' ✓' : ` ✗ (want ${JSON.stringify(want)})`;
    }
    if (!quiet || mark.startsWith(' ✗')) {
      const why = meta.evidence?.[field];
      process.stdout.write(`  ${quiet ? `#${i} ` : ''}${field}: ${JSON.stringify(value)}${mark}${why ? `\n      ← ${why}` : ''}\n`);
    }
  }
});

if (Object.keys(score).length) {
  process.stdout.write('\nfield accuracy on labelled openings\n');
  let right = 0;
  let total = 0;
  for (const [field, s] of Object.entries(score)) {
    right += s.right;
    total += s.total;
    process.stdout.write(`  ${field.padEnd(13)} ${s.right}/${s.total} (${((100 * s.right) / s.total).toFixed(0)}%)\n`);
  }
  process.stdout.write(`  ${'all'.padEnd(13)} ${right}/${total} (${((100 * right) / total).toFixed(0)}%)\n`);
}
