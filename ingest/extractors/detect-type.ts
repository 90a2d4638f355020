import type { FileType } from '../../model';
import { IngestError } from '../errors';

const PDF = Buffer.from('%PDF-');
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** How far into a file a PDF header or PDF objects are looked for: leading junk is common in files from old systems. */
const PDF_SEARCH_BYTES = 64 * 1024;
/** An indirect object ("12 0 obj ... endobj") and a trailer or xref stream: PDF syntax even when the header is gone. */
const PDF_OBJECT = /\b\d{1,7}\s+\d{1,5}\s+obj\b[\s\S]{0,4096}?\bendobj\b/;
const PDF_TAIL = /startxref|%%EOF|\btrailer\b/;

/**
 * The type comes from the content, never the name: published files are often misnamed.
 * A ZIP is taken for DOCX here; the DOCX extractor rejects a ZIP that is not one.
 */
export function detectType(data: Buffer): FileType | null {
  if (data.length === 0) return null;
  if (data.subarray(0, 4).equals(ZIP)) return 'docx';
  if (data.subarray(0, 8).equals(OLE)) return 'doc';
  if (looksLikePdf(data)) return 'pdf';
  if (looksLikeText(data)) return 'txt';
  return null;
}

function looksLikePdf(data: Buffer): boolean {
  const head = data.subarray(0, PDF_SEARCH_BYTES);
  if (head.includes(PDF)) return true;
  const latin = head.toString('latin1');
  return PDF_OBJECT.test(latin) && PDF_TAIL.test(data.subarray(Math.max(0, data.length - 4096)).toString('latin1'));
}

/**
 * Text in UTF-8 (or UTF-16, whose NUL bytes go the way of every NUL) with hardly a byte that is
 * not. Mostly NUL bytes, other than UTF-16's every other byte, is a binary file.
 */
function looksLikeText(data: Buffer): boolean {
  const sample = data.subarray(0, 4096);
  let nuls = 0;
  const byParity = [0, 0];
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) nuls++, byParity[i % 2]++;
  const half = sample.length / 2;
  const utf16 = Math.max(...byParity) > 0.9 * half && Math.min(...byParity) < 0.1 * half;
  if (nuls > sample.length / 2 && !utf16) return false;
  const decoded = decodeText(sample).replace(/\0+/g, '');
  if (!decoded) return false;
  // A multi-byte character cut at the end of the sample is not a fault of the file.
  const bad = (decoded.slice(0, -3).match(/[\uFFFD\u0001-\u0008\u000E-\u001F]/g) ?? []).length;
  return bad / Math.max(decoded.length, 1) < 0.01;
}

/** UTF-16 when the file says so with its byte-order mark, else UTF-8. */
export function decodeText(data: Buffer): string {
  const utf16 = () => data.subarray(2, data.length - (data.length % 2));
  if (data[0] === 0xff && data[1] === 0xfe) return utf16().toString('utf16le');
  if (data[0] === 0xfe && data[1] === 0xff) return Buffer.from(utf16()).swap16().toString('utf16le');
  return data.toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * Formats that pass for text but are markup: read as text they would publish their raw syntax.
 * Refused with what the file is and what to send instead.
 */
export function refuseMarkup(text: string): void {
  const head = text.replace(/^[\uFEFF\s]+/, '').slice(0, 2048);
  if (/^\{\\rtf/i.test(head)) throw new IngestError('the file is RTF (rich text), not a PDF, Word or text file: save it as PDF or DOCX and ingest that');
  if (/^MIME-Version:/i.test(head) && /multipart\/related/i.test(head))
    throw new IngestError('the file is a web archive (MHTML), not a PDF, Word or text file: save it as PDF or DOCX and ingest that');
  if (/^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<!DOCTYPE\s+html|^(?:<\?xml[^>]*>\s*)?<html[\s>]/i.test(head) || /<(?:html|body|head)[\s>]/i.test(head.slice(0, 512)))
    throw new IngestError('the file is an HTML page, not a PDF, Word or text file: save it as PDF or DOCX and ingest that');
  if (/^<\?xml/i.test(head) || /^<[A-Za-z][\w:-]*[\s>]/.test(head))
    throw new IngestError('the file is XML markup, not a PDF, Word or text file: save it as PDF or DOCX and ingest that');
}
