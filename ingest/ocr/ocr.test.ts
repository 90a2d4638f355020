/** OCR of scanned fixture reports with the real Tesseract and pdftoppm. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ReviewRecord } from '../../model';
import type { ExpectedScan } from '../../scripts/fixtures/expected';
import { projectRoot } from '../../lib/paths';
import { createTagger, loadTaxonomy } from '../../taxonomy';
import { FIXTURE_REPORTS, tempDir } from '../../test/fixture-repository';
import { wordOverlap } from '../../test/word-overlap';
import { processFile } from '../pipeline';
import { inPool } from './pool';
import type { OcrOptions } from './ocr';
import { ocrTools } from './tools';

const OCR_FIXTURES = path.join(projectRoot(), 'fixtures', 'ocr');
const taxonomy = loadTaxonomy();
const tagger = createTagger(taxonomy);
const expectedOf = (file: string): ExpectedScan => JSON.parse(fs.readFileSync(path.join(OCR_FIXTURES, file.replace(/\.pdf$/, '.expected.json')), 'utf8'));

/** Every page read afresh by Tesseract unless a cache is named. */
function ingest(dir: string, file: string, ocr: OcrOptions = {}): Promise<ReviewRecord> {
  return processFile(fs.readFileSync(path.join(dir, file)), { fileName: file, tagger, taxonomyVersion: taxonomy.version, ocr: { cacheDir: null, ...ocr } });
}

const pageText = (r: ReviewRecord, num: number) => {
  const p = r.pages.find((x) => x.num === num);
  return p ? r.text.slice(p.start, p.end) : '';
};

beforeAll(() => {
  const { missing } = ocrTools();
  if (missing.length) throw new Error(`OCR tests need Tesseract and poppler: apt-get install ${missing.join(' ')}`);
});

describe('an image-only PDF', () => {
  const expected = expectedOf('child-q-2013-scanned.pdf');
  let record: ReviewRecord;
  beforeAll(async () => {
    record = await ingest(OCR_FIXTURES, expected.file);
  }, 600_000);

  it('is read by OCR at 95% word recall, with no running line left', () => {
    expect(wordOverlap(expected.text, record.text)).toBeGreaterThanOrEqual(0.95);
    const lines = new Set(record.text.split('\n').map((l) => l.trim()));
    for (const line of [...expected.headerFooterLines, ...expected.tocLines]) expect(lines.has(line.trim())).toBe(false);
  });

  it('says every page, passage and so every tag came from OCR, with its confidence', () => {
    expect(record.ocr).toMatchObject({ engine: expect.stringMatching(/^tesseract/), missingTools: [], failed: [] });
    expect(record.ocr!.pages.map((p) => p.num)).toEqual(expected.scannedPages);
    expect(record.ocr!.meanConfidence).toBeGreaterThan(50);
    for (const p of record.pages) expect(p).toMatchObject({ origin: 'ocr', ocrConfidence: expect.any(Number) });
    expect(record.passages.length).toBeGreaterThan(5);
    for (const p of record.passages) expect(p).toMatchObject({ origin: 'ocr', ocrConfidence: expect.any(Number) });
    expect(record.passages.some((p) => p.themes.length)).toBe(true);
  });

  it('goes to an editor before it is published', () => {
    expect(record.status).toBe(expected.status);
    expect(record.statusReason).toBe(expected.statusReason);
  });
});

