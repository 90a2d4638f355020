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
  /** Files left out, with why: unreadable, needing OCR, or without expected themes. */
  skipped: Array<{ file: string; reason: string }>;
}

const EXPECTED = '.expected.json';

/** Every report in dir with an expectation, through processFile with the given tagger. */
export async function runReviews(dir: string, taxonomy: Taxonomy, tagger: Tagger): Promise<ReviewRun> {
  const run: ReviewRun = { cases: [], skipped: [] };
  const names = fs.readdirSync(dir).filter((n) => !n.endsWith(EXPECTED) && !n.startsWith('.')).sort();
  for (const name of names) {
    const expectedFile = path.join(dir, name.replace(/\.[^.]+$/, '') + EXPECTED);
    if (!fs.existsSync(expectedFile)) continue;
    const expected = (JSON.parse(fs.readFileSync(expectedFile, 'utf8')) as { themes?: unknown }).themes;
    if (!Array.isArray(expected)) {
      run.skipped.push({ file: name, reason: 'no "themes" in its expectation' });
      continue;
    }
    try {
      const record = await processFile(fs.readFileSync(path.join(dir, name)), {
        fileName: name,
        tagger,
        taxonomyVersion: taxonomy.version,
      });
      if (record.statusReason === 'needs OCR') run.skipped.push({ file: name, reason: 'needs OCR' });
      else run.cases.push({ file: name, expected: expected as string[], themes: record.themes });
    } catch (err) {
      run.skipped.push({ file: name, reason: (err as Error).message.split('\n')[0] });
    }
  }
  return run;
}

/** Precision, recall and F1 of review themes against the expected themes, per theme and averaged. */
export function evaluateReviews(run: ReviewRun, themeIds: string[]): EvaluationReport {
  return scoreDecisions(
    run.cases.map((c) => ({ id: c.file, gold: c.expected, predicted: c.themes.map((t) => t.id) })),
    themeIds,
  );
}
