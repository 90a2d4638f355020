/** The whole pipeline against the fixture reports and bad files and what they are expected to give. */
import fs from 'node:fs';
import path from 'node:path';
import type { ReviewRecord } from '../model';
import type { ExpectedReport } from '../scripts/fixtures/expected';
import { projectRoot } from '../lib/paths';
import { createTagger, loadTaxonomy } from '../taxonomy';
import { Store } from '../store/store';
import { processFile } from './pipeline';
import { readManifest } from './manifest';
import { ingestFiles } from './batch';
import { FIXTURE_MANIFEST, FIXTURE_REPORTS, tempDir } from '../test/fixture-repository';
import { wordOverlap } from '../test/word-overlap';
import { createBackend } from '../search/create-backend';
import { officeAvailable } from './extractors/word-pages';
import { ExtractionPool } from './worker/pool';

const taxonomy = loadTaxonomy();
const tagger = createTagger(taxonomy);
const manifest = readManifest(FIXTURE_MANIFEST);
const expectations: ExpectedReport[] = fs
  .readdirSync(FIXTURE_REPORTS)
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(FIXTURE_REPORTS, f), 'utf8')));

let officeInstalled = false;
beforeAll(async () => {
  officeInstalled = await officeAvailable();
  if (!officeInstalled) process.stderr.write('LibreOffice (soffice) is not installed: the .doc fixture is checked on estimated pages\n');
});

describe.each(expectations.map((e) => [e.file, e] as const))('%s', (file, expected) => {
  let record: ReviewRecord;
  beforeAll(async () => {
    record = await processFile(fs.readFileSync(path.join(FIXTURE_REPORTS, file)), {
      fileName: file,
      manifest: manifest.get(file),
      tagger,
      taxonomyVersion: taxonomy.version,
    });
  });

  it('is stored with the expected status', () => {
    expect(record.source.type).toBe(expected.type);
    expect(record.status).toBe(expected.status);
    if (expected.statusReason) expect(record.statusReason).toBe(expected.statusReason);
    // A Word file's pages are known where it records them or LibreOffice laid it out; an estimate is only near.
    if (record.source.pageBasis !== 'estimated') expect(record.source.pages).toBe(expected.pages);
  });

  it('says how its page numbers were found', () => {
    if (expected.type === 'pdf' || expected.type === 'txt') expect(record.source.pageBasis).toBe('exact');
    // The bundled DOCX files record Word's page breaks; a .doc has none, and is laid out where LibreOffice is installed.
    if (expected.type === 'docx') expect(record.source.pageBasis).toBe('exact');
    if (expected.type === 'doc') expect(record.source.pageBasis).toBe(officeInstalled ? 'laid-out' : 'estimated');
  });

  it('extracts at least 99% of the expected words and nothing much else', () => {
    expect(wordOverlap(expected.text, record.text)).toBeGreaterThanOrEqual(0.99);
    expect(wordOverlap(record.text, expected.text)).toBeGreaterThanOrEqual(0.99);
    if (!expected.text) expect(record.passages).toEqual([]);
  });

  it('leaves no running header, footer, page number or contents line', () => {
    // Compared with spacing made even: a page number beside a header may come out tab-separated.
    const even = (l: string) => l.replace(/\s+/g, ' ').trim();
    const lines = new Set(record.text.split('\n').map(even));
    for (const line of [...expected.headerFooterLines, ...expected.tocLines]) expect(lines.has(even(line))).toBe(false);
  });

  it('finds the sections, in order, with their pages', () => {
    const found = record.sections.map((s) => ({ kind: s.kind, title: s.title.replace(/^\d+(\.\d+)*\.?\s+/, ''), page: s.page }));
    const pagesKnown = record.source.pageBasis !== 'estimated';
    expect(found).toEqual(
      expected.sections.map((s) => ({ kind: s.kind, title: s.title, page: pagesKnown && s.page !== undefined ? s.page : expect.any(Number) })),
    );
  });

  it('gives each passage its section and a page of the report', () => {
    for (const p of record.passages) {
      expect(record.text.slice(p.offset, p.offset + 20)).toBe(p.text.slice(0, 20));
      expect(p.page).toBeGreaterThanOrEqual(1);
      expect(p.page).toBeLessThanOrEqual(record.source.pages);
    }
  });

  it('splits out each recommendation', () => {
    expect(record.recommendations.map((r) => r.text)).toEqual(expected.recommendations);
  });

  it('keeps the footnotes, after the body', () => {
    for (const f of expected.footnotes) expect(record.text).toContain(f);
  });

  it('raises the identifier flags, each with its page', () => {
    expect(record.flags.map((f) => ({ kind: f.kind, text: f.text }))).toEqual(expect.arrayContaining(expected.flags));
    if (!expected.flags.length) expect(record.flags).toEqual([]);
    for (const f of record.flags) expect(f.page).toBeGreaterThanOrEqual(1);
  });

  it('has the expected metadata, marking what came from the text', () => {
    expect(record.metadata).toMatchObject(expected.metadata);
    const row = manifest.get(file);
    for (const field of record.metadata.inferred) expect(row?.[field === 'reviewType' ? 'review_type' : field === 'ageBand' ? 'age_band' : field]).toBeFalsy();
  });
});

