/**
 * The tables of strings a Word 97-2003 file keeps beside its text ([MS-DOC] 2.5.6, 2.2.4), found
 * through the File Information Block: the associated strings (template, title, subject, keywords,
 * comments, author, last saved by), the list of who saved the file where (SttbSavedBy: user names
 * and folder paths), the authors of tracked changes and of comments. word-extractor reads none of
 * them. Every offset and count is checked against the stream it points into.
 */
import type * as CFB from 'cfb';
import type { HiddenText } from './extractor';

/** Positions of the tables in the FIB's FibRgFcLcb array. */
const STTBF_ASSOC = 32;
const GRP_XST_ATN_OWNERS = 36;
const STTBF_RMARK = 51;
const STTB_SAVED_BY = 71;

/** What each string of SttbfAssoc is; the rest (mail-merge criteria) are read by number. */
const ASSOC_NAMES: Record<number, string> = {
  1: 'Template',
  2: 'Title',
  3: 'Subject',
  4: 'Keywords',
  5: 'Comments',
  6: 'Author',
  7: 'Last saved by',
  8: 'Mail merge data source',
  9: 'Mail merge header source',
};
const ASSOC_PERSON = new Set([6, 7]);

const WORD_IDENT = 0xa5ec;

interface Table {
  /** Where the FIB holds the table's length, in the WordDocument stream. */
  lcbAt: number;
  fc: number;
  lcb: number;
}

interface WordStreams {
  word: CFB.CFB$Entry;
  table: CFB.CFB$Entry;
  tables: Map<number, Table>;
}

/** A stream of the file by its path, as cfb finds it. */
export type Find = (name: string) => CFB.CFB$Entry | null;

const bytesOf = (entry: CFB.CFB$Entry) => Buffer.from(entry.content as Uint8Array);

/** The WordDocument and table streams, and where each table of strings is; null when the FIB cannot be read. */
function wordStreams(find: Find): WordStreams | null {
  const word = find('/WordDocument');
  if (!word?.content) return null;
  const fib = bytesOf(word);
  if (fib.length < 34 || fib.readUInt16LE(0) !== WORD_IDENT) return null;
  const flags = fib.readUInt16LE(0x0a);
  // An encrypted file's tables are ciphertext: word-extractor refuses the file anyway.
  if (flags & 0x0100) return null;
  const table = find(flags & 0x0200 ? '/1Table' : '/0Table');
  if (!table?.content) return null;
  const csw = fib.readUInt16LE(32);
  const cslwAt = 34 + csw * 2;
  if (cslwAt + 2 > fib.length) return null;
  const fcLcbAt = cslwAt + 2 + fib.readUInt16LE(cslwAt) * 4;
  if (fcLcbAt + 2 > fib.length) return null;
  const pairs = fib.readUInt16LE(fcLcbAt);
  const size = table.content.length;
  const tables = new Map<number, Table>();
  for (const index of [STTBF_ASSOC, GRP_XST_ATN_OWNERS, STTBF_RMARK, STTB_SAVED_BY]) {
    const at = fcLcbAt + 2 + index * 8;
    if (index >= pairs || at + 8 > fib.length) continue;
    const fc = fib.readUInt32LE(at);
    const lcb = fib.readUInt32LE(at + 4);
    if (lcb > 0 && fc + lcb <= size) tables.set(index, { lcbAt: at + 4, fc, lcb });
  }
  return { word, table, tables };
}

/** The strings of an STTB: UTF-16 when it is extended (every Word 97 file), else single bytes. */
function readSttb(buf: Buffer, start: number, end: number): string[] {
  let pos = start;
  if (pos + 2 > end) return [];
  const extended = buf.readUInt16LE(pos) === 0xffff;
  if (extended) pos += 2;
  if (pos + 4 > end) return [];
  const count = buf.readUInt16LE(pos);
  const extra = buf.readUInt16LE(pos + 2);
  pos += 4;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const headerBytes = extended ? 2 : 1;
    if (pos + headerBytes > end) break;
    const chars = extended ? buf.readUInt16LE(pos) : buf[pos];
    const bytes = extended ? chars * 2 : chars;
    pos += headerBytes;
    if (pos + bytes > end) break;
    out.push(buf.subarray(pos, pos + bytes).toString(extended ? 'utf16le' : 'latin1').replace(/\0/g, '').trim());
    pos += bytes + extra;
  }
  return out;
}

