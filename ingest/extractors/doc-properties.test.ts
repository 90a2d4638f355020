/** The document properties of a Word 97 file, read from its OLE property sets, and read safely from a damaged one. */
import fs from 'node:fs';
import path from 'node:path';
import * as CFB from 'cfb';
import { projectRoot } from '../../lib/paths';
import { FIXTURE_REPORTS } from '../../test/fixture-repository';
import { readDocProperties, readPropertySetStream, withoutDocProperties } from './doc-properties';
import { readStringTables } from './doc-string-tables';

const FILE = path.join(projectRoot(), 'fixtures', 'hidden', 'hidden-properties.doc');
const data = fs.readFileSync(FILE);
const streams = () => {
  const cfb = CFB.read(data, { type: 'buffer' });
  return ['\u0005SummaryInformation', '\u0005DocumentSummaryInformation'].map((n) => Buffer.from(CFB.find(cfb, n)!.content as Uint8Array));
};

describe('readDocProperties', () => {
  it('reads the summary, document summary and custom properties, each by the name an editor knows it by', () => {
    const props = readDocProperties(data);
    const byName = Object.fromEntries(props.map((p) => [p.where, p]));
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(['Title', 'Subject', 'Author', 'Keywords', 'Comments', 'Last saved by', 'Company', 'Manager', 'CaseOwner', 'NHSNumber', 'ChildDetails']));
    expect(byName.Title.text).toBe('Child Safeguarding Practice Review: Child A');
    expect(props.every((p) => p.part === 'properties')).toBe(true);
    // The fields that hold whoever wrote or saved the file, and custom ones named for a person.
    expect([...new Set(props.filter((p) => p.person).map((p) => p.where))].sort()).toEqual(['Author', 'CaseOwner', 'Last saved by', 'Manager', 'Saved by']);
  });

  it("reads the table stream's strings too: the template, author and last saved by, and who saved the file where", () => {
    const props = readDocProperties(data);
    expect(props).toContainEqual({ part: 'properties', where: 'Template', text: expect.stringMatching(/Normal\.dot$/) });
    expect(props).toContainEqual({ part: 'properties', where: 'Saved by', text: 'Rhys Talbot', person: true });
    expect(props).toContainEqual({ part: 'properties', where: 'Saved as', text: expect.stringMatching(/^C:\\Users\\rtalbot\\/) });
    expect(props.filter((p) => p.where === 'Author').map((p) => p.text)).toEqual(['Helen Marsh', 'Helen Marsh']);
  });

  it('reads the properties LibreOffice writes into a bundled report', () => {
    const props = readDocProperties(fs.readFileSync(path.join(FIXTURE_REPORTS, 'child-h-2011.doc')));
    expect(props.map((p) => p.where)).toContain('Title');
  });

  it('reads nothing from what is not an OLE file, or one whose container is damaged', () => {
    expect(readDocProperties(Buffer.from('PK\u0003\u0004 not a Word 97 file'))).toEqual([]);
    const damaged = Buffer.from(data);
    damaged.fill(0xff, 0x30, 0x50);
    expect(readDocProperties(damaged)).toEqual([]);
  });

  it('never throws or runs away on a damaged property set: every truncation, and every byte set to 0x00, 0x7f or 0xff', () => {
    for (const stream of streams()) {
      for (let n = 0; n < stream.length; n++) expect(Array.isArray(readPropertySetStream(stream.subarray(0, n)))).toBe(true);
      for (let i = 0; i < stream.length; i++) {
        for (const b of [0x00, 0x7f, 0xff]) {
          const bad = Buffer.from(stream);
          bad[i] = b;
          const props = readPropertySetStream(bad);
          // Nothing read can be longer than the stream it came from.
          for (const p of props) expect(p.text.length).toBeLessThanOrEqual(stream.length);
        }
      }
    }
  });

  it('never throws on a damaged table stream or FIB: every byte of the tables and of the FIB set to 0x00, 0x7f or 0xff', () => {
    const cfb = CFB.read(data, { type: 'buffer' });
    const word = CFB.find(cfb, '/WordDocument')!;
    const table = CFB.find(cfb, '/1Table')!;
    const fib = Buffer.from(word.content as Uint8Array);
    const tableBytes = Buffer.from(table.content as Uint8Array);
    const tablesStart = fib.readUInt32LE(154 + 32 * 8);
    const damage = (stream: CFB.CFB$Entry, original: Buffer, from: number, to: number) => {
      for (let i = from; i < to; i++) {
        for (const b of [0x00, 0x7f, 0xff]) {
          const bad = Buffer.from(original);
          bad[i] = b;
          stream.content = bad;
          expect(Array.isArray(readStringTables((name) => CFB.find(cfb, name)))).toBe(true);
        }
      }
      stream.content = original;
    };
    damage(table, tableBytes, tablesStart, tableBytes.length);
    damage(word, fib, 0, Math.min(fib.length, 154 + 136 * 8));
    // Truncated anywhere in the tables.
    for (let n = tablesStart; n < tableBytes.length; n++) {
      table.content = tableBytes.subarray(0, n);
      expect(Array.isArray(readStringTables((name) => CFB.find(cfb, name)))).toBe(true);
    }
  });

  it('makes no more text than a set has bytes, however many entries point at one string', () => {
    const [summary] = streams();
    const offset = summary.readUInt32LE(44);
    const title = readPropertySetStream(summary).find((p) => p.where === 'Title')!;
    // Every entry made to point at the title's value, and the set made to claim a thousand times as many.
    const entries = summary.readUInt32LE(offset + 4);
    const titleAt = [...Array(entries).keys()].map((i) => summary.readUInt32LE(offset + 12 + i * 8)).find((_, i) => summary.readUInt32LE(offset + 8 + i * 8) === 2)!;
    const many = 1000 * entries;
    const bad = Buffer.alloc(summary.length + many * 8);
    summary.copy(bad, 0, 0, offset);
    bad.writeUInt32LE(bad.length - offset, offset);
    bad.writeUInt32LE(many, offset + 4);
    const valueAt = 8 + many * 8;
    for (let i = 0; i < many; i++) {
      bad.writeUInt32LE(2, offset + 8 + i * 8);
      bad.writeUInt32LE(valueAt, offset + 12 + i * 8);
    }
    summary.copy(bad, offset + valueAt, offset + titleAt);
    const props = readPropertySetStream(bad);
    expect(props.length).toBeGreaterThan(0);
    expect(props.every((p) => p.text === title.text)).toBe(true);
    expect(props.reduce((n, p) => n + p.text.length, 0)).toBeLessThanOrEqual(bad.length);
  });

  it('reads counts and lengths that claim more than the stream holds as what it holds', () => {
    const [summary] = streams();
    const offset = summary.readUInt32LE(44);
    const bad = Buffer.from(summary);
    bad.writeUInt32LE(0xffffffff, offset); // the set's size
    bad.writeUInt32LE(0xffffffff, offset + 4); // its number of properties
    expect(readPropertySetStream(bad).map((p) => p.where)).toEqual(readPropertySetStream(summary).map((p) => p.where));
  });
});

