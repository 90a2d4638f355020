import type { ReviewRecord, ReviewTheme, ThemeOrigin } from '../model';
import { formatAgreement, themeAgreement } from './theme-agreement';

/** A constructed set of editors' decisions, each kind and each state of the tagger represented, with the figures worked out by hand. */

const taxonomy = {
  version: '9.9.9',
  themes: [
    { id: 'neglect', label: 'Neglect' },
    { id: 'hidden-men', label: 'Hidden men' },
    { id: 'domestic-abuse', label: 'Domestic abuse' },
    { id: 'thresholds', label: 'Thresholds' },
  ],
};

const theme = (id: string, origin: ThemeOrigin, machine?: boolean): ReviewTheme => ({
  id,
  score: 0.7,
  passages: [],
  evidence: [],
  ...(origin === 'machine' ? {} : { origin, decidedBy: 'ed', decidedAt: '2026-01-01T00:00:00.000Z' }),
  ...(machine === undefined ? {} : { machine }),
});

const review = (id: string, themes: ReviewTheme[], removed: ReviewTheme[] = []) =>
  ({ id, metadata: { title: id }, themes, ...(removed.length ? { removedThemes: removed } : {}) }) as unknown as ReviewRecord;

const records = [
  // neglect: confirmed twice (tp 2), removed once (fp 1), added once (fn 1).
  review('r1', [theme('neglect', 'confirmed', true), theme('hidden-men', 'added', false), theme('thresholds', 'machine')]),
  review('r2', [theme('neglect', 'confirmed', true), theme('domestic-abuse', 'confirmed', false)], [theme('hidden-men', 'removed', true)]),
  review('r3', [theme('neglect', 'added', false)], [theme('domestic-abuse', 'removed', false)]),
  review('r4', [], [theme('neglect', 'removed', true)]),
  // No decision: says nothing about the tagger.
  review('r5', [theme('neglect', 'machine'), theme('hidden-men', 'machine')]),
  // Added, and the tagger (re-run since) now proposes it too: right.
  review('r6', [theme('hidden-men', 'added', true)]),
];

describe('themeAgreement', () => {
  const report = themeAgreement(records, taxonomy);

  it('counts confirmed as right, removed as false positives and added as misses, per theme in taxonomy order', () => {
    expect(report).toMatchObject({ taxonomy_version: '9.9.9', reviews: 5, decisions: 9 });
    expect(report.themes.map((t) => [t.theme, t.tp, t.fp, t.fn, t.precision, t.recall])).toEqual([
      ['neglect', 2, 1, 1, 0.667, 0.667],
      ['hidden-men', 1, 1, 1, 0.5, 0.5],
      // Confirmed but no longer proposed: a miss; removed and no longer proposed: the tagger is now right, nothing counted.
      ['domestic-abuse', 0, 0, 1, null, 0],
    ]);
    expect(report.micro).toEqual({ tp: 3, fp: 2, fn: 3, precision: 0.6, recall: 0.5, f1: 0.545 });
  });

  it('prints a table with the micro figures', () => {
    const lines = formatAgreement(report).trim().split('\n');
    expect(lines[0]).toMatch(/9 decisions on 5 reviews, taxonomy 9\.9\.9/);
    expect(lines.find((l) => l.startsWith('neglect'))!.split(/\s+/)).toEqual(['neglect', '2', '1', '1', '0.67', '0.67', '0.67']);
    expect(lines.find((l) => l.startsWith('domestic-abuse'))!.split(/\s+/)).toEqual(['domestic-abuse', '0', '0', '1', '-', '0.00', '0.00']);
    expect(lines[lines.length - 1].split(/\s+/)).toEqual(['micro', '3', '2', '3', '0.60', '0.50', '0.55']);
  });

  it('says plainly when there is nothing to measure', () => {
    expect(formatAgreement(themeAgreement([records[4]], taxonomy))).toMatch(/No editor has decided a theme yet/);
  });
});
