import { PDFParse } from 'pdf-parse';
import type { Extractor, RawDocument } from './extractor';
import { layOutPage, type TextItem } from './pdf-layout';
import { IngestError } from '../errors';

/** The part of pdf.js's document that layout needs. */
interface PdfDocument {
  numPages: number;
  getPage(n: number): Promise<{
    getTextContent(): Promise<{ items: ({ str: string; transform: number[]; width: number } | object)[] }>;
    cleanup(): void;
  }>;
}

/**
 * pdf-parse's getText() flattens a page to lines and loses the positions that tell paragraphs,
 * columns and footnotes apart; its loader (private in its types, present at runtime) hands back
 * pdf.js's own document, whose text items carry them.
 */
async function openDocument(parser: PDFParse): Promise<PdfDocument> {
  return (parser as unknown as { load(): Promise<PdfDocument> }).load();
}

export const pdfExtractor: Extractor = {
  type: 'pdf',
  async extract(data: Buffer): Promise<RawDocument> {
    const parser = new PDFParse({ data: new Uint8Array(data), verbosity: 0 });
    try {
      const doc = await openDocument(parser);
      const out: RawDocument = { pages: [], footnotes: [] };
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        const items: TextItem[] = [];
        for (const it of content.items) {
          if (!('str' in it)) continue;
          const [a, b, c, d, x, y] = it.transform;
          items.push({ str: it.str, x, y, width: it.width, size: Math.hypot(c, d) || Math.hypot(a, b) });
        }
        const laid = layOutPage(items);
        out.pages.push({ num: n, text: laid.text });
        out.footnotes.push(...laid.footnotes.map((text) => ({ text, page: n })));
        page.cleanup();
      }
      return out;
    } catch (err) {
      throw new IngestError(describePdfError(err));
    } finally {
      await parser.destroy();
    }
  },
};

function describePdfError(err: unknown): string {
  const name = (err as { name?: string })?.name ?? '';
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  if (name === 'PasswordException' || /password/i.test(message)) return 'PDF is encrypted (password protected); ask the publisher for an unprotected copy';
  if (name === 'InvalidPDFException' || /invalid pdf|unexpected end|xref|bad (xref|trailer)/i.test(message)) return `PDF is corrupt or truncated (${message})`;
  return `PDF could not be read (${message})`;
}
