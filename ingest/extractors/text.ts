import type { Extractor, RawPage } from './extractor';

/** Plain text: a form feed separates pages, as pdftotext writes them. */
export const textExtractor: Extractor = {
  type: 'txt',
  async extract(data: Buffer): Promise<RawPage[]> {
    return data
      .toString('utf8')
      .replace(/\r\n?/g, '\n')
      .split('\f')
      .map((text, i) => ({ num: i + 1, text }));
  },
};