/** A run of Xst strings (a count of UTF-16 characters, then the characters), as the comment authors are kept. */
function readXsts(buf: Buffer, start: number, end: number): string[] {
  const out: string[] = [];
  for (let pos = start; pos + 2 <= end; ) {
    const bytes = buf.readUInt16LE(pos) * 2;
    pos += 2;
    if (pos + bytes > end) break;
    out.push(buf.subarray(pos, pos + bytes).toString('utf16le').replace(/\0/g, '').trim());
    pos += bytes;
  }
  return out;
}

/** Every string of the tables that say who wrote, saved and changed the file. */
export function readStringTables(find: Find): HiddenText[] {
  const streams = wordStreams(find);
  if (!streams) return [];
  const buf = bytesOf(streams.table);
  const out: HiddenText[] = [];
  const add = (h: HiddenText) => {
    if (h.text) out.push(h);
  };
  const strings = (index: number, read: typeof readSttb) => {
    const t = streams.tables.get(index);
    return t ? read(buf, t.fc, t.fc + t.lcb) : [];
  };
  strings(STTBF_ASSOC, readSttb).forEach((text, i) => {
    if (i > 0) add({ part: 'properties', where: ASSOC_NAMES[i] ?? `associated string ${i}`, text, ...(ASSOC_PERSON.has(i) ? { person: true } : {}) });
  });
  // Pairs of who saved the file and where: the last ten saves, each a user name and a path.
  strings(STTB_SAVED_BY, readSttb).forEach((text, i) => add(i % 2 === 0 ? { part: 'properties', where: 'Saved by', text, person: true } : { part: 'properties', where: 'Saved as', text }));
  for (const text of strings(STTBF_RMARK, readSttb)) add({ part: 'tracked-change', where: 'author', text, person: true });
  for (const text of strings(GRP_XST_ATN_OWNERS, readXsts)) add({ part: 'comment', where: 'comment author', text, person: true });
  return out;
}

/**
 * Empty the associated strings and the list of saves in place: each table keeps its count of
 * strings, every one of them empty, and the bytes it held are zeroed. The authors of tracked
 * changes and comments stay, with the changes and comments they belong to (a .doc with a flag in
 * either is not given out; see fileWithheld).
 */
export function blankStringTables(find: Find): void {
  const streams = wordStreams(find);
  if (!streams) return;
  const fib = bytesOf(streams.word);
  const table = bytesOf(streams.table);
  for (const index of [STTBF_ASSOC, STTB_SAVED_BY]) {
    const t = streams.tables.get(index);
    if (!t || t.lcb < 6) continue;
    const extended = table.readUInt16LE(t.fc) === 0xffff;
    const head = t.fc + (extended ? 2 : 0);
    const count = table.readUInt16LE(head);
    const extra = table.readUInt16LE(head + 2);
    const blank = Buffer.alloc((extended ? 2 : 0) + 4 + count * ((extended ? 2 : 1) + extra));
    if (blank.length > t.lcb) continue;
    if (extended) blank.writeUInt16LE(0xffff, 0);
    blank.writeUInt16LE(count, extended ? 2 : 0);
    blank.writeUInt16LE(extra, extended ? 4 : 2);
    table.fill(0, t.fc, t.fc + t.lcb);
    blank.copy(table, t.fc);
    fib.writeUInt32LE(blank.length, t.lcbAt);
  }
  streams.word.content = fib;
  streams.table.content = table;
}
