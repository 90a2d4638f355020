/** Theme statistics for researchers: one module for the API and `scr export`, so both give the same bytes. */
import { toCsv } from '../lib/csv';
import { SEARCH_FIELDS, type SearchBackend, type SearchFieldRegistry, type SearchFieldSpec, type SearchFilters, type StatsDimension } from '../model';
import type { Taxonomy } from '../taxonomy';
import { allHits } from './collect';
import { provenance, type Provenance } from './provenance';

export interface ThemeCountRow {
  theme: string;
  label: string;
  /** Reviews carrying the theme in the filtered set, whether or not they have a value for the dimension. */
  total: number;
  counts: Record<string, number>;
}

export interface ThemeCountsTable extends Provenance {
  by: StatsDimension;
  buckets: string[];
  rows: ThemeCountRow[];
}

/** Spans in number order, coded values in the order the field table lists them, names alphabetically. */
function bucketOrder(spec: SearchFieldSpec | undefined): (a: string, b: string) => number {
  if (!spec) return (a, b) => a.localeCompare(b, 'en-GB');
  if (spec.range) return (a, b) => Number(a) - Number(b);
  const coded = (spec.value as { enum?: string[] }).enum;
  if (coded) return (a, b) => coded.indexOf(a) - coded.indexOf(b);
  return (a, b) => a.localeCompare(b, 'en-GB');
}

/** Reviews per theme per bucket of a dimension, themes in taxonomy order, only themes that occur. */
export async function themeCountsTable(
  backend: SearchBackend,
  taxonomy: Taxonomy,
  by: StatsDimension,
  filters: SearchFilters,
  now = new Date(),
  fields: SearchFieldRegistry = SEARCH_FIELDS,
): Promise<ThemeCountsTable> {
  const [counts, totals] = await Promise.all([backend.themeCounts(by, filters), backend.themeTotals(filters)]);
  const totalOf = new Map(totals.map((b) => [b.key, b.count]));
  const buckets = [...new Set(counts.map((c) => c.bucket))].sort(bucketOrder(fields[by]));
  const rows: ThemeCountRow[] = [];
  for (const theme of taxonomy.themes) {
    const total = totalOf.get(theme.id) ?? 0;
    if (!total) continue;
    const mine = counts.filter((c) => c.theme === theme.id);
    rows.push({ theme: theme.id, label: theme.label, total, counts: Object.fromEntries(mine.map((c) => [c.bucket, c.count])) });
  }
  return { ...provenance(taxonomy.version, filters, now), by, buckets, rows };
}

const PROVENANCE_COLUMNS = ['taxonomy_version', 'query', 'generated_at'] as const;

function provenanceCells(p: Provenance): string[] {
  return PROVENANCE_COLUMNS.map((k) => p[k]);
}

/** One row per theme and bucket with at least one review ("tidy" data, ready for R or a pivot table). */
export function themeCountsCsv(table: ThemeCountsTable): string {
  const rows: (string | number)[][] = [['theme', 'theme_label', table.by, 'reviews', ...PROVENANCE_COLUMNS]];
  for (const row of table.rows) {
    for (const bucket of table.buckets) {
      const n = row.counts[bucket];
      if (n) rows.push([row.theme, row.label, bucket, n, ...provenanceCells(table)]);
    }
  }
  return toCsv(rows);
}

export interface CoOccurrenceMatrix extends Provenance {
  themes: { id: string; label: string; reviews: number }[];
  /** matrix[i][j]: reviews carrying both themes i and j; the diagonal is each theme's own count. */
  matrix: number[][];
}

