/** The whole redacted text of a review page by page, and the PDF drawn from it, from a real fixture report redacted through the editorial core. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReviewRecord } from '../model';
import { projectRoot } from '../lib/paths';
import { prepareRecord } from '../ingest/pipeline';
import { REDACTION_MARK, redactPhrase } from './editorial/redact';
import { fullTextWithheld, textPages } from './redacted-text';
import { redactedPdf } from './redacted-pdf';

const FILE = path.join(projectRoot(), 'fixtures', 'reports', 'child-a-2012.pdf');
/** The partnership's place name, on several of its pages: the kind of thing an editor redacts. */
const PHRASE = 'Brackenridge';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scr-redacted-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function pdfText(pdf: Buffer, page?: number): string {
  const file = path.join(tmp, `copy-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-layout', file, '-'], { encoding: 'utf8' });
}

function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
}

let original: ReviewRecord;
let redacted: ReviewRecord;

beforeAll(async () => {
  original = await prepareRecord(fs.readFileSync(FILE), { fileName: path.basename(FILE) });
  const { record } = redactPhrase(original, PHRASE);
  redacted = { ...record, flags: [...record.flags, { kind: 'name', text: PHRASE, page: 1, offset: 0, status: 'redacted' }] };
});

describe('textPages', () => {
  it('gives every page of the original in order, those with nothing kept as empty', () => {
    const pages = textPages(redacted);
    expect(pages.map((p) => p.num)).toEqual(Array.from({ length: Number(pdfInfo(FILE).Pages) }, (_, i) => i + 1));
    const kept = new Set(original.pages.map((p) => p.num));
    for (const page of pages) {
      expect(page.label).toBe(`page ${page.num}`);
      expect(page.text === '').toBe(!kept.has(page.num));
    }
  });

  it('puts each passage on its own page, with the redacted phrase replaced by the mark', () => {
    const pages = textPages(redacted);
    const all = pages.map((p) => p.text).join('\n');
    expect(all).not.toMatch(new RegExp(PHRASE, 'i'));
    expect(JSON.stringify(pages)).not.toMatch(new RegExp(PHRASE, 'i'));
    const marked = pages.filter((p) => p.text.includes(REDACTION_MARK)).length;
    expect(marked).toBeGreaterThan(1);
    // Where the phrase stood in the text before redaction, the page now holds the mark.
    const before = textPages(original);
    for (const page of before) expect(pages[page.num - 1].text.includes(REDACTION_MARK)).toBe(page.text.includes(PHRASE));
    for (const passage of redacted.passages) expect(pages[passage.page - 1].text).toContain(passage.text.slice(0, 60));
  });

  it('replaces a redacted phrase even where a record still holds it', () => {
    const stale = { ...original, flags: redacted.flags };
    expect(JSON.stringify(textPages(stale))).not.toContain(PHRASE);
  });

  it('says so on pages read by OCR, and estimates where the pages were estimated', () => {
    const ocr: ReviewRecord = {
      ...redacted,
      source: { ...redacted.source, type: 'docx', pageBasis: 'estimated' },
      pages: redacted.pages.map((p) => (p.num === 3 ? { ...p, origin: 'ocr' as const, ocrConfidence: 87.5 } : p)),
    };
    const pages = textPages(ocr);
    expect(pages[2]).toMatchObject({ label: 'about page 3', origin: 'ocr', ocrConfidence: 87.5 });
    expect(pages[3]).toMatchObject({ label: 'about page 4', origin: 'text-layer', ocrConfidence: null });
  });
});

describe('fullTextWithheld', () => {
  it('holds the text back while a flag is open or OCR text is unchecked, and gives it once they are dealt with', () => {
    expect(fullTextWithheld(redacted)).toBeNull();
    expect(fullTextWithheld({ ...redacted, flags: [...redacted.flags, { kind: 'postcode', text: 'QX4 7QT', page: 3, offset: 200, status: 'open' }] })).toMatch(/identifying details/);
    const ocr = { engine: 'tesseract 5', missingTools: [], pages: [{ num: 3, confidence: 80 }], failed: [], meanConfidence: 80 };
    expect(fullTextWithheld({ ...redacted, ocr })).toMatch(/page images/);
    expect(fullTextWithheld({ ...redacted, ocr: { ...ocr, checked: { by: 'editor', at: '2026-01-01T00:00:00Z' } } })).toBeNull();
  });
});

describe('redactedPdf', () => {
  let pdf: Buffer;
  let file: string;
  beforeAll(async () => {
    pdf = await redactedPdf(redacted);
    file = path.join(tmp, 'redacted.pdf');
    fs.writeFileSync(file, pdf);
  });

  it('has one page per page of the original, each headed as a redacted copy of that page', () => {
    const pages = Number(pdfInfo(FILE).Pages);
    expect(Number(pdfInfo(file).Pages)).toBe(pages);
    for (let n = 1; n <= pages; n++) {
      const text = pdfText(pdf, n);
      expect(text).toContain(`Redacted copy — page ${n} of the original report`);
      expect(text).not.toContain('(continued)');
    }
    expect(pdfText(pdf, 1)).toContain(redacted.metadata.title);
  });

  it('holds the redacted text and not the phrase, and nothing of the original file’s properties', () => {
    const text = pdfText(pdf);
    expect(text).not.toMatch(new RegExp(PHRASE, 'i'));
    expect(text).toContain(REDACTION_MARK);
    expect(pdf.toString('latin1')).not.toMatch(new RegExp(PHRASE, 'i'));
    const info = pdfInfo(file);
    const originalInfo = pdfInfo(FILE);
    expect(info.Author).toBe('Case Review Repository');
    expect(info.Author).not.toBe(originalInfo.Author);
    expect(info.Producer).toBe('Case Review Repository');
    expect(info.Title).toBe(`${redacted.metadata.title} (redacted copy)`);
  });

  it('writes Welsh and other names as they are, in an embedded font', async () => {
    const title = 'Child W: a review in Llanfair-ym-Muallt, tŷ Ŵyn, Łódź';
    const welsh = await redactedPdf({ ...redacted, metadata: { ...redacted.metadata, title } });
    expect(pdfText(welsh, 1)).toContain(title);
  });

  it('fits a long page on its page, and runs one too long for the smallest type on to pages marked as continued', async () => {
    const paragraph = redacted.passages.find((p) => p.text.length > 400)!.text;
    const withPage3 = (times: number): ReviewRecord => {
      const extra = `\n\n${Array(times).fill(paragraph).join('\n\n')}`;
      const p3 = redacted.pages.find((p) => p.num === 3)!;
      const text = redacted.text.slice(0, p3.end) + extra + redacted.text.slice(p3.end);
      const shift = (o: number) => (o >= p3.end ? o + extra.length : o);
      return { ...redacted, text, pages: redacted.pages.map((p) => ({ ...p, start: p.num === 3 ? p.start : shift(p.start), end: shift(p.end) })) };
    };
    const dense = await redactedPdf(withPage3(4));
    const denseFile = path.join(tmp, 'dense.pdf');
    fs.writeFileSync(denseFile, dense);
    expect(pdfInfo(denseFile).Pages).toBe(pdfInfo(FILE).Pages);

    const over = await redactedPdf(withPage3(40));
    const overFile = path.join(tmp, 'over.pdf');
    fs.writeFileSync(overFile, over);
    const pages = Number(pdfInfo(FILE).Pages);
    const count = Number(pdfInfo(overFile).Pages);
    expect(count).toBeGreaterThan(pages);
    const heading = (n: number, continued = false) => `Redacted copy — page ${n} of the original report${continued ? ' (continued)' : ''}`;
    const expected = [heading(1), heading(2), heading(3), ...Array(count - pages).fill(heading(3, true)), ...Array.from({ length: pages - 3 }, (_, i) => heading(i + 4))];
    const found = Array.from({ length: count }, (_, i) => /Redacted copy — page \d+ of the original report( \(continued\))?/.exec(pdfText(over, i + 1))?.[0]);
    expect(found).toEqual(expected);
  });
});
