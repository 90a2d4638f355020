import type { Extractor, RawDocument } from './extractor';
import { decodeText, refuseMarkup } from './detect-type';

/** Plain text: a form feed separates pages, as pdftotext writes them. */
export const textExtractor: Extractor = {
  type: 'txt',
  async extract(data: Buffer): Promise<RawDocument> {
    const text = decodeText(data);
    refuseMarkup(text.replace(/\0/g, ''));
    const pages = text
      .replace(/\r\n?/g, '\n')
      .split('\f')
      .map((t, i) => ({ num: i + 1, text: t }));
    // A trailing form feed ends the last page rather than starting an empty one.
    if (pages.length > 1 && !pages[pages.length - 1].text.trim()) pages.pop();
    return { pages, footnotes: [] };
  },
};