describe('a PDF with some pages scanned', () => {
  const expected = expectedOf('child-f-2017-mixed.pdf');
  let mixed: ReviewRecord;
  let source: ReviewRecord;
  // Read into a cache of its own, which the cache test below then reads from.
  const cacheDir = tempDir('ocr-cache');
  beforeAll(async () => {
    [mixed, source] = await Promise.all([ingest(OCR_FIXTURES, expected.file, { cacheDir }), ingest(FIXTURE_REPORTS, expected.source)]);
  }, 600_000);

  it('reads only the scanned pages by OCR and keeps the text layer of the others as it is', () => {
    expect(mixed.ocr!.pages.map((p) => p.num)).toEqual(expected.scannedPages);
    for (const page of mixed.pages) {
      const scanned = expected.scannedPages.includes(page.num);
      expect(page.origin).toBe(scanned ? 'ocr' : 'text-layer');
      if (scanned) expect(wordOverlap(pageText(source, page.num), pageText(mixed, page.num))).toBeGreaterThanOrEqual(0.95);
      else {
        // A paragraph running on to a scanned page ends in recognised text; every other one is the text layer's, verbatim.
        const paragraphs = pageText(source, page.num).split('\n\n');
        if (expected.scannedPages.includes(page.num + 1)) paragraphs.pop();
        for (const p of paragraphs) expect(pageText(mixed, page.num)).toContain(p);
      }
    }
    expect(wordOverlap(expected.text, mixed.text)).toBeGreaterThanOrEqual(0.97);
    expect(mixed.statusReason).toBe('OCR text to check');
  });

  it('keeps each page read in the OCR cache, so the same scan is not read again', async () => {
    expect(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.json'))).toHaveLength(expected.scannedPages.length);
    // No page could be read in a millisecond: this one is served from the cache.
    const again = await ingest(OCR_FIXTURES, expected.file, { cacheDir, pageTimeoutMs: 1 });
    expect(again.ocr).toEqual(mixed.ocr);
    expect(again.text).toBe(mixed.text);
  });
});

describe('when OCR cannot read a page', () => {
  it('marks a page that runs out of time as failed, and the review as still needing OCR', async () => {
    const record = await ingest(OCR_FIXTURES, 'child-q-2013-scanned.pdf', { pageTimeoutMs: 1 });
    expect(record.ocr!.failed.map((f) => f.num)).toEqual([1, 2, 3, 4, 5]);
    expect(record.ocr!.failed[0].error).toMatch(/took longer than/);
    expect(record).toMatchObject({ status: 'quarantined', statusReason: 'needs OCR', text: '', passages: [] });
  });

  it('says what to install when Tesseract is not there', () => {
    // A PATH with node alone: no tesseract, no pdftoppm.
    const bin = tempDir('no-ocr-bin');
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    const res = spawnSync(process.execPath, [path.join(projectRoot(), 'bin', 'scr.js'), 'extract', path.join(OCR_FIXTURES, 'child-q-2013-scanned.pdf'), '--json'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: bin },
      timeout: 120_000,
    });
    expect(res.status).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.warning).toBe('no text layer: needs OCR (install tesseract-ocr, tesseract-ocr-eng, poppler-utils)');
    expect(out.ocr).toMatchObject({ engine: null, missingTools: ['tesseract-ocr', 'tesseract-ocr-eng', 'poppler-utils'], pages: [] });

    // A mixed PDF keeps the text it has, and is held until an editor has seen what is missing.
    const dataDir = tempDir('no-ocr-data');
    const ingest = spawnSync(process.execPath, [path.join(projectRoot(), 'bin', 'scr.js'), 'ingest', path.join(OCR_FIXTURES, 'child-f-2017-mixed.pdf'), '--data-dir', dataDir, '--json'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: bin },
      timeout: 120_000,
    });
    expect(JSON.parse(ingest.stdout)).toMatchObject({ ingested: 0, quarantined: 1, failed: [] });
    const [stored] = fs.readdirSync(path.join(dataDir, 'reviews')).map((f) => JSON.parse(fs.readFileSync(path.join(dataDir, 'reviews', f), 'utf8')) as ReviewRecord);
    expect(stored).toMatchObject({ status: 'quarantined', statusReason: 'OCR text to check', ocr: { missingTools: ['tesseract-ocr', 'tesseract-ocr-eng', 'poppler-utils'], pages: [] } });
    expect(stored.text.length).toBeGreaterThan(5000);
  });
});

describe('the OCR pool', () => {
  it('runs no more tasks at once than the machine has cores', async () => {
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const tasks = Array.from({ length: 12 }, () =>
      inPool(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
      }),
    );
    // Release the started tasks one by one; each release lets a waiting one start.
    for (let released = 0; released < 12; released++) {
      while (releases.length === 0) await new Promise((r) => setImmediate(r));
      releases.shift()!();
    }
    await Promise.all(tasks);
    expect(most).toBe(Math.min(12, require('node:os').availableParallelism()));
  });
});
