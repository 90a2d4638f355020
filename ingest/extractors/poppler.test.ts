/** The poppler path gives the pdf.js path's text on every PDF fixture, and reads what keeps pdf.js busy. */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../lib/paths';
import { FIXTURE_REPORTS } from '../../test/fixture-repository';
import { extractWithPoppler, popplerAvailable } from './poppler';
import { pdfExtractor } from './pdf';
import { extractDocument } from '../pipeline';

const installed = popplerAvailable();
if (!installed) process.stderr.write('poppler.test: pdftotext (poppler-utils) is not installed: the poppler path is not tested here\n');
const pdfs = fs.readdirSync(FIXTURE_REPORTS).filter((f) => f.endsWith('.pdf'));

(installed ? describe : describe.skip)('the poppler path', () => {
  /** The pdf.js path alone, as when poppler is not installed. */
  const viaPdfJs = async (data: Buffer) => {
    process.env.SCR_PDF_READER = 'pdfjs';
    try {
      return await pdfExtractor.extract(data);
    } finally {
      delete process.env.SCR_PDF_READER;
    }
  };

  it.each(pdfs)('gives the same pages and footnotes as pdf.js for %s', async (file) => {
    const data = fs.readFileSync(path.join(FIXTURE_REPORTS, file));
    const poppler = extractWithPoppler(data);
    expect(poppler).not.toBeNull();
    const { pages, footnotes } = await viaPdfJs(data);
    expect(poppler).toEqual({ pages, footnotes });
  });

  it('is the path taken when pdftotext is installed', async () => {
    const data = fs.readFileSync(path.join(FIXTURE_REPORTS, pdfs[0]));
    // The text is poppler's; the parts outside it are still read (by pdf.js) to be scanned.
    const { hidden, ...text } = await pdfExtractor.extract(data);
    expect(text).toEqual(extractWithPoppler(data));
    expect(hidden?.length).toBeGreaterThan(0);
  });

  it('reads the nested graphics-state saves that keep pdf.js busy, and finds too little text in them to publish', async () => {
    const data = fs.readFileSync(path.join(projectRoot(), 'fixtures', 'bad', 'nested-saves.pdf'));
    expect(extractWithPoppler(data)?.pages[0].text).toBe('Child A');
    // Two words on a page: the pipeline takes it for a scan that needs OCR, never for text to publish.
    expect(await extractDocument(data)).toMatchObject({ textLayerMissing: true });
  });

  it('leaves to pdf.js what poppler cannot open, so its error says why', async () => {
    const data = fs.readFileSync(path.join(projectRoot(), 'fixtures', 'bad', 'encrypted.pdf'));
    expect(extractWithPoppler(data)).toBeNull();
    await expect(pdfExtractor.extract(data)).rejects.toThrow(/encrypted/);
  });
});
