import WordExtractor from 'word-extractor';
import type { Extractor, RawDocument } from './extractor';
import { IngestError } from '../errors';

/**
 * Old binary Word files (Word 97-2003) through word-extractor. It gives the body without headers
 * and footers, one paragraph per line, and no page layout, so the whole body is page 1.
 */
export const docExtractor: Extractor = {
  type: 'doc',
  async extract(data: Buffer): Promise<RawDocument> {
    let doc: Awaited<ReturnType<WordExtractor['extract']>>;
    try {
      doc = await new WordExtractor().extract(data);
    } catch (err) {
      throw new IngestError(`DOC is corrupt or unreadable (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
    }
    const paragraphs = doc
      .getBody()
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((l) => l.trim());
    const footnotes = doc
      .getFootnotes()
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((t, i) => ({ text: /^\d+\s/.test(t) ? t : `${i + 1} ${t}`, page: 1 }));
    return { pages: [{ num: 1, text: paragraphs.join('\n\n') }], footnotes };
  },
};