describe('withoutDocProperties', () => {
  it('leaves no property set in the file, and no string in its tables of who wrote and saved it', () => {
    const copy = withoutDocProperties(data);
    expect(readDocProperties(copy)).toEqual([]);
    const table = (buf: Buffer) => Buffer.from(CFB.find(CFB.read(buf, { type: 'buffer' }), '/1Table')!.content as Uint8Array);
    expect(table(copy).length).toBe(table(data).length);
    for (const s of ['Rhys Talbot', 'rtalbot', 'Helen Marsh', 'Owen Pritchard']) {
      expect(table(data).includes(Buffer.from(s, 'utf16le'))).toBe(true);
      expect(table(copy).includes(Buffer.from(s, 'utf16le'))).toBe(false);
    }
  });

  it('changes no other stream', () => {
    const copy = withoutDocProperties(data);
    const list = (buf: Buffer) => {
      const cfb = CFB.read(buf, { type: 'buffer' });
      return new Map(cfb.FileIndex.flatMap((e, i) => (e.type === 2 ? [[cfb.FullPaths[i].replace(/^[^/]*\//, ''), Buffer.from(e.content as Uint8Array).toString('hex')] as const] : [])));
    };
    const before = list(data);
    const after = list(copy);
    for (const [name, content] of before) {
      if (name.startsWith('\u0005')) expect(after.has(name)).toBe(false);
      // The FIB and the table stream lose only the strings (above).
      else if (name !== 'WordDocument' && name !== '1Table') expect({ name, same: after.get(name) === content }).toEqual({ name, same: true });
    }
    const text = (buf: Buffer) => Buffer.from(CFB.find(CFB.read(buf, { type: 'buffer' }), '/WordDocument')!.content as Uint8Array).subarray(1024);
    expect(text(copy).equals(text(data))).toBe(true);
  });
});
