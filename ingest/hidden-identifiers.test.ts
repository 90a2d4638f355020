/** Identifiers outside the body text: every part of a file that can carry text is scanned, and each flag says where. */
import fs from 'node:fs';
import path from 'node:path';
import type { ReviewRecord } from '../model';
import { projectRoot } from '../lib/paths';
import { createTagger, loadTaxonomy } from '../taxonomy';
import type { HiddenFixture } from '../scripts/fixtures/hidden-parts';
import { processFile } from './pipeline';
import { looksLikePersonName, scanHiddenParts } from './hidden-identifiers';

const HIDDEN = path.join(projectRoot(), 'fixtures', 'hidden');
const fixtures: Omit<HiddenFixture, 'data'>[] = JSON.parse(fs.readFileSync(path.join(HIDDEN, 'expected.json'), 'utf8'));
const taxonomy = loadTaxonomy();
const tagger = createTagger(taxonomy);

describe.each(fixtures.map((f) => [f.file, f] as const))('%s', (file, expected) => {
  let record: ReviewRecord;
  beforeAll(async () => {
    record = await processFile(fs.readFileSync(path.join(HIDDEN, file)), { fileName: file, tagger, taxonomyVersion: taxonomy.version });
  });

  it('has a clean body: none of the identifiers is in the text', () => {
    for (const secret of expected.secrets) expect(record.text).not.toContain(secret);
    expect(record.flags.filter((f) => f.part === 'body')).toEqual([]);
  });

  it('flags each identifier in the part it was found in', () => {
    expect(record.flags.map((f) => ({ kind: f.kind, text: f.text, part: f.part }))).toEqual(expect.arrayContaining(expected.flags));
    for (const f of record.flags) {
      expect(f.status).toBe('open');
      expect(f.where).toEqual(expect.any(String));
      expect(f.page).toBeGreaterThanOrEqual(1);
    }
  });

  it('is held back for an editor', () => {
    expect(record.status).toBe('quarantined');
    expect(record.statusReason).toBe('identifier flags');
  });
});

describe('names in the fields that say who wrote a file', () => {
  it("flags a person's name, written either way round", () => {
    for (const name of ['Helen Marsh', 'Marsh, Helen', 'J. Okonkwo-Reid', "Siobhan O'Neill", 'Mary Ann McAllister']) expect(looksLikePersonName(name)).toBe(true);
  });

  it('leaves the usual values that name no one', () => {
    for (const value of [
      'Microsoft Office User',
      'admin',
      'Administrator',
      'Windows User',
      'Calderholm LSCB',
      'Area X Safeguarding Children Partnership',
      'Lowmarsh Borough Council',
      'jsmith',
      'DELL-PC',
      'Author',
      'Reviewer',
      'Child A',
      'J. S.',
    ]) {
      expect(looksLikePersonName(value)).toBe(false);
    }
  });

  it('only in those fields: a title is scanned as text', () => {
    const flags = scanHiddenParts([
      { part: 'properties', where: 'title', text: 'Helen Marsh' },
      { part: 'properties', where: 'creator', text: 'Helen Marsh', person: true },
    ]);
    expect(flags).toEqual([expect.objectContaining({ kind: 'name', text: 'Helen Marsh', part: 'properties', where: 'creator' })]);
  });
});
