/**
 * Precision, recall and F1 per theme, with micro and macro averages, for the tagger against
 * the shared real dev set (when ../shared is present) and the in-repo labelled set at passage
 * level, then at review level on the fixture reports run through the real ingest pipeline.
 * Usage: npm run eval:tagger [-- --errors]   (--errors lists what each item gets wrong)
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/paths';
import { createTagger, evaluate, formatReport, loadTaxonomy, readLabelled } from '../taxonomy';
import { evaluateReviews, runReviews } from '../taxonomy/review-eval';

const root = projectRoot();
const sets = [
  { title: 'Dev set (../shared/eval/dev-passages.jsonl)', file: path.resolve(root, '../shared/eval/dev-passages.jsonl') },
  { title: 'In-repo set (fixtures/tagging/passages.jsonl)', file: path.join(root, 'fixtures/tagging/passages.jsonl') },
  { title: 'Hold-out set (fixtures/tagging/holdout.jsonl)', file: path.join(root, 'fixtures/tagging/holdout.jsonl') },
];
const showErrors = process.argv.includes('--errors');

async function main() {
  const taxonomy = loadTaxonomy();
  const tagger = createTagger(taxonomy);
  const ids = taxonomy.themes.map((t) => t.id);
  console.log(`taxonomy ${taxonomy.version}, ${ids.length} themes\n`);
  for (const { title, file } of sets) {
    if (!fs.existsSync(file)) {
      console.log(`${title}: not found at ${file}; skipped.\n`);
      continue;
    }
    const report = evaluate(tagger, readLabelled(file), ids);
    console.log(formatReport(title, report));
    if (showErrors) {
      for (const e of report.errors) console.log(`  ${e.id}: missed [${e.missed.join(', ')}] extra [${e.extra.join(', ')}]`);
    }
    console.log('');
  }

  const run = await runReviews(path.join(root, 'fixtures/reports'), taxonomy, tagger);
  const report = evaluateReviews(run, ids);
  console.log(formatReport('Review level (fixtures/reports through the ingest pipeline)', report, 'reviews'));
  for (const s of run.skipped) console.log(`  skipped ${s.file}: ${s.reason}`);
  if (showErrors) {
    for (const c of run.cases) {
      const expected = new Set(c.expected);
      const themes = c.themes.map((t) => `${expected.has(t.id) ? '' : '!'}${t.id} ${t.score.toFixed(2)}`);
      const missed = c.expected.filter((id) => !c.themes.some((t) => t.id === id));
      console.log(`  ${c.file}: ${themes.join(', ')}${missed.length ? `; missed ${missed.join(', ')}` : ''}`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
