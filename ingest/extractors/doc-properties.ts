/**
 * Document properties of a Word 97-2003 file: the OLE property sets ([MS-OLEPS]) kept in its
 * "\x05SummaryInformation" and "\x05DocumentSummaryInformation" streams (author, last saved by,
 * title, subject, keywords, comments, company, manager, and the custom properties), and the like
 * kept in its table stream (doc-string-tables.ts), none of which word-extractor reads. Every
 * length and offset in a property set is checked against the bytes there are, so a hostile file
 * yields what can be read, never a crash or a long loop.
 */
import * as CFB from 'cfb';
import type { HiddenText } from './extractor';
import { MACHINE_ID, PERSON_PROPERTY } from './docx-hidden';
import { blankStringTables, readStringTables } from './doc-string-tables';

/** Property set format ids, as their 16 bytes appear in the stream. */
const SUMMARY = 'e0859ff2f94f6810ab9108002b27b3d9';
const DOC_SUMMARY = '02d5cdd59c2e1b10939708002b2cf9ae';
const USER_DEFINED = '05d5cdd59c2e1b10939708002b2cf9ae';

/** The text-bearing properties of the two standard sets, by id; the rest are counts, dates and the like. */
const NAMED: Record<string, Record<number, string>> = {
  [SUMMARY]: { 2: 'Title', 3: 'Subject', 4: 'Author', 5: 'Keywords', 6: 'Comments', 7: 'Template', 8: 'Last saved by' },
  [DOC_SUMMARY]: { 2: 'Category', 12: 'Titles of parts', 14: 'Manager', 15: 'Company', 26: 'Content type', 27: 'Content status', 28: 'Language', 29: 'Document version' },
};

/** Fields that say who wrote or saved the file. */
const PERSON_FIELDS = new Set(['Author', 'Last saved by', 'Manager']);

const PID_DICTIONARY = 0;
const PID_CODEPAGE = 1;

const VT_I2 = 0x02;
const VT_I4 = 0x03;
const VT_R4 = 0x04;
const VT_R8 = 0x05;
const VT_BSTR = 0x08;
const VT_VARIANT = 0x0c;
const VT_I1 = 0x10;
const VT_UI1 = 0x11;
const VT_UI2 = 0x12;
const VT_UI4 = 0x13;
const VT_I8 = 0x14;
const VT_UI8 = 0x15;
const VT_INT = 0x16;
const VT_UINT = 0x17;
const VT_LPSTR = 0x1e;
const VT_LPWSTR = 0x1f;
const VT_VECTOR = 0x1000;

const CP_UTF16 = 1200;
const UTF16 = new TextDecoder('utf-16le');

/** Windows code pages as the WHATWG encoding names that TextDecoder knows them by. */
function decoderFor(codepage: number): TextDecoder {
  const label =
    codepage === CP_UTF16 ? 'utf-16le'
    : codepage === 1201 ? 'utf-16be'
    : codepage === 65001 ? 'utf-8'
    : codepage === 874 || (codepage >= 1250 && codepage <= 1258) ? `windows-${codepage}`
    : ({ 932: 'shift_jis', 936: 'gbk', 949: 'euc-kr', 950: 'big5', 20866: 'koi8-r', 28591: 'iso-8859-1' } as Record<number, string>)[codepage];
  try {
    return new TextDecoder(label ?? 'windows-1252');
  } catch {
    return new TextDecoder('windows-1252');
  }
}

/** A value read from a property set: text (strings, and numbers in custom properties), or nothing worth scanning. */
type Value = string[];

class PropertySetReader {
  private decoder = decoderFor(0);
  private unicode = false;
  /**
   * Bytes of text still to be decoded: entries may point into one another's values, and a
   * crafted set of many entries all pointing at one long string must not make more text than the
   * set has bytes.
   */
  private budget: number;

