/**
 * How ingest reads the structure of real report openings (../shared/eval/real-openings.jsonl,
 * no labels): each opening is laid out by LibreOffice as PDF and as DOCX, run through extraction,
 * and, with the plain text itself as a baseline, for each the contents entries found, the sections found and whether an introduction was
 * found are printed, with totals. An opening whose text shows an introduction heading counts
 * towards the bar "every introduction found".
 * Usage: npm run eval:structure [-- --verbose]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../lib/paths';
import { extractDocument } from '../ingest/pipeline';
import { convertFiles, hasSoffice } from './fixtures/office';

const file = path.resolve(projectRoot(), '../shared/eval/real-openings.jsonl');
const verbose = process.argv.includes('--verbose');

/** An introduction heading as a reader would see it in the text: a short line naming one. */
const INTRODUCTION_LINE = /^\s*(?:(?:\d+(?:\.\d+)*\.?|[A-Z]\.|chapter \d+|section (?:\d+|one)[:\s–-]*)\s*)?(?:introduction|background to the report|circumstances (?:that led|leading) to)\b/i;
/** A contents line names the heading but is not it: it ends with a page number or leaders. */
const CONTENTS_LINE = /(?:\.{3,}|…|\s)\s*(?:page\s+)?\d{1,3}\s*$/i;

const showsIntroduction = (text: string) => text.split('\n').some((l) => INTRODUCTION_LINE.test(l) && !CONTENTS_LINE.test(l) && l.length < 200);

async function main() {
  if (!fs.existsSync(file)) {
    console.log(`real openings not found at ${file}; nothing to measure.`);
    return;
  }
  if (!hasSoffice()) {
    console.log('LibreOffice (soffice) is not installed: the openings cannot be laid out.');
    return;
  }
  const openings: { source: string; text: string }[] = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
  // Laid-out copies are kept between runs, keyed by content, outside the repository.
  const dir = path.join(os.tmpdir(), 'scr-eval-structure');
  fs.mkdirSync(dir, { recursive: true });
  const names = openings.map((o) => crypto.createHash('sha256').update(o.text).digest('hex').slice(0, 16));
  const sources = names.map((n, i) => {
    const src = path.join(dir, `${n}.txt`);
    if (!fs.existsSync(src)) fs.writeFileSync(src, openings[i].text);
    return src;
  });
  for (const [ext, filter] of [['pdf', 'pdf'], ['docx', 'docx:MS Word 2007 XML']] as const) {
    const missing = sources.filter((s) => !fs.existsSync(s.replace(/\.txt$/, `.${ext}`)));
    if (missing.length) convertFiles(missing, filter, dir);
  }

  const totals = { txt: { shown: 0, found: 0, sectioned: 0 }, pdf: { shown: 0, found: 0, sectioned: 0 }, docx: { shown: 0, found: 0, sectioned: 0 } };
  for (const [i, opening] of openings.entries()) {
    const shown = showsIntroduction(opening.text);
    console.log(`\n#${i} ${opening.source.slice(0, 90)}${shown ? '' : '  (no introduction heading in the text)'}`);
    for (const ext of ['txt', 'pdf', 'docx'] as const) {
      let doc: Awaited<ReturnType<typeof extractDocument>>;
      try {
        doc = await extractDocument(fs.readFileSync(path.join(dir, `${names[i]}.${ext}`)));
      } catch (err) {
        // An opening too short to publish is refused by the readable-text gate: it still counts.
        if (shown) totals[ext].shown++;
        console.log(`  ${ext.padEnd(4)} refused: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      const { sections } = doc.layout;
      const { contents } = doc;
      const intro = sections.some((s) => s.kind === 'introduction');
      const t = totals[ext];
      if (shown) t.shown++;
      if (shown && intro) t.found++;
      if (sections.length) t.sectioned++;
      console.log(
        `  ${ext.padEnd(4)} intro ${intro ? 'yes' : shown ? 'MISSED' : 'no '}  contents ${contents.length}  sections ${sections.map((s) => `${s.kind}@${s.page}`).join(' ')}`,
      );
      if (verbose) {
        for (const e of contents) console.log(`         toc: ${e.title} | ${e.page ?? '-'} | ${e.kind ?? '?'}`);
        for (const s of sections) console.log(`         sec: ${s.kind} "${s.title}" p${s.page}`);
      }
    }
  }
  console.log('');
  for (const [ext, t] of Object.entries(totals)) {
    console.log(`${ext}: introduction found in ${t.found} of ${t.shown} openings that show one; sections found in ${t.sectioned} of ${openings.length}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
