import fs from 'node:fs';
import path from 'node:path';
import * as CFB from 'cfb';
import { projectRoot } from '../../lib/paths';
import { FIXTURE_REPORTS } from '../../test/fixture-repository';
import { readDocObjects } from './doc-objects';
import { withoutDocProperties } from './doc-properties';

const HIDDEN = path.join(projectRoot(), 'fixtures', 'hidden');

/** A clean report with one embedded object whose storage holds the streams given. */
function docWithObject(streams: Record<string, Buffer>): Buffer {
  const cfb = CFB.read(fs.readFileSync(path.join(FIXTURE_REPORTS, 'child-h-2011.doc')), { type: 'buffer' });
  for (const [name, data] of Object.entries(streams)) CFB.utils.cfb_add(cfb, `/ObjectPool/_1700000001/${name}`, data);
  return Buffer.from(CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
}

describe('readDocObjects', () => {
  it('reads each embedded object apart: a packaged file with its name, and an embedded document by its text', async () => {
    const objects = await readDocObjects(fs.readFileSync(path.join(HIDDEN, 'hidden-objects.doc')));
    expect(objects.map((o) => [o.part, o.where])).toEqual([
      ['embedded-object', 'ObjectPool/_1586923411'],
      ['embedded-object', 'ObjectPool/_1586923412'],
    ]);
    expect(objects[0].text).toMatch(/^contact notes\.txt \| .*\| Contact details\. Mother: /);
    expect(objects[1].text).toMatch(/\| Health visitor notes: Child A was born on /);
    // What says only what kind of object it is stays out.
    for (const o of objects) expect(o.text).not.toMatch(/Word\.Document\.12|Package \|/);
  });

  it('reads a packaged file whose lengths do not add up as plain bytes, and a file with no objects as none', async () => {
    const header = Buffer.alloc(6);
    header.writeUInt32LE(0xffffff00);
    const damaged = Buffer.concat([header, Buffer.from('notes.txt\0C:\\notes.txt\0\0\0\u0003\0\u00ff\u00ff\u00ff\u00ffMother: Karen Dunmore, 07700 900456', 'latin1')]);
    const [object] = await readDocObjects(docWithObject({ '\u0001Ole10Native': damaged }));
    expect(object.text).toContain('Mother: Karen Dunmore, 07700 900456');
    expect(await readDocObjects(fs.readFileSync(path.join(FIXTURE_REPORTS, 'child-h-2011.doc')))).toEqual([]);
    expect(await readDocObjects(Buffer.from('not a Word 97 file'))).toEqual([]);
  });

  it('leaves no object in the public copy, and the copy still reads', async () => {
    const copy = withoutDocProperties(fs.readFileSync(path.join(HIDDEN, 'hidden-objects.doc')));
    expect(await readDocObjects(copy)).toEqual([]);
    expect(CFB.read(copy, { type: 'buffer' }).FullPaths.filter((p) => p.includes('ObjectPool'))).toEqual([]);
  });
});