  constructor(
    private readonly buf: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {
    this.budget = end - start;
  }

  private u32(at: number): number | null {
    return at >= this.start && at + 4 <= this.end ? this.buf.readUInt32LE(at) : null;
  }

  private u16(at: number): number | null {
    return at >= this.start && at + 2 <= this.end ? this.buf.readUInt16LE(at) : null;
  }

  private text(from: number, bytes: number, decoder = this.decoder): string {
    if (bytes > this.budget) return '';
    this.budget -= bytes;
    return decoder.decode(this.buf.subarray(from, from + bytes)).replace(/\0[\s\S]*$/, '').trim();
  }

  /** The property ids and where each value starts. */
  entries(): [number, number][] {
    const count = this.u32(this.start + 4) ?? 0;
    // Eight bytes an entry: a count larger than the set can hold is cut to what it can.
    const fits = Math.min(count, Math.floor((this.end - this.start - 8) / 8));
    const out: [number, number][] = [];
    for (let i = 0; i < fits; i++) {
      const id = this.u32(this.start + 8 + i * 8)!;
      const offset = this.u32(this.start + 12 + i * 8)!;
      if (offset >= 8 && this.start + offset < this.end) out.push([id, this.start + offset]);
    }
    return out;
  }

  useCodepage(at: number): void {
    if (this.u16(at) !== VT_I2) return;
    const codepage = this.u16(at + 4) ?? 0;
    this.decoder = decoderFor(codepage);
    this.unicode = codepage === CP_UTF16;
  }

  /** The names of custom properties, by id. */
  dictionary(at: number): Map<number, string> {
    const names = new Map<number, string>();
    const count = this.u32(at) ?? 0;
    let pos = at + 4;
    for (let i = 0; i < count && pos < this.end; i++) {
      const id = this.u32(pos);
      const length = this.u32(pos + 4);
      if (id === null || length === null) break;
      const bytes = this.unicode ? length * 2 : length;
      if (pos + 8 + bytes > this.end) break;
      names.set(id, this.text(pos + 8, bytes));
      pos += 8 + bytes;
      if (this.unicode) pos += (4 - (bytes % 4)) % 4;
    }
    return names;
  }

  /** A typed value: its text, and where the next value of a vector would start. */
  value(at: number, withNumbers: boolean, depth = 0): { text: Value; next: number } | null {
    const type = this.u16(at);
    if (type === null) return null;
    return this.typed(type, at + 4, withNumbers, depth);
  }

  private typed(type: number, at: number, withNumbers: boolean, depth: number): { text: Value; next: number } | null {
    if (type & VT_VECTOR) {
      const element = type & ~VT_VECTOR;
      const count = this.u32(at);
      if (count === null || depth > 0) return null;
      const text: Value = [];
      let pos = at + 4;
      // Every element takes at least one byte, so no count can keep this going past the set's end.
      for (let i = 0; i < count && pos < this.end; i++) {
        const v = element === VT_VARIANT ? this.value(pos, withNumbers, depth + 1) : this.typed(element, pos, withNumbers, depth + 1);
        if (!v || v.next <= pos) break;
        text.push(...v.text);
        pos = v.next;
      }
      return { text, next: pos };
    }
    if (type === VT_LPSTR || type === VT_BSTR || type === VT_LPWSTR) {
      const length = this.u32(at);
      if (length === null) return null;
      // A code page string counts bytes (in the set's code page); a wide string counts UTF-16 characters.
      const bytes = type === VT_LPWSTR ? length * 2 : length;
      if (at + 4 + bytes > this.end) return null;
      const s = this.text(at + 4, bytes, type === VT_LPWSTR ? UTF16 : this.decoder);
      return { text: s ? [s] : [], next: at + 4 + bytes + ((4 - (bytes % 4)) % 4) };
    }
    const size = NUMBER_SIZES[type];
    if (size === undefined || at + size > this.end) return null;
    const text = withNumbers ? [String(readNumber(this.buf, type, at))] : [];
    return { text, next: at + Math.max(4, size) };
  }
}

const NUMBER_SIZES: Record<number, number> = {
  [VT_I1]: 1, [VT_UI1]: 1, [VT_I2]: 2, [VT_UI2]: 2, [VT_I4]: 4, [VT_UI4]: 4, [VT_INT]: 4, [VT_UINT]: 4, [VT_R4]: 4, [VT_R8]: 8, [VT_I8]: 8, [VT_UI8]: 8,
};

function readNumber(buf: Buffer, type: number, at: number): number | bigint {
  switch (type) {
    case VT_I1: return buf.readInt8(at);
    case VT_UI1: return buf.readUInt8(at);
    case VT_I2: return buf.readInt16LE(at);
    case VT_UI2: return buf.readUInt16LE(at);
    case VT_I4: case VT_INT: return buf.readInt32LE(at);
    case VT_UI4: case VT_UINT: return buf.readUInt32LE(at);
    case VT_R4: return buf.readFloatLE(at);
    case VT_R8: return buf.readDoubleLE(at);
    case VT_I8: return buf.readBigInt64LE(at);
    default: return buf.readBigUInt64LE(at);
  }
}

/** The properties of one property set stream, named as an editor would know them. */
export function readPropertySetStream(buf: Buffer, where = ''): HiddenText[] {
  if (buf.length < 28 || buf.readUInt16LE(0) !== 0xfffe) return [];
  const sets = Math.min(buf.readUInt32LE(24), Math.floor((buf.length - 28) / 20));
  const out: HiddenText[] = [];
  for (let s = 0; s < sets; s++) {
    const fmtid = buf.subarray(28 + s * 20, 44 + s * 20).toString('hex');
    const start = buf.readUInt32LE(44 + s * 20);
    if (start + 8 > buf.length) continue;
    const reader = new PropertySetReader(buf, start, Math.min(buf.length, start + buf.readUInt32LE(start)));
    const entries = reader.entries();
    const codepage = entries.find(([id]) => id === PID_CODEPAGE);
    if (codepage) reader.useCodepage(codepage[1]);
    const custom = fmtid === USER_DEFINED;
    const dictionaryAt = entries.find(([id]) => id === PID_DICTIONARY)?.[1];
    const names = custom && dictionaryAt !== undefined ? reader.dictionary(dictionaryAt) : new Map<number, string>();
    for (const [id, at] of entries) {
      // Ids with the top bit set are the set's own settings (its locale, its behaviour), not properties.
      if (id === PID_DICTIONARY || id === PID_CODEPAGE || id >= 0x80000000) continue;
      const known = NAMED[fmtid];
      const name = custom ? (names.get(id) ?? `custom property ${id}`) : known ? known[id] : `property ${id}`;
      if (!name) continue;
      const text = reader.value(at, custom)?.text.join('\n').trim();
      if (!text || (custom && MACHINE_ID(name, text))) continue;
      const person = custom ? PERSON_PROPERTY.test(name) : PERSON_FIELDS.has(name);
      out.push({ part: 'properties', where: where ? `${name} (${where})` : name, text, ...(person ? { person: true } : {}) });
    }
  }
  return out;
}

const OLE_SIGNATURE = Buffer.from('d0cf11e0a1b11ae1', 'hex');

/** The file's compound-file container; cfb would take a zip or a MIME file too, which no .doc is. */
export function readContainer(data: Buffer): CFB.CFB$Container {
  if (!data.subarray(0, 8).equals(OLE_SIGNATURE)) throw new Error('not an OLE compound file');
  return CFB.read(data, { type: 'buffer' });
}

/** Property set streams are named with a leading \x05, wherever they sit in the file (embedded objects keep their own). */
const isPropertySet = (entry: CFB.CFB$Entry) => entry.type === 2 && entry.name.startsWith('\u0005');

/**
 * Every property of a Word 97 file and of the objects embedded in it. A file whose container
 * cannot be parsed yields none: word-extractor has already read (or refused) it, and the public
 * copy, which needs the same parse, is then not given out.
 */
export function readDocProperties(data: Buffer): HiddenText[] {
  let cfb: CFB.CFB$Container;
  try {
    cfb = readContainer(data);
  } catch {
    return [];
  }
  const out: HiddenText[] = [];
  cfb.FileIndex.forEach((entry, i) => {
    if (!isPropertySet(entry) || !entry.content) return;
    const nested = cfb.FullPaths[i].split('/').filter(Boolean).length > 2;
    out.push(...readPropertySetStream(Buffer.from(entry.content as Uint8Array), nested ? 'embedded object' : ''));
  });
  out.push(...readStringTables((name) => CFB.find(cfb, name)));
  return out;
}

/** The storage that holds a Word 97 file's embedded objects, and everything in it. */
const inObjectPool = (fullPath: string) => /^[^/]+\/ObjectPool\//.test(fullPath);

/**
 * The same Word 97 file with every property set gone (its author, title, company, custom
 * properties, and those of its embedded objects) and the same strings, and the list of who saved
 * it where, emptied from its table stream; and without its embedded objects, whose text is no
 * part of the report's (doc-objects.ts), as the DOCX copy goes without its embeddings.
 */
export function withoutDocProperties(data: Buffer): Buffer {
  const cfb = readContainer(data);
  blankStringTables((name) => CFB.find(cfb, name));
  const objects = cfb.FullPaths.filter(inObjectPool);
  const doomed = [...cfb.FullPaths.filter((_, i) => isPropertySet(cfb.FileIndex[i])), ...objects];
  for (const name of doomed) CFB.utils.cfb_del(cfb, name);
  // A storage gone leaves its siblings' links pointing at it: the directory is laid out afresh.
  if (objects.length) CFB.utils.cfb_gc(cfb);
  return Buffer.from(CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
}
