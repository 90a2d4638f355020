import type { FileType } from '../../model';

const PDF = Buffer.from('%PDF-');
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * The type comes from the content, never the name: published files are often misnamed.
 * A ZIP is taken for DOCX here; the DOCX extractor rejects a ZIP that is not one.
 */
export function detectType(data: Buffer): FileType | null {
  if (data.length === 0) return null;
  if (data.subarray(0, 1024).includes(PDF)) return 'pdf';
  if (data.subarray(0, 4).equals(ZIP)) return 'docx';
  if (data.subarray(0, 8).equals(OLE)) return 'doc';
  if (looksLikeText(data)) return 'txt';
  return null;
}

function looksLikeText(data: Buffer): boolean {
  const sample = data.subarray(0, 4096);
  if (sample.includes(0)) return false;
  const decoded = sample.toString('utf8');
  const bad = (decoded.match(/[\uFFFD\u0001-\u0008\u000E-\u001F]/g) ?? []).length;
  return bad / Math.max(decoded.length, 1) < 0.01;
}
