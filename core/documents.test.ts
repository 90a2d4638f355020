/** Page references in the Word documents the server writes say "about" where a review's pages were estimated. */
import mammoth from 'mammoth';
import type { ReviewRecord } from '../model';
import { sampleRecords } from '../search/testing/sample-records';
import { loadTaxonomy } from '../taxonomy';
import { buildPack } from './pack';
import { caseStudyPackDocx } from './documents';

const taxonomy = loadTaxonomy();

function withBasis(record: ReviewRecord, type: ReviewRecord['source']['type'], pageBasis: ReviewRecord['source']['pageBasis']): ReviewRecord {
  return {
    ...record,
    source: { ...record.source, type, pageBasis },
    recommendations: [{ id: 'r1', text: 'The partnership should review its neglect strategy.', page: 4, themes: [] }],
  };
}

async function packText(record: ReviewRecord): Promise<string> {
  const themeId = record.themes[0].id;
  const pack = buildPack([record], [taxonomy.get(themeId)!], taxonomy, 'https://example.org');
  return (await mammoth.extractRawText({ buffer: await caseStudyPackDocx(pack, 'https://example.org') })).value;
}

describe('page references in a case-study pack', () => {
  const base = sampleRecords().find((r) => r.themes.length && r.passages.length)!;

  it('say "about page N" for a Word file whose pages were estimated', async () => {
    const text = await packText(withBasis(base, 'doc', 'estimated'));
    expect(text).toMatch(/, about page \d+/);
    expect(text).toContain('(about page 4)');
  });

  it('say "page N" where the pages are the file\'s own or laid out', async () => {
    for (const [type, basis] of [['docx', 'exact'], ['doc', 'laid-out'], ['pdf', 'exact']] as const) {
      const text = await packText(withBasis(base, type, basis));
      expect(text).not.toMatch(/about page/);
      expect(text).toContain('(page 4)');
    }
  });

  it('cite the file by its neutral name, never the uploaded one', async () => {
    const record = { ...withBasis(base, 'pdf', 'exact'), source: { ...base.source, name: 'Smith family review FINAL.pdf' } };
    const text = await packText(record);
    expect(text).toContain(`review-${record.id}.pdf`);
    expect(text).not.toContain('Smith family');
  });
});
