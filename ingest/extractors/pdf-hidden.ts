import type { HiddenText } from './extractor';
import { decodeXml } from './xml-text';

interface OutlineItem {
  title: string;
  items?: OutlineItem[];
}

interface Annotation {
  subtype?: string;
  contentsObj?: { str?: string };
  titleObj?: { str?: string };
  subject?: string;
  fieldName?: string;
  fieldValue?: unknown;
  alternativeText?: string;
  textContent?: string[];
  richText?: { str?: string };
  url?: string;
}

/** The parts of pdf.js's document read here. */
export interface PdfHiddenSource {
  numPages: number;
  getPage(n: number): Promise<{ getAnnotations(o?: { intent?: string }): Promise<Annotation[]> }>;
  /** pdf.js's XMP metadata iterates as [name, value] pairs. */
  getMetadata(): Promise<{ info?: Record<string, unknown>; metadata?: Iterable<[string, unknown]> | null }>;
  getOutline(): Promise<OutlineItem[] | null>;
  getAttachments(): Promise<Record<string, { filename?: string; content?: Uint8Array }> | null>;
}

/** Info dictionary entries that name a person: whoever wrote or last saved the file. */
const PERSON_FIELDS = new Set(['Author', 'dc:creator', 'pdf:Author', 'xmp:Author']);

/** Info entries that say what made the file, never who or what it is about. */
const TOOL_FIELDS = /^(Producer|Creator|PDFFormatVersion|Language|IsAcroFormPresent|IsXFAPresent|IsCollectionPresent|IsLinearized|IsSignaturesPresent|EncryptFilterName|CreationDate|ModDate|Trapped)$/;

/** Attachments are read as text only when they look like text: at most this share of control bytes. */
const CONTROL_SHARE = 0.02;
const ATTACHMENT_BYTES = 4 * 1024 * 1024;

function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(str).join(' ');
  if (value && typeof value === 'object' && 'name' in value) return String((value as { name: unknown }).name);
  return value === null || value === undefined ? '' : String(value);
}

function asText(data: Uint8Array): string | null {
  const bytes = Buffer.from(data.subarray(0, ATTACHMENT_BYTES));
  let control = 0;
  for (const b of bytes) if (b < 9 || (b > 13 && b < 32)) control++;
  if (control > bytes.length * CONTROL_SHARE) return null;
  const text = bytes.toString('utf8');
  return /^\s*</.test(text) ? decodeXml(text.replace(/<[^>]*>/g, ' ')) : text;
}

function outlineTitles(items: OutlineItem[], out: string[] = []): string[] {
  for (const item of items) {
    if (item.title) out.push(item.title);
    if (item.items?.length) outlineTitles(item.items, out);
  }
  return out;
}

/**
 * Everything a PDF carries outside its pages' text that could hold an identifier: annotations
 * (their contents, authors and subjects), form fields' values, the Info dictionary and XMP
 * metadata, bookmarks and attached files (their names, and their contents where they are text).
 */
export async function readPdfHidden(doc: PdfHiddenSource): Promise<HiddenText[]> {
  const out: HiddenText[] = [];
  const add = (h: HiddenText) => {
    h.text = h.text.replace(/\s+/g, ' ').trim();
    if (h.text) out.push(h);
  };

  const { info, metadata } = await doc.getMetadata();
  for (const [key, value] of Object.entries(info ?? {})) {
    if (TOOL_FIELDS.test(key)) continue;
    if (key === 'Custom' && value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) add({ part: 'metadata', where: k, text: str(v) });
      continue;
    }
    add({ part: 'metadata', where: key, text: str(value), ...(PERSON_FIELDS.has(key) ? { person: true } : {}) });
  }
  for (const [key, value] of metadata ?? []) {
    if (/^(xmp:(CreatorTool|CreateDate|ModifyDate|MetadataDate)|pdf:Producer|xmpMM:|dc:format)/.test(key)) continue;
    add({ part: 'metadata', where: `XMP ${key}`, text: str(value), ...(PERSON_FIELDS.has(key) ? { person: true } : {}) });
  }

  for (let n = 1; n <= doc.numPages; n++) {
    const annotations = await (await doc.getPage(n)).getAnnotations({ intent: 'any' });
    for (const a of annotations) {
      const where = `page ${n} ${a.subtype ?? 'annotation'}`;
      if (a.subtype === 'Widget') {
        add({ part: 'form-field', where: `page ${n} ${a.fieldName ?? 'field'}`, text: str(a.fieldValue), page: n });
        add({ part: 'form-field', where: `page ${n} ${a.fieldName ?? 'field'} label`, text: a.alternativeText ?? '', page: n });
        continue;
      }
      add({ part: 'annotation', where, text: [a.contentsObj?.str, a.richText?.str, a.subject, a.url, ...(a.textContent ?? [])].filter(Boolean).join('\n'), page: n });
      if (a.titleObj?.str) add({ part: 'annotation', where: `${where} author`, text: a.titleObj.str, page: n, person: true });
    }
  }

  add({ part: 'bookmark', where: 'bookmarks', text: outlineTitles((await doc.getOutline()) ?? []).join('\n') });

  for (const [key, file] of Object.entries((await doc.getAttachments()) ?? {})) {
    const name = file.filename ?? key;
    add({ part: 'attachment', where: name, text: name });
    const text = file.content ? asText(file.content) : null;
    if (text) add({ part: 'attachment', where: name, text });
  }
  return out;
}
