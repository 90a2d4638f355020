/** Page numbers of Word files: from the breaks Word records, from a LibreOffice layout, or estimated. */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { ExpectedReport } from '../../scripts/fixtures/expected';
import { FIXTURE_REPORTS } from '../../test/fixture-repository';
import { extractDocument } from '../pipeline';
import { extractPages } from '.';
import { markPageBreaks, pageBreakStyles } from './docx-breaks';
import { WORDS_PER_PAGE, officeAvailable } from './word-pages';

const fixture = (file: string) => fs.readFileSync(path.join(FIXTURE_REPORTS, file));
const expectedOf = (file: string): ExpectedReport =>
  JSON.parse(fs.readFileSync(path.join(FIXTURE_REPORTS, file.replace(/\.\w+$/, '.expected.json')), 'utf8'));

/** The page each expected section heading is found on. */
async function sectionPages(data: Buffer): Promise<{ pages: number[]; basis: string; count: number }> {
  const doc = await extractDocument(data);
  return { pages: doc.layout.sections.map((s) => s.page), basis: doc.pageBasis, count: doc.pageCount };
}

async function withoutRenderedBreaks(docx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')!.async('string');
  zip.file('word/document.xml', xml.replace(/<w:lastRenderedPageBreak\/>/g, ''));
  return zip.generateAsync({ type: 'nodebuffer' });
}

const body = (inner: string) =>
  `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${inner}</w:body></w:document>`;
const para = (text: string, pPr = '', before = '') => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}<w:r>${before}<w:t>${text}</w:t></w:r></w:p>`;
const breaks = (xml: string) => (xml.match(/<w:br w:type="page"\/>/g) ?? []).length;

describe('the page breaks a Word file records', () => {
  it('makes each rendered break a page break, once, however many ways the file records it', () => {
    const xml = body(
      para('One') +
        `<w:p><w:r><w:t>Two</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p>` +
        // Word writes a rendered break after an explicit one: the same page boundary.
        para('Three', '', '<w:lastRenderedPageBreak/>') +
        para('Four', '', '<w:lastRenderedPageBreak/>'),
    );
    const marked = markPageBreaks(xml);
    expect(marked.rendered).toBe(true);
    expect(breaks(marked.xml)).toBe(2);
    expect(marked.xml).not.toContain('lastRenderedPageBreak');
  });

  it('breaks before paragraphs that ask for it, directly or through their style, and not where it is switched off', () => {
    const styles = `<w:styles><w:style w:type="paragraph" w:styleId="Chapter"><w:pPr><w:pageBreakBefore/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="SubChapter"><w:basedOn w:val="Chapter"/></w:style>
      <w:style w:type="paragraph" w:styleId="Plain"><w:basedOn w:val="Chapter"/><w:pPr><w:pageBreakBefore w:val="0"/></w:pPr></w:style></w:styles>`;
    const breaking = pageBreakStyles(styles);
    expect([...breaking].sort()).toEqual(['Chapter', 'SubChapter']);
    const xml = body(
      para('Title') +
        para('Direct', '<w:pageBreakBefore/>') +
        para('Styled', '<w:pStyle w:val="SubChapter"/>') +
        para('Off', '<w:pageBreakBefore w:val="false"/>') +
        para('Plain', '<w:pStyle w:val="Plain"/>'),
    );
    const marked = markPageBreaks(xml, breaking);
    expect(marked.rendered).toBe(false);
    expect(breaks(marked.xml)).toBe(2);
  });

  it('starts a page after sections that end on a new page, not after continuous ones', () => {
    const sect = (type?: string) => `<w:sectPr>${type ? `<w:type w:val="${type}"/>` : ''}</w:sectPr>`;
    // Each sectPr says how its own section starts; the break after a section is the next one's type.
    const xml = body(
      para('Title page', sect()) + para('Continuous section', sect('continuous')) + para('Next page section', sect('nextPage')) + para('Last') + sect('continuous'),
    );
    expect(breaks(markPageBreaks(xml).xml)).toBe(1);
    const odd = body(para('One', sect()) + para('Two') + sect('oddPage'));
    expect(breaks(markPageBreaks(odd).xml)).toBe(1);
  });
});

describe('DOCX pages', () => {
  it('are exact where the file records where Word broke its pages', async () => {
    for (const file of fs.readdirSync(FIXTURE_REPORTS).filter((f) => f.endsWith('.docx'))) {
      const expected = expectedOf(file);
      const got = await sectionPages(fixture(file));
      expect({ file, basis: got.basis, count: got.count, pages: got.pages }).toEqual({
        file,
        basis: 'exact',
        count: expected.pages,
        pages: expected.sections.map((s) => s.page),
      });
    }
  });

  it('are laid out by LibreOffice where the file records none', async () => {
    const file = 'child-r-2020.docx';
    const expected = expectedOf(file);
    const got = await sectionPages(await withoutRenderedBreaks(fixture(file)));
    if (!(await officeAvailable())) {
      process.stderr.write('LibreOffice (soffice) is not installed: checked the estimate instead of the layout\n');
      expect(got.basis).toBe('estimated');
      return;
    }
    expect(got.basis).toBe('laid-out');
    expect(got.count).toBe(expected.pages);
    expect(got.pages).toEqual(expected.sections.map((s) => s.page));
  });

  // Absent (the program cannot be started) or turned off: either way the estimate.
  it.each(['none', path.join(FIXTURE_REPORTS, 'no-such-office')])('are estimated from the length of the text where nothing lays the file out (SCR_SOFFICE=%s)', async (office) => {
    const file = 'child-r-2020.docx';
    const expected = expectedOf(file);
    const before = process.env.SCR_SOFFICE;
    process.env.SCR_SOFFICE = office;
    try {
      const data = await withoutRenderedBreaks(fixture(file));
      const raw = await extractPages(data);
      expect(raw.pageBasis).toBe('estimated');
      // The explicit breaks after the title page and the contents still hold.
      expect(raw.pages[0].text).toContain('Child R');
      expect(raw.pages[1].text).toMatch(/^Contents/);
      for (const page of raw.pages.slice(2, -1)) {
        expect(page.text.split(/\s+/).length).toBeGreaterThan(WORDS_PER_PAGE * 0.5);
        expect(page.text.split(/\s+/).length).toBeLessThan(WORDS_PER_PAGE * 1.6);
      }
      expect(Math.abs(raw.pages.length - expected.pages!)).toBeLessThanOrEqual(2);
    } finally {
      if (before === undefined) delete process.env.SCR_SOFFICE;
      else process.env.SCR_SOFFICE = before;
    }
  });
});

describe('DOC pages', () => {
  it('are laid out by LibreOffice, else estimated', async () => {
    const file = 'child-h-2011.doc';
    const expected = expectedOf(file);
    const got = await sectionPages(fixture(file));
    if (!(await officeAvailable())) {
      process.stderr.write('LibreOffice (soffice) is not installed: checked the estimate instead of the layout\n');
      expect(got.basis).toBe('estimated');
      return;
    }
    expect(got.basis).toBe('laid-out');
    expect(got.count).toBe(expected.pages);
    expect(got.pages).toEqual(expected.sections.map((s) => s.page));
  });
});
