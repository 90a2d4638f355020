import type { Extractor, RawDocument } from './extractor';
import { refuseMarkup } from './detect-type';

/** UTF-16 when the file says so with its byte-order mark, else UTF-8. */
function decode(data: Buffer): string {
  if (data[0] === 0xff && data[1] === 0xfe) return data.subarray(2).toString('utf16le');
  if (data[0] === 0xfe && data[1] === 0xff) return Buffer.from(data.subarray(2)).swap16().toString('utf16le');
  return data.toString('utf8').replace(/^\uFEFF/, '');
}

/** Plain text: a form feed separates pages, as pdftotext writes them. */
export const textExtractor: Extractor = {
  type: 'txt',
  async extract(data: Buffer): Promise<RawDocument> {
    const text = decode(data.length % 2 === 1 && (data[0] === 0xff || data[0] === 0xfe) ? data.subarray(0, -1) : data);
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
