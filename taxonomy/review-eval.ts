/**
 * Review-level evaluation: run the real ingest pipeline on report files that have an
 * `<name>.expected.json` beside them, and compare the review themes with its "themes".
 * Kept out of taxonomy/index.ts so that loading the tagger does not load the extractors.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ReviewTheme } from '../model';
import { processFile } from '../ingest/pipeline';
import { scoreDecisions, type EvaluationReport } from './evaluate';
import type { Taxonomy } from './load';
import type { Tagger } from './tagger';

export interface ReviewCase {
  file: string;
  expected: string[];
  themes: ReviewTheme[];
}

export interface ReviewRun {
  cases: ReviewCase[];
  /** Files with expected themes left out, with why: unreadable or needing OCR. */
  skipped: Array<{ file: string; reason: string }>;
}

const EXPECTED = '.expected.json';

/** The folders under fixtures/ holding report files with expectations (reports, realistic, ...). */
export function reviewFixtureDirs(root: string): string[] {
  const fixtures = path.join(root, 'fixtures');
  return fs
    .readdirSync(fixtures, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.readdirSync(path.join(fixtures, d.name)).some((n) => n.endsWith(EXPECTED)))
    .map((d) => path.join(fixtures, d.name))
    .sort();
}

/**
 * Every report in the given folders whose expectation lists "themes", through processFile with the
 * given tagger; files are named by folder and name (reports/child-a-2012.pdf).
 */
export async function runReviews(dirs: string | string[], taxonomy: Taxonomy, tagger: Tagger): Promise<ReviewRun> {
  const run: ReviewRun = { cases: [], skipped: [] };
  for (const dir of [dirs].flat()) await runDir(dir, taxonomy, tagger, run);
  return run;
}

async function runDir(dir: string, taxonomy: Taxonomy, tagger: Tagger, run: ReviewRun): Promise<void> {
  const names = fs.readdirSync(dir).filter((n) => !n.endsWith(EXPECTED) && !n.startsWith('.')).sort();
  const label = (name: string) => `${path.basename(dir)}/${name}`;
  for (const name of names) {
    const expectedFile = path.join(dir, name.replace(/\.[^.]+$/, '') + EXPECTED);
    if (!fs.existsSync(expectedFile)) continue;
    const expected = (JSON.parse(fs.readFileSync(expectedFile, 'utf8')) as { themes?: unknown }).themes;
    // Expectations of other kinds (extraction only) carry no themes: not a review-level case.
    if (!Array.isArray(expected)) continue;
    try {
      const record = await processFile(fs.readFileSync(path.join(dir, name)), {
        fileName: name,
        tagger,
        taxonomyVersion: taxonomy.version,
      });
      if (record.statusReason === 'needs OCR') run.skipped.push({ file: label(name), reason: 'needs OCR' });
      else run.cases.push({ file: label(name), expected: expected as string[], themes: record.themes });
    } catch (err) {
      run.skipped.push({ file: label(name), reason: (err as Error).message.split('\n')[0] });
    }
  }
}

/** Precision, recall and F1 of review themes against the expected themes, per theme and averaged. */
export function evaluateReviews(run: ReviewRun, themeIds: string[]): EvaluationReport {
  return scoreDecisions(
    run.cases.map((c) => ({ id: c.file, gold: c.expected, predicted: c.themes.map((t) => t.id) })),
    themeIds,
  );
}