interface BadFile {
  file: string;
  error?: string;
  ok?: boolean;
  mustNotContain?: string;
}

describe('bad files', () => {
  const bad: BadFile[] = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'fixtures', 'bad', 'expected.json'), 'utf8'));

  it('each gets one clear line, the good ones are ingested, and the batch goes on', async () => {
    const dataDir = tempDir('bad');
    const store = new Store(dataDir);
    const backend = await createBackend({ backend: 'embedded', dataDir });
    const files = [...bad.map((b) => path.join(projectRoot(), 'fixtures', 'bad', b.file)), path.join(FIXTURE_REPORTS, 'child-q-2013.pdf')];
    // A time limit short enough for a test, and several times what any good file here needs on a
    // busy machine; pdf.js, which the nested graphics-state saves keep busy (poppler reads them at once).
    process.env.SCR_PDF_READER = 'pdfjs';
    const pool = new ExtractionPool(2, { timeoutMs: 5000, memoryMb: 1024 });
    delete process.env.SCR_PDF_READER;
    const summary = await ingestFiles(files, { store, backend, tagger, taxonomyVersion: taxonomy.version, pool });
    await pool.close();
    await backend.close();
    for (const b of bad) {
      const failure = summary.failed.find((f) => f.file.endsWith(`/${b.file}`));
      if (b.ok) expect(failure).toBeUndefined();
      else {
        expect(failure?.error.toLowerCase()).toContain(b.error);
        expect(failure?.error).not.toMatch(/\n|\s+at /);
      }
    }
    expect(summary.failed).toHaveLength(bad.filter((b) => !b.ok).length);
    // The misnamed PDF may be a copy of a fixture report: stored once either way.
    expect(summary.ingested + summary.quarantined + summary.unchanged).toBe(bad.filter((b) => b.ok).length + 1);
    const stored: ReviewRecord[] = fs.readdirSync(store.reviewsDir).map((f) => JSON.parse(fs.readFileSync(path.join(store.reviewsDir, f), 'utf8')));
    expect(stored.length).toBe(summary.ingested + summary.quarantined);
    for (const record of stored) {
      const text = JSON.stringify(record);
      for (const b of bad) if (b.mustNotContain) expect(text).not.toContain(b.mustNotContain);
      expect(record.text).not.toMatch(/[\u0000-\u0008\u000B-\u001F]/);
      expect((record.text.match(/\p{L}/gu) ?? []).length).toBeGreaterThan(1000);
    }
  });

  it('refuses a file over the size limit before reading it', async () => {
    const dataDir = tempDir('big');
    const store = new Store(dataDir);
    const backend = await createBackend({ backend: 'embedded', dataDir });
    const summary = await ingestFiles([path.join(FIXTURE_REPORTS, 'child-a-2012.pdf')], {
      store,
      backend,
      tagger,
      taxonomyVersion: taxonomy.version,
      maxFileBytes: 1000,
    });
    await backend.close();
    expect(summary.failed[0].error).toMatch(/^file is too large \(\d+ bytes; limit 1000\)$/);
    expect(store.ids()).toEqual([]);
  });
});
