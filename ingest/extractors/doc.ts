import WordExtractor from 'word-extractor';
import type { Extractor, HiddenText, RawDocument } from './extractor';
import { IngestError } from '../errors';
import { paginate, wordPageNumbers, type WordBlock } from './word-pages';
import { readDocProperties } from './doc-properties';
import { readDocObjects } from './doc-objects';

type WordDocument = Awaited<ReturnType<WordExtractor['extract']>>;

/** Headers, footers, endnotes, comments and text boxes: word-extractor keeps each apart from the body. */
function hiddenParts(doc: WordDocument): HiddenText[] {
  const parts: [HiddenText['part'], string, string][] = [
    ['header', 'headers', doc.getHeaders({ includeFooters: false })],
    ['footer', 'footers', doc.getFooters()],
    ['endnote', 'endnotes', doc.getEndnotes()],
    ['comment', 'comments', doc.getAnnotations()],
    ['text-box', 'text boxes', doc.getTextboxes({ includeBody: true, includeHeadersAndFooters: true })],
  ];
  return parts.map(([part, where, text]) => ({ part, where, text: text.trim() })).filter((h) => h.text);
}

/**
 * Old binary Word files (Word 97-2003) through word-extractor. It gives the body one paragraph
 * per line and no page layout, so pages come from a LibreOffice layout of the file, else an
 * estimate (word-pages.ts).
 */
export const docExtractor: Extractor = {
  type: 'doc',
  async extract(data: Buffer): Promise<RawDocument> {
    let doc: WordDocument;
    try {
      doc = await new WordExtractor().extract(data);
    } catch (err) {
      throw new IngestError(`DOC is corrupt or unreadable (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
    }
    const blocks: WordBlock[] = doc
      .getBody()
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => ({ lines: [l], breakBefore: false }));
    const { pageOf, pageBasis } = await wordPageNumbers(blocks, data, 'doc', false);
    // word-extractor does not say where a footnote is referred to: page 1 stands for "somewhere".
    const footnotes = doc
      .getFootnotes()
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((t, i) => ({ text: /^\d+\s/.test(t) ? t : `${i + 1} ${t}`, page: 1 }));
    return { pages: paginate(blocks, pageOf), footnotes, pageBasis, hidden: [...hiddenParts(doc), ...readDocProperties(data), ...(await readDocObjects(data))] };
  },
};
