import path from 'node:path';
import { projectRoot } from '../lib/paths';
import { loadTaxonomy } from './load';
import { evaluateReviews, reviewFixtureDirs, runReviews, type ReviewRun } from './review-eval';
import { createTagger } from './tagger';

// A little under what review-level tagging measures on the fixture reports (docs/tagging.md:
// micro-F1 0.93), leaving room for section detection to move, so a change that makes review
// themes worse fails the build.
const FLOOR = { microF1: 0.88 };

const taxonomy = loadTaxonomy();
const ids = taxonomy.themes.map((t) => t.id);
let run: ReviewRun;

beforeAll(async () => {
  run = await runReviews(reviewFixtureDirs(projectRoot()), taxonomy, createTagger(taxonomy));
});

describe('review-level themes on the fixture reports (every fixtures/*/ folder with expected themes)', () => {
  it('evaluates the reports that the pipeline can read', () => {
    expect(reviewFixtureDirs(projectRoot())).toContain(path.join(projectRoot(), 'fixtures/reports'));
    expect(run.cases.length).toBeGreaterThanOrEqual(15);
    expect(run.skipped.filter((s) => s.reason !== 'needs OCR')).toEqual([]);
  });

  it(`keeps micro-F1 >= ${FLOOR.microF1}`, () => {
    const report = evaluateReviews(run, ids);
    expect(report.micro.f1).toBeGreaterThanOrEqual(FLOOR.microF1);
  });

  it('scores a review with no expected themes as all false positives', () => {
    const report = evaluateReviews(
      { cases: [{ file: 'x', expected: [], themes: [{ id: 'neglect', score: 0.6, passages: [], evidence: [] }] }], skipped: [] },
      ids,
    );
    expect(report.micro.precision).toBe(0);
    expect(report.perTheme.find((t) => t.theme === 'neglect')!.fp).toBe(1);
  });
});
