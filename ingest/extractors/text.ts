import type { Extractor, RawDocument } from './extractor';

/** Plain text: a form feed separates pages, as pdftotext writes them. */
export const textExtractor: Extractor = {
  type: 'txt',
  async extract(data: Buffer): Promise<RawDocument> {
    const pages = data
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n')
      .split('\f')
      .map((text, i) => ({ num: i + 1, text }));
    // A trailing form feed ends the last page rather than starting an empty one.
    if (pages.length > 1 && !pages[pages.length - 1].text.trim()) pages.pop();
    return { pages, footnotes: [] };
  },
};
