/**
 * PDFs the repository writes itself (the redacted copy of a report, and any other document built
 * from checked text): pdfkit with its standard Helvetica, A4, and an Info dictionary that names
 * the repository and nothing of any original file.
 */
import PDFDocument from 'pdfkit';

export const A4 = { width: 595.28, height: 841.89 } as const;

export interface PdfInfo {
  title: string;
  subject?: string;
  /** Fixed per version of what is drawn, so the same content gives the same file. */
  date: Date;
}

export const PRODUCER = 'Case Review Repository';

export function createPdf(info: PdfInfo, margins: { top: number; bottom: number; left: number; right: number }): PDFKit.PDFDocument {
  return new PDFDocument({
    size: 'A4',
    margins,
    autoFirstPage: false,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: winAnsi(info.title),
      ...(info.subject ? { Subject: winAnsi(info.subject) } : {}),
      Author: PRODUCER,
      Creator: PRODUCER,
      Producer: PRODUCER,
      CreationDate: info.date,
      ModDate: info.date,
    },
  });
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

/** Characters above Latin-1 that the standard fonts' WinAnsi encoding still has (pdfkit's map). */
const WIN_ANSI_EXTRA = new Set('ƒ–—‘’‚“”„†‡•…€‰‹›ˆ™ŒœŠšŸŽž˜');

/** Spaces and dashes Unicode has many of, drawn as the one WinAnsi has. */
const LOOKALIKES: Record<string, string> = { '\u2010': '-', '\u2011': '-', '\u2012': '–', '\u2015': '—', '\u2212': '-', '\u2009': ' ', '\u202f': ' ', '\u2002': ' ', '\u2003': ' ' };

/**
 * Text the standard fonts can draw: pdfkit writes any other character as a wrong glyph, so an
 * accented letter outside WinAnsi loses its accent, a known lookalike stands in, and anything else
 * becomes "?" (the text served as JSON keeps every character).
 */
export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\n' || (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else if (LOOKALIKES[ch]) out += LOOKALIKES[ch];
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += ch === '\t' ? ' ' : '';
    else {
      const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += base && [...base].every((c) => c.codePointAt(0)! < 0x7f) ? base : '?';
    }
  }
  return out;
}
