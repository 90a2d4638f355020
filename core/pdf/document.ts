/**
 * The PDFs the repository writes itself (case-study packs, redacted copies of reports): pdfkit on
 * A4 in one embedded type family, with an Info dictionary that names the repository and nothing of
 * any original file; and a small layer for documents with headings kept with what follows them,
 * quotes, bullets, links, and "Page N of M" on every page.
 */
import path from 'node:path';
import type PDFKitDocument from 'pdfkit';
import { SERVICE_NAME } from '../../model/labels';

export const A4 = { width: 595.28, height: 841.89 } as const;

const MARGIN = 64;
const BODY_SIZE = 11;

/**
 * Liberation Sans, embedded: PDF's built-in Helvetica has no letters beyond Western European, and
 * reports carry Welsh place names (ŵ, ŷ) and other names it would garble. The files come with
 * pdf.js, which pdf-parse (a runtime dependency) brings; found through it, wherever it was installed.
 */
const FONT_DIR = path.join(
  path.dirname(require.resolve('pdfjs-dist/package.json', { paths: [path.dirname(require.resolve('pdf-parse'))] })),
  'standard_fonts',
);
export const FONT = {
  regular: path.join(FONT_DIR, 'LiberationSans-Regular.ttf'),
  bold: path.join(FONT_DIR, 'LiberationSans-Bold.ttf'),
  italic: path.join(FONT_DIR, 'LiberationSans-Italic.ttf'),
} as const;

export interface PdfInfo {
  title: string;
  subject?: string;
  /** Given where the same content should give the same file (a cached copy); else now. */
  date?: Date;
}

/** pdfkit and its font machinery, loaded with the first document drawn rather than when the server starts (require keeps it after). */
function pdfkit(): typeof PDFKitDocument {
  return require('pdfkit') as typeof PDFKitDocument;
}

export function createPdf(
  info: PdfInfo,
  options: { margins: { top: number; bottom: number; left: number; right: number }; autoFirstPage?: boolean; bufferPages?: boolean },
): PDFKit.PDFDocument {
  const date = info.date ?? new Date();
  const doc = new (pdfkit())({
    size: 'A4',
    margins: options.margins,
    autoFirstPage: options.autoFirstPage ?? true,
    bufferPages: options.bufferPages ?? false,
    lang: 'en-GB',
    displayTitle: true,
    // pdfkit fails on an info entry left undefined.
    info: {
      Title: info.title,
      ...(info.subject ? { Subject: info.subject } : {}),
      Author: SERVICE_NAME,
      Creator: SERVICE_NAME,
      Producer: SERVICE_NAME,
      CreationDate: date,
      ModDate: date,
    },
  });
  return doc.font(FONT.regular);
}

/** Ends the document and resolves to its bytes. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

const HEADING_SIZE = { 1: 18, 2: 14, 3: 12 } as const;
const LINK_COLOUR = '#1d4f91';
const TEXT_COLOUR = '#000000';

/** A run of text inside a paragraph; with `link`, it opens that address. */
export interface PdfRun {
  text: string;
  link?: string;
  italic?: boolean;
}

export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;

  constructor(info: PdfInfo) {
    this.doc = createPdf(info, { margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN }, bufferPages: true });
    this.doc.fontSize(BODY_SIZE).fillColor(TEXT_COLOUR);
  }

  /** A new page unless the current one still has `height` points free. */
  keepSpace(height: number): this {
    if (this.doc.y + height > this.doc.page.height - MARGIN) this.doc.addPage();
    return this;
  }

  pageBreak(): this {
    this.doc.addPage();
    return this;
  }

  /** Vertical space, in lines of body text. */
  space(lines = 1): this {
    this.doc.moveDown(lines);
    return this;
  }

  title(text: string): this {
    this.doc.font(FONT.bold).fontSize(26).text(text, { paragraphGap: 18 });
    this.doc.font(FONT.regular).fontSize(BODY_SIZE);
    return this;
  }

  heading(text: string, level: 1 | 2 | 3): this {
    // A heading alone at the foot of a page reads as a mistake: it moves on with its first lines.
    this.keepSpace(HEADING_SIZE[level] * 2 + BODY_SIZE * 4);
    this.doc.moveDown(level === 1 ? 0.8 : 0.5);
    this.doc.font(FONT.bold).fontSize(HEADING_SIZE[level]).text(text, this.doc.page.margins.left, this.doc.y, { paragraphGap: 6 });
    this.doc.font(FONT.regular).fontSize(BODY_SIZE);
    return this;
  }

  paragraph(content: string | PdfRun[], options: { italic?: boolean; indent?: number; size?: number } = {}): this {
    const runs = typeof content === 'string' ? [{ text: content }] : content;
    const paragraphItalic = Boolean(options.italic);
    const x = this.doc.page.margins.left + (options.indent ?? 0);
    const width = this.doc.page.width - this.doc.page.margins.right - x;
    this.doc.fontSize(options.size ?? BODY_SIZE);
    runs.forEach((run, i) => {
      const last = i === runs.length - 1;
      // A run's link carries on into the next unless set to null; x and y are given only to the first.
      const textOptions = { width, link: run.link ?? null, underline: Boolean(run.link), continued: !last, paragraphGap: last ? 6 : 0 };
      this.doc.font(run.italic || paragraphItalic ? FONT.italic : FONT.regular).fillColor(run.link ? LINK_COLOUR : TEXT_COLOUR);
      if (i === 0) this.doc.text(run.text, x, this.doc.y, textOptions);
      else this.doc.text(run.text, textOptions);
    });
    this.doc.font(FONT.regular).fontSize(BODY_SIZE).fillColor(TEXT_COLOUR);
    return this;
  }

  bullet(content: string | PdfRun[]): this {
    this.keepSpace(BODY_SIZE * 2);
    const y = this.doc.y;
    this.doc.text('•', this.doc.page.margins.left + 6, y, { lineBreak: false });
    this.doc.y = y;
    return this.paragraph(content, { indent: 20 });
  }

  /** A passage quoted from a report, set in from the margin, then where it comes from. */
  quote(text: string, source: PdfRun[]): this {
    this.paragraph(text, { italic: true, indent: 24 });
    return this.paragraph(source, { indent: 24, size: 10 }).space(0.4);
  }

  /** The finished file, each page numbered "Page N of M" at its foot. */
  finish(): Promise<Buffer> {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      doc.switchToPage(range.start + i);
      // Writing inside the bottom margin would otherwise start a new page.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc
        .font(FONT.regular)
        .fontSize(9)
        .fillColor(TEXT_COLOUR)
        .text(`Page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN / 2 - 9, { width: doc.page.width - 2 * MARGIN, align: 'center', lineBreak: false });
      doc.page.margins.bottom = bottom;
    }
    return pdfBytes(doc);
  }
}
