/**
 * How far the tagger agrees with editors' decisions: its precision and recall on real reports,
 * measured in use. Every theme an editor has decided is one judgement of the tagger as last run:
 * a theme the editor kept (confirmed, or added) that the tagger proposes is a true positive; one
 * the tagger does not propose is a false negative (the tagger missed it); a theme the editor
 * removed that the tagger proposes is a false positive. Themes no editor has looked at say nothing.
 */
import { editorConfirmed, machineProposes, type ReviewRecord, type ReviewTheme } from '../model';

export interface AgreementCounts {
  /** Decided themes the tagger got right: confirmed by an editor (or added and now proposed too). */
  tp: number;
  /** Themes the tagger proposes that an editor removed. */
  fp: number;
  /** Themes an editor added (or confirmed) that the tagger does not propose. */
  fn: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface ThemeAgreementRow extends AgreementCounts {
  theme: string;
  label: string;
}

export interface AgreementReport {
  taxonomy_version: string;
  /** Reviews with at least one theme decided by an editor. */
  reviews: number;
  decisions: number;
  /** Themes in taxonomy order, those with at least one decision. */
  themes: ThemeAgreementRow[];
  /** Over every decision, whatever its theme. */
  micro: AgreementCounts;
}

interface Labels {
  version: string;
  themes: readonly { id: string; label: string }[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const ratio = (a: number, b: number) => (b ? round(a / b) : null);

function figures(tp: number, fp: number, fn: number): AgreementCounts {
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = ratio(2 * tp, 2 * tp + fp + fn);
  return { tp, fp, fn, precision, recall, f1 };
}

export function themeAgreement(records: Iterable<ReviewRecord>, taxonomy: Labels): AgreementReport {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const count = (t: ReviewTheme, key: 'tp' | 'fp' | 'fn') => {
    const c = counts.get(t.id) ?? { tp: 0, fp: 0, fn: 0 };
    c[key]++;
    counts.set(t.id, c);
  };
  let reviews = 0;
  let decisions = 0;
  for (const record of records) {
    const kept = record.themes.filter(editorConfirmed);
    const removed = record.removedThemes ?? [];
    if (!kept.length && !removed.length) continue;
    reviews++;
    decisions += kept.length + removed.length;
    for (const t of kept) count(t, machineProposes(t) ? 'tp' : 'fn');
    // A removed theme the tagger no longer proposes is one it now gets right: no error to count.
    for (const t of removed) if (machineProposes(t)) count(t, 'fp');
  }
  const order = new Map(taxonomy.themes.map((t, i) => [t.id, i]));
  const themes = [...counts]
    .sort(([a], [b]) => (order.get(a) ?? order.size) - (order.get(b) ?? order.size) || a.localeCompare(b))
    .map(([id, c]) => ({ theme: id, label: taxonomy.themes.find((t) => t.id === id)?.label ?? id, ...figures(c.tp, c.fp, c.fn) }));
  const sum = (k: 'tp' | 'fp' | 'fn') => [...counts.values()].reduce((n, c) => n + c[k], 0);
  return { taxonomy_version: taxonomy.version, reviews, decisions, themes, micro: figures(sum('tp'), sum('fp'), sum('fn')) };
}

const cell = (x: number | null) => (x === null ? '-' : x.toFixed(2));

/** The report as a table for the terminal. */
export function formatAgreement(report: AgreementReport): string {
  if (!report.decisions) return `No editor has decided a theme yet (taxonomy ${report.taxonomy_version}): there is nothing to measure.\n`;
  const width = Math.max(5, ...report.themes.map((t) => t.theme.length));
  const line = (name: string, c: AgreementCounts) =>
    [name.padEnd(width), String(c.tp).padStart(4), String(c.fp).padStart(4), String(c.fn).padStart(4), cell(c.precision).padStart(9), cell(c.recall).padStart(6), cell(c.f1).padStart(5)].join('  ');
  return [
    `Tagger against editors' decisions: ${report.decisions} ${report.decisions === 1 ? 'decision' : 'decisions'} on ${report.reviews} ${report.reviews === 1 ? 'review' : 'reviews'}, taxonomy ${report.taxonomy_version}`,
    'tp: confirmed by an editor; fp: proposed by the tagger, removed by an editor; fn: added by an editor, missed by the tagger',
    ['theme'.padEnd(width), '  tp', '  fp', '  fn', 'precision', 'recall', '   f1'].join('  '),
    ...report.themes.map((t) => line(t.theme, t)),
    line('micro', report.micro),
    '',
  ].join('\n');
}
