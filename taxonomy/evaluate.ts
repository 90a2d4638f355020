/** Precision, recall and F1 of the tagger against passages labelled with theme ids. */
import fs from 'node:fs';
import type { SectionKind } from '../model';
import type { Tagger } from './tagger';

export interface LabelledPassage {
  id: string;
  text: string;
  themes: string[];
  section?: SectionKind;
}

export interface ThemeScore {
  theme: string;
  support: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvaluationReport {
  /** Items scored: passages, or reviews at review level. */
  passages: number;
  perTheme: ThemeScore[];
  /** Pooled over every (passage, theme) decision. */
  micro: { precision: number; recall: number; f1: number };
  /** Mean over themes with at least one labelled example. */
  macro: { precision: number; recall: number; f1: number; themes: number };
  /** Items where the tagger and the labels disagree. */
  errors: Array<{ id: string; missed: string[]; extra: string[] }>;
}

/** Reads a JSON-lines labelled set; throws naming the file and line of a malformed entry. */
export function readLabelled(file: string): LabelledPassage[] {
  const out: LabelledPassage[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let item: LabelledPassage;
      try {
        item = JSON.parse(line) as LabelledPassage;
      } catch (err) {
        throw new Error(`${file}:${i + 1}: ${(err as Error).message}`);
      }
      if (typeof item.id !== 'string' || typeof item.text !== 'string' || !Array.isArray(item.themes)) {
        throw new Error(`${file}:${i + 1}: needs "id", "text" and "themes"`);
      }
      out.push(item);
    });
  return out;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** One item's labelled and predicted theme ids. */
export interface Decision {
  id: string;
  gold: string[];
  predicted: string[];
}

/** Per-theme and averaged scores over items, each with its labelled and predicted themes. */
export function scoreDecisions(decisions: Decision[], themeIds: string[]): EvaluationReport {
  const counts = new Map(themeIds.map((id) => [id, { tp: 0, fp: 0, fn: 0 }]));
  const errors: EvaluationReport['errors'] = [];
  for (const item of decisions) {
    const gold = new Set(item.gold);
    const predicted = new Set(item.predicted);
    for (const [id, c] of counts) {
      if (gold.has(id) && predicted.has(id)) c.tp++;
      else if (predicted.has(id)) c.fp++;
      else if (gold.has(id)) c.fn++;
    }
    const missed = [...gold].filter((t) => !predicted.has(t));
    const extra = [...predicted].filter((t) => !gold.has(t));
    if (missed.length || extra.length) errors.push({ id: item.id, missed, extra });
  }
  const perTheme = [...counts].map(([theme, c]) => {
    const precision = ratio(c.tp, c.tp + c.fp);
    const recall = ratio(c.tp, c.tp + c.fn);
    return { theme, support: c.tp + c.fn, ...c, precision, recall, f1: f1(precision, recall) };
  });
  const sum = (k: 'tp' | 'fp' | 'fn') => perTheme.reduce((s, t) => s + t[k], 0);
  const mp = ratio(sum('tp'), sum('tp') + sum('fp'));
  const mr = ratio(sum('tp'), sum('tp') + sum('fn'));
  const supported = perTheme.filter((t) => t.support > 0);
  const mean = (k: 'precision' | 'recall' | 'f1') => ratio(supported.reduce((s, t) => s + t[k], 0), supported.length);
  return {
    passages: decisions.length,
    perTheme,
    micro: { precision: mp, recall: mr, f1: f1(mp, mr) },
    macro: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1'), themes: supported.length },
    errors,
  };
}

export function evaluate(tagger: Tagger, items: LabelledPassage[], themeIds: string[]): EvaluationReport {
  const decisions = items.map((item) => ({
    id: item.id,
    gold: item.themes,
    predicted: tagger.tagPassage(item.text, item.section).map((t) => t.id),
  }));
  return scoreDecisions(decisions, themeIds);
}

/** A plain-text table: one row per theme with examples or false positives, then the averages. */
export function formatReport(title: string, report: EvaluationReport, unit = 'passages'): string {
  const pct = (x: number) => x.toFixed(3);
  const rows = report.perTheme
    .filter((t) => t.support > 0 || t.fp > 0)
    .sort((a, b) => b.support - a.support || a.theme.localeCompare(b.theme))
    .map((t) =>
      [t.theme.padEnd(30), String(t.support).padStart(7), String(t.fp).padStart(4), pct(t.precision).padStart(9), pct(t.recall).padStart(7), pct(t.f1).padStart(7)].join(' '),
    );
  return [
    `${title} (${report.passages} ${unit})`,
    ['theme'.padEnd(30), 'support'.padStart(7), 'fp'.padStart(4), 'precision'.padStart(9), 'recall'.padStart(7), 'f1'.padStart(7)].join(' '),
    ...rows,
    `micro  precision ${pct(report.micro.precision)}  recall ${pct(report.micro.recall)}  f1 ${pct(report.micro.f1)}`,
    `macro  precision ${pct(report.macro.precision)}  recall ${pct(report.macro.recall)}  f1 ${pct(report.macro.f1)}  (over ${report.macro.themes} themes with examples)`,
  ].join('\n');
}
