import { createHash } from 'node:crypto';
import type { Passage, ReviewRecord, SectionKind } from '../../model';
import { agenciesIn } from '../../ingest/metadata';
import { randomSpec } from '../../scripts/fixtures/corpus';
import { compose, type ComposedReport } from '../../scripts/fixtures/compose';
import { Random } from '../../scripts/fixtures/random';
import { THEME_IDS, themeText } from '../../scripts/fixtures/theme-text';

/**
 * The benchmark corpus's fictional reviews (scripts/fixtures/corpus.ts) as published records,
 * straight from the composed reports: the same text, sections, metadata and themes an ingest
 * would give, without rendering and re-reading files, so a few hundred take a second. The same
 * seed and count give the same records.
 */
export function generatedReviews(count: number, seed = 1): ReviewRecord[] {
  return Array.from({ length: count }, (_, i) => recordOf(compose(randomSpec(seed, i))));
}

/** Hours over which reviews are added: fewer than a corpus has reviews, so some share an hour. */
const ADDED_HOURS = 200;

const HEADINGS = new Map(THEME_IDS.map((id) => [themeText(id).heading, id]));

function recordOf(c: ComposedReport): ReviewRecord {
  const rnd = new Random(c.spec.seed).fork('record');
  const id = createHash('sha256').update(c.spec.file).digest('hex').slice(0, 12);
  const passages: Passage[] = [];
  let section: SectionKind = 'other';
  let findingTheme: string | undefined;
  let offset = 0;
  const withRecs = c.spec.themes.filter((t) => themeText(t).recs.length > 0);
  let rec = 0;
  const add = (text: string, themes: string[]) => {
    passages.push({
      id: `p${passages.length + 1}`,
      text,
      section,
      page: 2 + Math.floor(passages.length / 4),
      offset,
      // Scores vary, so passages for a theme rank in an order both engines must agree on.
      themes: themes.map((t) => ({ id: t, score: Math.round((0.5 + rnd.next() / 2) * 1000) / 1000, evidence: [] })),
    });
    offset += text.length + 2;
  };
  add(c.titlePage.join('\n'), []);
  for (const b of c.blocks) {
    if (b.type === 'heading') {
      section = b.section;
      findingTheme = undefined;
    } else if (b.type === 'subheading') {
      findingTheme = HEADINGS.get(b.text.replace(/^[^:]*:\s*/, ''));
    } else if (b.type === 'para') add(b.text, findingTheme ? [findingTheme] : []);
    else if (b.type === 'rec') add(b.text, rec < withRecs.length ? [withRecs[rec++]] : []);
    else add(b.rows.map((r) => r.join('\t')).join('\n'), []);
  }
  const text = passages.map((p) => p.text).join('\n\n');
  const themes = c.spec.themes.map((t) => ({
    id: t,
    score: 0.8,
    passages: passages.filter((p) => p.themes.some((x) => x.id === t)).map((p) => p.id),
    evidence: [],
  }));
  // Added in an order unlike the years, some at the same moment (a batch), so sort=added has ties to break.
  const added = new Date(Date.UTC(2024, 0, 1) + rnd.int(0, ADDED_HOURS) * 3_600_000).toISOString();
  return {
    id,
    status: 'published',
    metadata: { ...c.metadata, abuseTypes: [], agencies: agenciesIn(text), inferred: [] },
    source: { sha256: id.padEnd(64, '0'), name: c.spec.file, type: c.spec.format === 'docx' ? 'docx' : 'pdf', size: text.length, pages: passages.at(-1)!.page },
    summary: passages[1]?.text ?? '',
    text,
    pages: [],
    sections: [],
    passages,
    themes,
    recommendations: [],
    flags: [],
    taxonomyVersion: 'generated',
    extractorVersion: 'generated',
    ingestedAt: added,
    publishedAt: added,
    updatedAt: added,
  };
}
