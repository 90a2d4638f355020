/** The case-study pack as a trainer receives it: the Word document and the PDF, opened and read. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import type { ReviewRecord } from '../model';
import { sampleRecords } from '../search/testing/sample-records';
import { loadTaxonomy } from '../taxonomy';
import { buildPack, reflectiveQuestions, type CaseStudyPack } from './pack';
import { caseStudyPackDocx } from './documents';
import { caseStudyPackPdf } from './pack-pdf';

const taxonomy = loadTaxonomy();
const ORIGIN = 'https://example.org';
const NOW = new Date('2026-03-05T10:00:00Z');

function withBasis(record: ReviewRecord, type: ReviewRecord['source']['type'], pageBasis: ReviewRecord['source']['pageBasis']): ReviewRecord {
  return {
    ...record,
    source: { ...record.source, type, pageBasis },
    recommendations: [{ id: 'r1', text: 'The partnership should review its neglect strategy.', page: 4, themes: [] }],
  };
}

const docxText = async (buffer: Buffer) => (await mammoth.extractRawText({ buffer })).value;

async function packText(record: ReviewRecord): Promise<string> {
  const themeId = record.themes[0].id;
  return docxText(await caseStudyPackDocx(buildPack([record], [taxonomy.get(themeId)!], taxonomy, ORIGIN)));
}

/** The PDF's text page by page, as poppler reads it. */
function pdfPages(pdf: Buffer): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-pdf-'));
  try {
    const file = path.join(dir, 'pack.pdf');
    fs.writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    return text.split('\f').slice(0, -1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const count = (text: string, part: string) => text.split(part).length - 1;
/** Wrapped lines joined again, so a sentence can be found whatever the layout. */
const flat = (text: string) => text.replace(/\s+/g, ' ').replace(/\/ (?=\S)/g, '/');

describe('a case-study pack', () => {
  const records = sampleRecords();
  const byTitle = (t: string) => records.find((r) => r.metadata.title.endsWith(t))!;
  // B and C carry neglect; D carries domestic abuse but not neglect: chosen all the same.
  const cases = ['Child B', 'Child C', 'Child D'].map((t, i) => ({
    ...byTitle(t),
    // Letters beyond Western European, as Welsh place names have.
    metadata: { ...byTitle(t).metadata, ...(i === 1 ? { area: 'Cwm Ŷr and Llanŵydd Safeguarding Board' } : {}) },
    recommendations: [{ id: 'r1', text: `Agencies in case ${i + 1} should hold one shared plan for the child.`, page: 5, themes: ['neglect'] }],
  }));
  const themes = [taxonomy.get('neglect')!, { ...taxonomy.get('domestic-abuse')!, questions: [] }];
  let pack: CaseStudyPack;
  let docx: Buffer;
  let text: string;
  let pdf: Buffer;
  let pages: string[];
  let pdfAll: string;

  beforeAll(async () => {
    pack = buildPack(cases, themes, taxonomy, ORIGIN, NOW);
    docx = await caseStudyPackDocx(pack);
    text = await docxText(docx);
    pdf = await caseStudyPackPdf(pack);
    pages = pdfPages(pdf);
    pdfAll = flat(pages.join('\n'));
  });

  const questions = themes.flatMap(reflectiveQuestions);

  it('takes questions from the taxonomy, or from the theme’s kind where it has none', () => {
    expect(reflectiveQuestions(themes[0])).toEqual(taxonomy.get('neglect')!.questions);
    expect(reflectiveQuestions(themes[1]).length).toBeGreaterThan(0);
    expect(reflectiveQuestions(themes[1])).not.toEqual(reflectiveQuestions(themes[0]));
  });

  it('opens the Word document with a cover page, then a page break', async () => {
    const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
    const cover = xml.slice(0, xml.indexOf('w:type="page"'));
    expect(cover.length).toBeGreaterThan(0);
    for (const line of ['Case-study pack: Neglect and Domestic abuse', 'Themes: Neglect, Domestic abuse', '3 cases', '5 March 2026', 'Prepared from the Case Review Repository']) {
      expect(cover).toContain(line);
    }
    expect(cover).not.toContain('Session outline');
    expect(text).toContain(`version ${taxonomy.version} of the repository’s theme taxonomy`);
  });

  it('numbers the Word document’s pages in its footer', async () => {
    const zip = await JSZip.loadAsync(docx);
    const footers = await Promise.all(zip.file(/word\/footer\d*\.xml/).map((f) => f.async('string')));
    expect(footers.join('')).toMatch(/PAGE/);
  });

  it('sets out a session outline whose timings add up to the session', () => {
    for (const doc of [text, pdfAll]) {
      expect(doc).toContain('Session outline');
      expect(doc).toContain('How to use the cases');
      for (const step of ['Read', 'Discuss', 'Feed back']) expect(doc).toContain(`${step}:`);
      for (const t of themes) expect(doc).toContain(`Recognise ${t.label.toLowerCase()} in the cases`);
    }
    const minutes = (from: string, to: string) =>
      [...text.slice(text.indexOf(from), text.indexOf(to)).matchAll(/(\d+) minutes:/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(minutes('Suggested timings: 90-minute session', 'Suggested timings: Half-day')).toBe(90);
    expect(minutes('Suggested timings: Half-day', 'How to use the cases')).toBe(180);
  });

  it('defines each theme and asks its questions once, not once per case', () => {
    for (const doc of [text, pdfAll]) {
      for (const t of themes) expect(doc).toContain(flat(t.definition).slice(0, 80));
      for (const q of questions) expect(count(doc, q)).toBe(1);
    }
  });

  it('gives each case its facts, summary, key passages with pages, recommendations and one citation', () => {
    for (const doc of [text, pdfAll]) {
      cases.forEach((c, i) => {
        expect(doc).toContain(`Case ${i + 1}: ${c.metadata.title}`);
        expect(doc).toContain(c.summary);
        expect(doc).toContain(c.recommendations[0].text);
        expect(count(doc, `${c.metadata.area} (${c.metadata.year}) ${c.metadata.title}.`)).toBe(1);
        expect(count(doc, `Case Review Repository, ${ORIGIN}/reviews/${c.id} (accessed 5 March 2026)`)).toBe(1);
      });
      const neglect = byTitle('Child C').passages.find((p) => p.themes.some((t) => t.id === 'neglect'))!;
      expect(flat(doc)).toContain(`${neglect.text} Neglect, page ${neglect.page}`);
    }
  });

  it('keeps a chosen case that does not carry a chosen theme, and says why it is there', () => {
    for (const doc of [text, pdfAll]) {
      expect(count(doc, 'is not tagged with Neglect in the repository; it is in the pack because it was chosen for it')).toBe(1);
      expect(count(doc, 'is not tagged with Domestic abuse in the repository')).toBe(2);
    }
  });

  it('links page references to the report at that page', async () => {
    const zip = await JSZip.loadAsync(docx);
    // Word keeps a link's #fragment apart from its address, as the hyperlink's anchor.
    const rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
    expect(rels).toContain(`Target="${ORIGIN}/api/reviews/${cases[0].id}/file"`);
    expect(await zip.file('word/document.xml')!.async('string')).toMatch(/<w:hyperlink [^>]*w:anchor="page=3"/);
    // pdfkit writes link annotations as plain dictionaries: their addresses can be read from the file.
    const uris = [...pdf.toString('latin1').matchAll(/\/URI \(([^)]*)\)/g)].map((m) => m[1]);
    expect(uris).toContain(`${ORIGIN}/api/reviews/${cases[0].id}/file#page=3`);
    expect(uris).toContain(`${ORIGIN}/reviews/${cases[0].id}`);
    for (const uri of uris) expect(uri.startsWith(`${ORIGIN}/`)).toBe(true);
    const withheld = { ...cases[0], flags: [{ kind: 'name' as const, text: 'x', page: 2, offset: 0, status: 'redacted' as const }] };
    const ref = buildPack([withheld], themes, taxonomy, ORIGIN, NOW).cases[0].passages[0].ref;
    expect(ref.url).toBe(`${ORIGIN}/reviews/${withheld.id}#page-${ref.page}`);
  });

  it('shows no internal parameters: no query strings, encoded characters or checksums', () => {
    for (const doc of [text, pdfAll]) {
      for (const part of ['review=', 'theme=', '%2', 'filters', 'SHA-256', cases[0].source.sha256.slice(0, 16)]) expect(doc).not.toContain(part);
    }
  });

  it('writes names with letters beyond Western European as they are', () => {
    for (const doc of [text, pdfAll]) expect(doc).toContain('Cwm Ŷr and Llanŵydd Safeguarding Board (2019)');
  });

  it('makes a PDF with the cover alone on its first page and every page numbered', () => {
    const cover = flat(pages[0]);
    for (const line of ['Case-study pack: Neglect and Domestic abuse', 'Themes: Neglect, Domestic abuse', '3 cases', '5 March 2026', 'Prepared from the Case Review Repository']) {
      expect(cover).toContain(line);
    }
    expect(cover).not.toContain('Session outline');
    expect(pages.length).toBeGreaterThanOrEqual(5);
    pages.forEach((p, i) => expect(flat(p)).toContain(`Page ${i + 1} of ${pages.length}`));
    // Each case starts a page of its own.
    cases.forEach((c, i) => expect(pages.findIndex((p) => flat(p).trim().startsWith(`Case ${i + 1}: ${c.metadata.title}`))).toBeGreaterThan(0));
  });
});

describe('page references in a case-study pack', () => {
  const base = sampleRecords().find((r) => r.themes.length && r.passages.length)!;

  it('say "about page N" for a Word file whose pages were estimated', async () => {
    const text = await packText(withBasis(base, 'doc', 'estimated'));
    expect(text).toMatch(/, about page \d+/);
    expect(text).toContain('(about page 4)');
  });

  it('say "page N" where the pages are the file\'s own or laid out', async () => {
    for (const [type, basis] of [['docx', 'exact'], ['doc', 'laid-out'], ['pdf', 'exact']] as const) {
      const text = await packText(withBasis(base, type, basis));
      expect(text).not.toMatch(/about page/);
      expect(text).toContain('(page 4)');
    }
  });

  it('never name the uploaded file, which can carry a family\'s name', async () => {
    const record = { ...withBasis(base, 'pdf', 'exact'), source: { ...base.source, name: 'Smith family review FINAL.pdf' } };
    expect(await packText(record)).not.toContain('Smith family');
  });
});
