/** The content of a trainers' case-study pack: chosen published reviews, read through chosen themes. */
import { REVIEW_TYPE_LABELS, AGE_BAND_LABELS, pageBasis, type PageBasis, type ReviewRecord, type Theme } from '../model';
import type { Taxonomy } from '../taxonomy';
import { provenance, type Provenance } from './provenance';
import { publicFileName } from './public-file';

/** Passages per chosen theme per case: enough to discuss, short enough to print. */
const PASSAGES_PER_THEME = 3;

export interface PackCase {
  id: string;
  title: string;
  /** One line of facts: year, area, review type, child's age. */
  facts: string;
  summary: string;
  source_type: string;
  page_basis: PageBasis;
  passages: { theme: string; theme_label: string; text: string; page: number }[];
  recommendations: { text: string; page: number; themes: string[] }[];
  citation: string;
  url: string;
}

export interface CaseStudyPack extends Provenance {
  themes: Theme[];
  cases: PackCase[];
}

export function citation(record: ReviewRecord): string {
  const m = record.metadata;
  const author = m.area ?? 'Safeguarding partnership not stated';
  return `${author} (${m.year ?? 'n.d.'}) ${m.title}. ${REVIEW_TYPE_LABELS[m.reviewType]}. Original report: ${publicFileName(record)}, ${record.source.pages} pages, SHA-256 ${record.source.sha256.slice(0, 16)}.`;
}

export function buildPack(records: ReviewRecord[], themes: Theme[], taxonomy: Taxonomy, origin: string, now = new Date()): CaseStudyPack {
  const cases = records.map((record): PackCase => {
    const m = record.metadata;
    const byId = new Map(record.passages.map((p) => [p.id, p]));
    const passages = themes.flatMap((theme) => {
      const tagged = record.themes.find((t) => t.id === theme.id);
      return (tagged?.passages ?? [])
        .map((id) => byId.get(id))
        .filter((p) => p !== undefined)
        .slice(0, PASSAGES_PER_THEME)
        .map((p) => ({ theme: theme.id, theme_label: theme.label, text: p.text, page: p.page }));
    });
    const chosen = new Set(themes.map((t) => t.id));
    // Recommendations on the chosen themes come first; the rest follow, as trainers want the whole set.
    const recommendations = [...record.recommendations]
      .sort((a, b) => Number(b.themes.some((t) => chosen.has(t))) - Number(a.themes.some((t) => chosen.has(t))))
      .map(({ text, page, themes: t }) => ({ text, page, themes: t }));
    return {
      id: record.id,
      title: m.title,
      facts: [m.year, m.area, REVIEW_TYPE_LABELS[m.reviewType], m.ageBand === 'unknown' ? null : `child aged ${AGE_BAND_LABELS[m.ageBand].toLowerCase()}`]
        .filter(Boolean)
        .join(' · '),
      summary: record.summary,
      source_type: record.source.type,
      page_basis: pageBasis(record.source),
      passages,
      recommendations,
      citation: citation(record),
      url: `${origin}/reviews/${record.id}`,
    };
  });
  // The pack's "query" is what rebuilds it: the download link's own parameters.
  const query = new URLSearchParams();
  for (const r of records) query.append('review', r.id);
  for (const t of themes) query.append('theme', t.id);
  return {
    ...provenance(taxonomy.version, {}, now),
    query: query.toString(),
    themes,
    cases,
  };
}
