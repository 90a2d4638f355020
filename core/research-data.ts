/** Theme statistics for researchers: one module for the API and `scr export`, so both give the same bytes. */
import { toCsv, type CsvOptions } from '../lib/csv';
import {
  SEARCH_FIELDS,
  rangeValues,
  type SearchBackend,
  type SearchFieldRegistry,
  type SearchFieldSpec,
  type SearchFilters,
  type StatsDimension,
} from '../model';
import type { Taxonomy } from '../taxonomy';
import { allHits } from './collect';
import { provenance, readableQuery, type ReadableProvenance } from './provenance';

export interface ThemeCountRow {
  theme: string;
  label: string;
  /** Reviews carrying the theme in the filtered set, whether or not they have a value for the dimension. */
  total: number;
  /** Every bucket of the table, zeros included. */
  counts: Record<string, number>;
}

export interface ThemeCountsTable extends ReadableProvenance {
  by: StatsDimension;
  buckets: string[];
  rows: ThemeCountRow[];
}

/** What a research export says about itself: the query string and the same filters in words. */
function researchProvenance(taxonomy: Taxonomy, filters: SearchFilters, now: Date, fields: SearchFieldRegistry = SEARCH_FIELDS): ReadableProvenance {
  return { ...provenance(taxonomy.version, filters, now), query_text: readableQuery(filters, (id) => taxonomy.get(id)?.label ?? id, fields) };
}

/** Names in British alphabetical order: one collator, where each `localeCompare` with a locale sets one up anew. */
const alphabetical = new Intl.Collator('en-GB').compare;

/** Spans in number order, coded values in the order the field table lists them, names alphabetically. */
function bucketOrder(spec: SearchFieldSpec | undefined): (a: string, b: string) => number {
  if (!spec) return alphabetical;
  if (spec.range) return (a, b) => Number(a) - Number(b);
  const coded = codes(spec);
  if (coded) return (a, b) => coded.indexOf(a) - coded.indexOf(b);
  return alphabetical;
}

const codes = (spec: SearchFieldSpec) => (spec.value as { enum?: string[] }).enum;

/** Every whole number from the first to the last, so a span's empty years read as zeros rather than going missing. */
export function everyNumber(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/**
 * Every bucket a table shows, so a value with no review reads as a zero rather than going missing:
 * a span's every value from the filter's first (or the first found) to its last, a coded field's
 * every code, a named field's names as found.
 */
function allBuckets(found: string[], by: string, filters: SearchFilters, spec: SearchFieldSpec | undefined): string[] {
  if (spec?.range) {
    const numbers = found.map(Number);
    const { from = Math.min(...numbers), to = Math.max(...numbers) } = rangeValues(filters, by);
    if (!Number.isFinite(from) || !Number.isFinite(to)) return [];
    return everyNumber(from, to).map(String);
  }
  const coded = spec && codes(spec);
  return [...new Set([...(coded ?? []), ...found])].sort(bucketOrder(spec));
}

/** Reviews per theme per bucket of a dimension: every theme in taxonomy order, every bucket, zeros included. */
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
  const buckets = allBuckets([...new Set(counts.map((c) => c.bucket))], by, filters, fields[by]);
  const countsOf = new Map<string, Map<string, number>>();
  for (const c of counts) {
    const ofTheme = countsOf.get(c.theme) ?? countsOf.set(c.theme, new Map()).get(c.theme)!;
    ofTheme.set(c.bucket, c.count);
  }
  const none = new Map<string, number>();
  const rows = taxonomy.themes.map((theme) => {
    const ofTheme = countsOf.get(theme.id) ?? none;
    const row: Record<string, number> = {};
    for (const b of buckets) row[b] = ofTheme.get(b) ?? 0;
    return { theme: theme.id, label: theme.label, total: totalOf.get(theme.id) ?? 0, counts: row };
  });
  return { ...researchProvenance(taxonomy, filters, now, fields), by, buckets, rows };
}

/** The query in words beside its query string, so a file read on its own says what it counts. */
const PROVENANCE_COLUMNS = ['taxonomy_version', 'query', 'query_url', 'generated_at'] as const;

function provenanceCells(p: ReadableProvenance): string[] {
  return [p.taxonomy_version, p.query_text, p.query, p.generated_at];
}

