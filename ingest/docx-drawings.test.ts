/** Charts, SmartArt diagrams and link targets in a Word file are scanned like its other parts outside the body, each flag naming its part. */
import fs from 'node:fs';
import path from 'node:path';
import type { ReviewRecord } from '../model';
import { projectRoot } from '../lib/paths';
import { createTagger, loadTaxonomy } from '../taxonomy';
import type { DrawingFixture } from '../scripts/fixtures/drawing-parts';
import { processFile } from './pipeline';

const HIDDEN = path.join(projectRoot(), 'fixtures', 'hidden');
const expected: Omit<DrawingFixture, 'data'> = JSON.parse(fs.readFileSync(path.join(HIDDEN, 'drawings.json'), 'utf8'));

describe('a Word file with a chart and a SmartArt diagram', () => {
  let record: ReviewRecord;
  beforeAll(async () => {
    const taxonomy = loadTaxonomy();
    record = await processFile(fs.readFileSync(path.join(HIDDEN, expected.file)), { fileName: expected.file, tagger: createTagger(taxonomy), taxonomyVersion: taxonomy.version });
  });

  it('flags the names and numbers in the chart, the diagram and a link, with the part each is in', () => {
    const flags = record.flags.map((f) => ({ kind: f.kind, text: f.text, part: f.part, where: f.where }));
    expect(flags).toEqual(expect.arrayContaining(expected.flags));
  });

  it('reads none of them into the body', () => {
    for (const { text } of expected.flags) expect(record.text).not.toContain(text);
    expect(record.flags.filter((f) => f.part === 'body')).toEqual([]);
    expect(record.text).toContain('The chart below counts the contacts');
  });

  it('is held back for an editor', () => {
    expect(record.status).toBe('quarantined');
    expect(record.statusReason).toBe('identifier flags');
  });
});
