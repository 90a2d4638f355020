/**
 * Precision, recall and F1 per theme, with micro and macro averages, for the tagger against
 * the shared real dev set (when ../shared is present) and the in-repo labelled set.
 * Usage: npm run eval:tagger [-- --errors]   (--errors lists the ids of passages it gets wrong)
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/paths';
import { createTagger, evaluate, formatReport, loadTaxonomy, readLabelled } from '../taxonomy';

const root = projectRoot();
const sets = [
  { title: 'Dev set (../shared/eval/dev-passages.jsonl)', file: path.resolve(root, '../shared/eval/dev-passages.jsonl') },
  { title: 'In-repo set (fixtures/tagging/passages.jsonl)', file: path.join(root, 'fixtures/tagging/passages.jsonl') },
];
const showErrors = process.argv.includes('--errors');

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