export async function coOccurrenceMatrix(
  backend: SearchBackend,
  taxonomy: Taxonomy,
  themes: string[],
  filters: SearchFilters,
  now = new Date(),
): Promise<CoOccurrenceMatrix> {
  const [pairs, totals] = await Promise.all([backend.coOccurrence(filters, themes), backend.themeTotals(filters)]);
  const totalOf = new Map(totals.map((b) => [b.key, b.count]));
  const pairCount = new Map(pairs.map((p) => [`${p.a}\u0000${p.b}`, p.count]));
  const matrix = themes.map((a) =>
    themes.map((b) => (a === b ? (totalOf.get(a) ?? 0) : (pairCount.get(a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`) ?? 0))),
  );
  return {
    ...provenance(taxonomy.version, filters, now),
    themes: themes.map((id) => ({ id, label: taxonomy.get(id)?.label ?? id, reviews: totalOf.get(id) ?? 0 })),
    matrix,
  };
}

/** The review-by-theme matrix: one row per matching review, one 0/1 column per theme of the taxonomy. */
export async function reviewThemeMatrixCsv(
  backend: SearchBackend,
  taxonomy: Taxonomy,
  query: SearchFilters,
  now = new Date(),
): Promise<string> {
  const hits = await allHits(backend, query);
  const p = provenance(taxonomy.version, query, now);
  const themeIds = taxonomy.themes.map((t) => t.id);
  const rows: (string | number | null)[][] = [
    ['review_id', 'title', 'year', 'area', 'region', 'review_type', 'age_band', ...themeIds, ...PROVENANCE_COLUMNS],
  ];
  for (const hit of hits) {
    const has = new Set(hit.themes);
    rows.push([
      hit.id, hit.title, hit.year, hit.area, hit.region, hit.review_type, hit.age_band,
      ...themeIds.map((t) => (has.has(t) ? 1 : 0)),
      ...provenanceCells(p),
    ]);
  }
  return toCsv(rows);
}

export interface SearchExport extends Provenance {
  total: number;
  reviews: { id: string; title: string; year: number | null; area: string | null; region: string | null; review_type: string; age_band: string; themes: string[] }[];
}

/** The reviews matching a search, with their themes. */
export async function searchExport(backend: SearchBackend, taxonomy: Taxonomy, query: SearchFilters, now = new Date()): Promise<SearchExport> {
  const hits = await allHits(backend, query);
  return {
    ...provenance(taxonomy.version, query, now),
    total: hits.length,
    reviews: hits.map(({ id, title, year, area, region, review_type, age_band, themes }) => ({ id, title, year, area, region, review_type, age_band, themes })),
  };
}

export function searchExportCsv(data: SearchExport): string {
  const rows: (string | number | null)[][] = [
    ['review_id', 'title', 'year', 'area', 'region', 'review_type', 'age_band', 'themes', ...PROVENANCE_COLUMNS],
  ];
  for (const r of data.reviews) {
    rows.push([r.id, r.title, r.year, r.area, r.region, r.review_type, r.age_band, r.themes.join(';'), ...provenanceCells(data)]);
  }
  return toCsv(rows);
}

export type ExportFormat = 'json' | 'csv';

/**
 * The exports as the bytes they are sent or written as: the API routes and `scr export` both
 * call these, so a file downloaded from the portal and one written by the command line agree.
 */
export const exportBytes = {
  async themeCounts(deps: ExportDeps, by: StatsDimension, format: ExportFormat, query: SearchFilters, now = new Date()): Promise<string> {
    const table = await themeCountsTable(deps.backend, deps.taxonomy, by, query, now, deps.fields);
    return format === 'csv' ? themeCountsCsv(table) : JSON.stringify(table);
  },
  async search(deps: ExportDeps, format: ExportFormat, query: SearchFilters, now = new Date()): Promise<string> {
    const data = await searchExport(deps.backend, deps.taxonomy, query, now);
    return format === 'csv' ? searchExportCsv(data) : JSON.stringify(data);
  },
  matrix(deps: ExportDeps, query: SearchFilters, now = new Date()): Promise<string> {
    return reviewThemeMatrixCsv(deps.backend, deps.taxonomy, query, now);
  },
};

export interface ExportDeps {
  backend: SearchBackend;
  taxonomy: Taxonomy;
  /** The field table the backend was built with; the product's own by default. */
  fields?: SearchFieldRegistry;
}