/** One row per theme and bucket, zeros included ("tidy" data, ready for R or a pivot table). */
export function themeCountsCsv(table: ThemeCountsTable, options?: CsvOptions): string {
  const rows: (string | number)[][] = [['theme', 'theme_label', table.by, 'reviews', ...PROVENANCE_COLUMNS]];
  for (const row of table.rows) {
    for (const bucket of table.buckets) rows.push([row.theme, row.label, bucket, row.counts[bucket], ...provenanceCells(table)]);
  }
  return toCsv(rows, options);
}

export interface CoOccurrenceMatrix extends ReadableProvenance {
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
    ...researchProvenance(taxonomy, filters, now),
    themes: themes.map((id) => ({ id, label: taxonomy.get(id)?.label ?? id, reviews: totalOf.get(id) ?? 0 })),
    matrix,
  };
}

/** The chosen themes against each other, a row and a column per theme. */
export function coOccurrenceCsv(data: CoOccurrenceMatrix, options?: CsvOptions): string {
  const ids = data.themes.map((t) => t.id);
  return toCsv(
    [['theme', ...ids, ...PROVENANCE_COLUMNS], ...ids.map((t, i) => [t, ...data.matrix[i], ...provenanceCells(data)])],
    options,
  );
}

/** The review-by-theme matrix: one row per matching review, one 0/1 column per theme of the taxonomy. */
export async function reviewThemeMatrixCsv(
  backend: SearchBackend,
  taxonomy: Taxonomy,
  query: SearchFilters,
  now = new Date(),
  options?: CsvOptions,
): Promise<string> {
  const hits = await allHits(backend, query);
  const p = researchProvenance(taxonomy, query, now);
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
  return toCsv(rows, options);
}

export interface SearchExport extends ReadableProvenance {
  total: number;
  reviews: { id: string; title: string; year: number | null; area: string | null; region: string | null; review_type: string; age_band: string; themes: string[] }[];
}

/** The reviews matching a search, with their themes. */
export async function searchExport(backend: SearchBackend, taxonomy: Taxonomy, query: SearchFilters, now = new Date()): Promise<SearchExport> {
  const hits = await allHits(backend, query);
  return {
    ...researchProvenance(taxonomy, query, now),
    total: hits.length,
    reviews: hits.map(({ id, title, year, area, region, review_type, age_band, themes }) => ({ id, title, year, area, region, review_type, age_band, themes })),
  };
}

export function searchExportCsv(data: SearchExport, options?: CsvOptions): string {
  const rows: (string | number | null)[][] = [
    ['review_id', 'title', 'year', 'area', 'region', 'review_type', 'age_band', 'themes', ...PROVENANCE_COLUMNS],
  ];
  for (const r of data.reviews) {
    rows.push([r.id, r.title, r.year, r.area, r.region, r.review_type, r.age_band, r.themes.join(';'), ...provenanceCells(data)]);
  }
  return toCsv(rows, options);
}

export type ExportFormat = 'json' | 'csv';

/** When an export is produced and how its CSV is written. */
export interface ExportOptions extends CsvOptions {
  now?: Date;
}

/**
 * The exports as the bytes they are sent or written as: the API routes and `scr export` both
 * call these, so a file downloaded from the portal and one written by the command line agree.
 */
export const exportBytes = {
  async themeCounts(deps: ExportDeps, by: StatsDimension, format: ExportFormat, query: SearchFilters, options: ExportOptions = {}): Promise<string> {
    const table = await themeCountsTable(deps.backend, deps.taxonomy, by, query, options.now, deps.fields);
    return format === 'csv' ? themeCountsCsv(table, options) : JSON.stringify(table);
  },
  async coOccurrence(deps: ExportDeps, themes: string[], format: ExportFormat, query: SearchFilters, options: ExportOptions = {}): Promise<string> {
    const data = await coOccurrenceMatrix(deps.backend, deps.taxonomy, themes, query, options.now);
    return format === 'csv' ? coOccurrenceCsv(data, options) : JSON.stringify(data);
  },
  async search(deps: ExportDeps, format: ExportFormat, query: SearchFilters, options: ExportOptions = {}): Promise<string> {
    const data = await searchExport(deps.backend, deps.taxonomy, query, options.now);
    return format === 'csv' ? searchExportCsv(data, options) : JSON.stringify(data);
  },
  matrix(deps: ExportDeps, query: SearchFilters, options: ExportOptions = {}): Promise<string> {
    return reviewThemeMatrixCsv(deps.backend, deps.taxonomy, query, options.now, options);
  },
};

export interface ExportDeps {
  backend: SearchBackend;
  taxonomy: Taxonomy;
  /** The field table the backend was built with; the product's own by default. */
  fields?: SearchFieldRegistry;
}
