/**
 * The realistic test documents (fixtures/realistic: fictional reviews laid out like published ones,
 * in PDF, DOCX and DOC) through the whole pipeline, against their expected records.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ReviewRecord } from '../model';
import type { RealisticExpected } from '../scripts/fixtures/realistic-specs';
import { projectRoot } from '../lib/paths';
import { createTagger, loadTaxonomy } from '../taxonomy';
import { processFile } from './pipeline';

const dir = path.join(projectRoot(), 'fixtures', 'realistic');
const taxonomy = loadTaxonomy();
const tagger = createTagger(taxonomy);
const expectations: RealisticExpected[] = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.expected.json'))
  .sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));

/**
 * The record fields today's reader gets right on every document. The expected files hold every
 * field (title, area, reviewType, documentKind, ageBand, gender, outcome too); the rest join this
 * list as the record reader learns them.
 */
const METADATA_ASSERTED = ['title', 'area', 'nation', 'region', 'year', 'reviewType', 'documentKind', 'ageBand', 'gender', 'outcome'] as const;

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
const records = new Map<string, ReviewRecord>();

beforeAll(async () => {
  for (const e of expectations) {
    records.set(e.file, await processFile(fs.readFileSync(path.join(dir, e.file)), { fileName: e.file, tagger, taxonomyVersion: taxonomy.version }));
  }
});

it('has the documents the suite is about: PDF, DOCX and DOC, and a PDF with headings as plain lines', () => {
  expect(new Set(expectations.map((e) => e.type))).toEqual(new Set(['pdf', 'docx', 'doc']));
  expect(expectations.some((e) => e.layout.some((l) => l.startsWith('headings as plain lines')))).toBe(true);
  expect(expectations.length).toBeGreaterThanOrEqual(6);
});

describe.each(expectations.map((e) => [e.file, e] as const))('%s', (file, expected) => {
  const record = () => records.get(file)!;

  it('finds every section, in order, with its heading', () => {
    expect(record().sections.map((s) => ({ kind: s.kind, title: s.title }))).toEqual(expected.sections.map((s) => ({ kind: s.kind, title: s.heading })));
  });

  // Word files' expected pages are LibreOffice's layout; the reader gets them from the breaks the file records or the same layout.
  it('gives each section the page its heading is printed on', () => {
    expect(record().sections.map((s) => s.page)).toEqual(expected.sections.map((s) => s.page));
  });

  it('leaves the contents list out of the text and the passages', () => {
    const paragraphs = record().text.split('\n\n').map(collapse);
    expect(paragraphs).not.toContain(expected.contentsHeader);
    for (const s of expected.sections) expect(paragraphs.filter((p) => p === s.heading)).toHaveLength(1);
    const headings = new Set(expected.sections.map((s) => s.heading));
    for (const line of expected.tocLines.filter((l) => !headings.has(l))) expect(paragraphs).not.toContain(collapse(line));
    const entries = expected.tocLines.map((l) => collapse(l.replace(/\s+\d+$/, '')));
    for (const p of record().passages) {
      for (let i = 1; i < entries.length; i++) expect(p.text).not.toContain(`${entries[i - 1]} ${entries[i]}`);
      expect(p.text).not.toMatch(/\.{4,}\s*\d+/);
    }
  });

  it('counts the recommendations and splits each out', () => {
    expect(record().recommendations.map((r) => r.text)).toEqual(expected.recommendations);
  });

  it(`takes the summary from the ${expected.summaryFrom}, saying what is particular to the review`, () => {
    const { summary, passages, metadata } = record();
    const source = passages.filter((p) => p.section === expected.summaryFrom).map((p) => p.text).join(' ');
    const sentences = summary.replace(/…$/, '').split(/(?<=[.!?])\s+(?=[A-Z])/);
    for (const s of sentences) expect(source).toContain(s.replace(/^\d+(\.\d+)*\s+/, ''));
    for (const word of expected.summaryMentions) expect(summary).toContain(word);
    expect(summary).not.toMatch(/^(This report sets out|The purpose of this review)/);
    expect(metadata.inferred).toContain('summary');
  });

  it('reads the record fields today’s reader knows', () => {
    for (const field of METADATA_ASSERTED) expect({ field, value: record().metadata[field] }).toEqual({ field, value: expected.metadata[field] });
  });
});

it('gives each review a summary of its own', () => {
  const summaries = [...records.values()].map((r) => r.summary);
  expect(new Set(summaries).size).toBe(summaries.length);
});
