/** The document properties of a Word 97 file, read from its OLE property sets, and read safely from a damaged one. */
import fs from 'node:fs';
import path from 'node:path';
import * as CFB from 'cfb';
import { projectRoot } from '../../lib/paths';
import { FIXTURE_REPORTS } from '../../test/fixture-repository';
import { readDocProperties, readPropertySetStream, withoutDocProperties } from './doc-properties';

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
    expect(props.filter((p) => p.person).map((p) => p.where).sort()).toEqual(['Author', 'CaseOwner', 'Last saved by', 'Manager']);
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
  it('leaves no property set in the file, and every other stream as it was', () => {
    const copy = withoutDocProperties(data);
    expect(readDocProperties(copy)).toEqual([]);
    const list = (buf: Buffer) => {
      const cfb = CFB.read(buf, { type: 'buffer' });
      return new Map(cfb.FileIndex.flatMap((e, i) => (e.type === 2 ? [[cfb.FullPaths[i].replace(/^[^/]*\//, ''), Buffer.from(e.content as Uint8Array).toString('hex')] as const] : [])));
    };
    const before = list(data);
    const after = list(copy);
    for (const [name, content] of before) {
      if (name.startsWith('\u0005')) expect(after.has(name)).toBe(false);
      else expect({ name, same: after.get(name) === content }).toEqual({ name, same: true });
    }
  });
});
