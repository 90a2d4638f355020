/**
 * Research data over a real embedded index of the sample reviews: every year of a span and every
 * code of a coded field is present, zeros included; CSV is RFC 4180 with its query in words;
 * formula cells are neutralised unless asked otherwise.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { REVIEW_TYPES, type ReviewRecord, type SearchFilters } from '../model';
import { EmbeddedBackend } from '../search/embedded/embedded-backend';
import { sampleRecords } from '../search/testing/sample-records';
import { loadTaxonomy } from '../taxonomy';
import { toCsv } from '../lib/csv';
import { readableQuery } from './provenance';
import { coOccurrenceCsv, coOccurrenceMatrix, exportBytes, searchExportCsv, searchExport, themeCountsCsv, themeCountsTable } from './research-data';

const taxonomy = loadTaxonomy();
const NOW = new Date('2025-03-04T05:06:07.000Z');
let dir: string;
let backend: EmbeddedBackend;
let records: ReviewRecord[];
const deps = () => ({ backend, taxonomy });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scr-research-'));
  backend = new EmbeddedBackend(path.join(dir, 'search.sqlite'));
  await backend.init();
  records = sampleRecords();
  await backend.rebuild(records);
});
afterAll(async () => {
  await backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const years = () => records.map((r) => r.metadata.year!);
const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
const reviews = async (filters: SearchFilters) => (await backend.search({ ...filters, size: 1, facets: false })).total;

describe('theme counts', () => {
  it('has every year from the first to the last, zeros included, and each count is what search finds', async () => {
    const table = await themeCountsTable(backend, taxonomy, 'year', {}, NOW);
    const [first, last] = [Math.min(...years()), Math.max(...years())];
    expect(table.buckets).toEqual(span(first, last));
    // The sample reviews leave years out, so zeros must show.
    expect(table.buckets.length).toBeGreaterThan(new Set(years()).size);
    const neglect = table.rows.find((r) => r.theme === 'neglect')!;
    expect(Object.keys(neglect.counts)).toEqual(table.buckets);
    for (const y of table.buckets) {
      expect(neglect.counts[y]).toBe(await reviews({ theme: ['neglect'], narrower: false, year_from: Number(y), year_to: Number(y) }));
    }
    expect(Object.values(neglect.counts)).toContain(0);
  });

  it('spans the years the filter asks for, beyond the years found', async () => {
    const table = await themeCountsTable(backend, taxonomy, 'year', { year_from: 2010, year_to: 2026 }, NOW);
    expect(table.buckets).toEqual(span(2010, 2026));
    expect(table.rows.every((r) => r.counts['2010'] === 0 && r.counts['2026'] === 0)).toBe(true);
    const open = await themeCountsTable(backend, taxonomy, 'year', { year_from: 2012 }, NOW);
    expect(open.buckets).toEqual(span(2012, Math.max(...years())));
  });

  it('has every code of a coded field and every theme of the taxonomy', async () => {
    const table = await themeCountsTable(backend, taxonomy, 'review_type', { region: ['Wales'] }, NOW);
    expect(table.buckets).toEqual([...REVIEW_TYPES]);
    expect(table.rows.map((r) => r.theme)).toEqual(taxonomy.themes.map((t) => t.id));
    const inWales = records.filter((r) => r.metadata.region === 'Wales');
    const carried = new Set(inWales.flatMap((r) => r.themes.map((t) => t.id)));
    const absent = table.rows.find((r) => !carried.has(r.theme))!;
    expect(absent.total).toBe(0);
    expect(Object.values(absent.counts).every((n) => n === 0)).toBe(true);
  });

  it('writes the long format with a row for every theme and bucket, zeros included, CRLF line ends', async () => {
    const table = await themeCountsTable(backend, taxonomy, 'year', { theme: ['neglect'] }, NOW);
    const csv = themeCountsCsv(table);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(taxonomy.themes.length * table.buckets.length);
    expect(Object.keys(rows[0])).toEqual(['theme', 'theme_label', 'year', 'reviews', 'taxonomy_version', 'query', 'query_url', 'generated_at']);
    expect(rows.filter((r) => r.theme === 'neglect').map((r) => r.year)).toEqual(table.buckets);
    expect(rows.some((r) => r.reviews === '0')).toBe(true);
    expect(rows[0].query_url).toBe('theme=neglect');
    expect(rows[0].query).toBe(`Theme: ${taxonomy.get('neglect')!.label}`);
  });
});

describe('the query in words', () => {
  it('names each filter as the portal does, in the query string order', () => {
    const label = (id: string) => taxonomy.get(id)!.label;
    expect(readableQuery({}, label)).toBe('All published reviews');
    expect(
      readableQuery(
        { q: 'hidden man', theme: ['hidden-men', 'neglect'], year_from: 2015, year_to: 2020, review_type: ['scr', 'lcspr'], narrower: false },
        label,
      ),
    ).toBe(
      `Words: "hidden man"; Theme: ${label('hidden-men')} and ${label('neglect')}; Year of publication: 2015 to 2020; ` +
        'Review type: Serious case review or Local child safeguarding practice review; Each theme alone, without its narrower themes',
    );
    expect(readableQuery({ year_from: 2015 }, label)).toBe('Year of publication: from 2015');
  });

  it('is in every export beside the query string', async () => {
    const data = await searchExport(backend, taxonomy, { q: 'neglect', region: ['Wales'] }, NOW);
    expect(data.query).toBe('q=neglect&region=Wales');
    expect(data.query_text).toBe('Words: "neglect"; Region: Wales');
    const rows = parse(searchExportCsv(data), { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({ query: data.query_text, query_url: data.query, generated_at: NOW.toISOString() });
    const matrix = parse(await exportBytes.matrix(deps(), { region: ['Wales'] }, { now: NOW }), { columns: true }) as Record<string, string>[];
    expect(matrix[0]).toMatchObject({ query: 'Region: Wales', query_url: 'region=Wales' });
  });
});

describe('co-occurrence', () => {
  it('writes the matrix as CSV with a row and a column per theme', async () => {
    const data = await coOccurrenceMatrix(backend, taxonomy, ['neglect', 'information-sharing', 'exploitation'], {}, NOW);
    const rows = parse(coOccurrenceCsv(data)) as string[][];
    expect(rows[0].slice(0, 4)).toEqual(['theme', 'neglect', 'information-sharing', 'exploitation']);
    expect(rows.slice(1).map((r) => r.slice(1, 4).map(Number))).toEqual(data.matrix);
    expect(data.matrix[0][1]).toBe(await reviews({ theme: ['neglect', 'information-sharing'], narrower: false }));
  });
});

describe('Excel-safe CSV', () => {
  const cells = ['=1+1', '+44 20', '-2', '@SUM(A1)', '\tx', '\rx', 'Child A', 'a=b'];

  it('neutralises formula cells by default and leaves them as they are when turned off', () => {
    const safe = parse(toCsv([cells]))[0] as string[];
    expect(safe).toEqual(['\'=1+1', "'+44 20", "'-2", "'@SUM(A1)", "'\tx", "'\rx", 'Child A', 'a=b']);
    expect(parse(toCsv([cells], { excelSafe: false }))[0]).toEqual(cells);
    // Numbers are figures, never formulas; a line break inside a cell stays inside its quotes.
    expect(toCsv([[-1, 0]])).toBe('-1,0\r\n');
    expect(parse(toCsv([['line one\rline two', 'a\nb'], ['next', 'row']]))).toEqual([['line one\rline two', 'a\nb'], ['next', 'row']]);
  });

  it('applies to the exports, on unless turned off', async () => {
    const hit = records[0];
    const data = { ...(await searchExport(backend, taxonomy, {}, NOW)) };
    data.reviews = data.reviews.map((r) => (r.id === hit.id ? { ...r, area: '=1+1' } : r));
    const area = (csv: string) => (parse(csv, { columns: true }) as Record<string, string>[]).find((r) => r.review_id === hit.id)!.area;
    expect(area(searchExportCsv(data))).toBe("'=1+1");
    expect(area(searchExportCsv(data, { excelSafe: false }))).toBe('=1+1');
  });
});
