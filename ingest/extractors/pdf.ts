import { PDFParse } from 'pdf-parse';
import type { Extractor, RawDocument } from './extractor';
import { layOutPage, type TextItem } from './pdf-layout';
import { readPdfHidden, type PdfHiddenSource } from './pdf-hidden';
import { IngestError } from '../errors';
import { extractWithPoppler, popplerAvailable } from './poppler';

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
      // The parts outside the text (annotations, forms, metadata...) are read by pdf.js whichever reads the text.
      const hidden = await readPdfHidden(doc as unknown as PdfHiddenSource);
      // pdftotext prints what annotations and form fields show on the page as if it were body text;
      // pdf.js keeps them apart, so a file that has any is read by pdf.js.
      const onPage = hidden.some((h) => h.part === 'annotation' || h.part === 'form-field');
      const out = (popplerAvailable() && !onPage ? extractWithPoppler(data) : null) ?? (await textOf(doc));
      return { ...out, hidden };
    } catch (err) {
      throw new IngestError(describePdfError(err));
    } finally {
      await parser.destroy();
    }
  },
};

/** Page text from pdf.js's positioned items, through the layout code. */
async function textOf(doc: PdfDocument): Promise<RawDocument> {
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
}

function describePdfError(err: unknown): string {
  const name = (err as { name?: string })?.name ?? '';
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  if (name === 'PasswordException' || /password/i.test(message)) return 'PDF is encrypted (password protected); ask the publisher for an unprotected copy';
  if (name === 'InvalidPDFException' || /invalid pdf|unexpected end|xref|bad (xref|trailer)/i.test(message)) return `PDF is corrupt or truncated (${message})`;
  return `PDF could not be read (${message})`;
}
