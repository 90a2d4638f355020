/**
 * How well the tagger does against labelled text: every labelled file in ../shared/eval (real
 * report text, read at run time and never copied here) and in fixtures/tagging, per file, per
 * blind and tuned part, per kind (passage / summary) and per theme, with the worst errors and the
 * reliability of the scores; then review-level themes on every fixture folder with expectations.
 * Usage: npm run eval:tagger [-- --errors] [-- --text]
 *   --errors  every item it gets wrong, and each review's themes
 *   --text    with the worst errors, print the passage text (to the terminal only)
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/paths';
import { createTagger, formatReport, loadTaxonomy, readLabelled } from '../taxonomy';
import {
  decide,
  falseAlarms,
  isBlind,
  isLabelledFile,
  reliability,
  scoreDecisions,
  type Decision,
  type LabelledPassage,
} from '../taxonomy/evaluate';
import { evaluateReviews, reviewFixtureDirs, runReviews } from '../taxonomy/review-eval';

const root = projectRoot();
const sharedDir = path.resolve(root, '../shared/eval');
const showErrors = process.argv.includes('--errors');
const showText = process.argv.includes('--text');
const WORST = 12;

const jsonl = (dir: string) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((n) => n.endsWith('.jsonl'))
        .sort()
        .map((n) => path.join(dir, n))
    : [];

const pct = (x: number) => x.toFixed(3);

function summaryLine(label: string, decisions: Decision[], ids: string[]): string {
  if (!decisions.length) return `  ${label.padEnd(22)} (none)`;
  const r = scoreDecisions(decisions, ids);
  const fa = falseAlarms(decisions);
  const low = r.perTheme.filter((t) => t.support >= 5 && t.f1 < 0.65).map((t) => `${t.theme} ${pct(t.f1)}`);
  return [
    `  ${label.padEnd(22)} n=${String(decisions.length).padEnd(4)}`,
    `micro P ${pct(r.micro.precision)} R ${pct(r.micro.recall)} F1 ${pct(r.micro.f1)}`,
    `macro F1 ${pct(r.macro.f1)} (${r.macro.themes} themes)`,
    `false alarms ${fa.alarmed}/${fa.themeless}`,
    low.length ? `below 0.65 with 5+: ${low.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('  ');
}

/** False positives by score, then misses: id and theme (and the text only when asked, never stored). */
function worstErrors(items: LabelledPassage[], decisions: Decision[]): string[] {
  const text = new Map(items.map((i) => [i.id, i.text]));
  const fps = decisions
    .flatMap((d) => d.predicted.filter((t) => !d.gold.includes(t)).map((t) => ({ id: d.id, theme: t, score: d.scores?.[t] ?? 0 })))
    .sort((a, b) => b.score - a.score)
    .slice(0, WORST);
  const fns = decisions.flatMap((d) => d.gold.filter((t) => !d.predicted.includes(t)).map((t) => ({ id: d.id, theme: t }))).slice(0, WORST);
  const withText = (id: string) => (showText ? `\n        ${text.get(id)}` : '');
  return [
    `  worst false positives (${fps.length} shown):`,
    ...fps.map((e) => `    ${e.id}  +${e.theme} ${e.score.toFixed(2)}${withText(e.id)}`),
    `  misses (${fns.length} shown):`,
    ...fns.map((e) => `    ${e.id}  -${e.theme}${withText(e.id)}`),
  ];
}

function reliabilityTable(title: string, decisions: Decision[]): string[] {
  return [
    `${title}: score band, tags, observed precision`,
    ...reliability(decisions).map((b) => `  ${b.from.toFixed(1)}-${b.to.toFixed(1)}  ${String(b.tags).padStart(5)}  ${b.tags ? pct(b.right / b.tags) : '  -  '}`),
  ];
}

async function main() {
  const taxonomy = loadTaxonomy();
  const tagger = createTagger(taxonomy);
  const ids = taxonomy.themes.map((t) => t.id);
  console.log(`taxonomy ${taxonomy.version}, ${ids.length} themes\n`);

  const shared = jsonl(sharedDir);
  if (!shared.length) console.log(`No labelled real text: ${sharedDir} is absent; the in-repo sets only.\n`);
  const files = [...shared, ...jsonl(path.join(root, 'fixtures/tagging'))];
  const realBlind: Decision[] = [];
  const realTuned: Decision[] = [];
  for (const file of files) {
    const name = path.relative(root, file);
    if (!isLabelledFile(file)) {
      console.log(`${name}: no "themes" labels; skipped.\n`);
      continue;
    }
    const items = readLabelled(file);
    const decisions = decide(tagger, items);
    const byId = new Map(items.map((i) => [i.id, i]));
    const blind = decisions.filter((d) => isBlind(byId.get(d.id)!));
    const tuned = decisions.filter((d) => !isBlind(byId.get(d.id)!));
    if (file.startsWith(sharedDir)) {
      realBlind.push(...blind);
      realTuned.push(...tuned);
    }
    console.log(formatReport(name, scoreDecisions(decisions, ids)));
    console.log(summaryLine('all', decisions, ids));
    if (blind.length) {
      console.log(summaryLine('blind (by source)', blind, ids));
      console.log(summaryLine('tuned', tuned, ids));
    }
    const kinds = [...new Set(items.map((i) => i.kind ?? 'passage'))];
    if (kinds.length > 1) {
      for (const kind of kinds) console.log(summaryLine(`kind ${kind}`, decisions.filter((d) => (byId.get(d.id)!.kind ?? 'passage') === kind), ids));
    }
    console.log(worstErrors(items, decisions).join('\n'));
    if (showErrors) {
      for (const e of scoreDecisions(decisions, ids).errors) {
        console.log(`  ${isBlind(byId.get(e.id)!) ? 'blind' : 'tuned'} ${e.id}: missed [${e.missed.join(', ')}] extra [${e.extra.join(', ')}]`);
      }
    }
    console.log('');
  }

  if (realBlind.length || realTuned.length) {
    console.log('Real text in ../shared/eval, pooled');
    console.log(summaryLine('blind (by source)', realBlind, ids));
    console.log(summaryLine('tuned', realTuned, ids));
    console.log(formatReport('Blind real text, per theme', scoreDecisions(realBlind, ids)));
    console.log(reliabilityTable('Reliability, all real text', [...realBlind, ...realTuned]).join('\n'));
    console.log(reliabilityTable('Reliability, blind real text', realBlind).join('\n'));
    console.log('');
  }

  const run = await runReviews(reviewFixtureDirs(root), taxonomy, tagger);
  const report = evaluateReviews(run, ids);
  console.log(formatReport('Review level (fixtures/*/ with expected themes, through the ingest pipeline)', report, 'reviews'));
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
