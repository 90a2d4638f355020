import { readContents } from './contents';
import { extractDocument } from './pipeline';

const pages = (...texts: string[]) => texts.map((text, i) => ({ num: i + 1, text }));
const titles = (texts: string[]) => readContents(pages(...texts)).entries.map((e) => [e.title, e.page]);

describe('readContents', () => {
  it('reads entries with dot leaders and page numbers, and takes the list out of the text', () => {
    const { entries, pages: out } = readContents(
      pages(
        'Brackwater Safeguarding Children Board\nSerious Case Review\nChild W',
        'TABLE OF CONTENTS\n1. Introduction ........................ 3\n2. Terms of Reference.................... 3\n3. Analysis ............................ 5',
        '1. Introduction\n1.1 Child W was two years old when he was found injured at home.',
      ),
    );
    expect(entries.map((e) => [e.title, e.page, e.kind])).toEqual([
      ['1. Introduction', 3, 'introduction'],
      ['2. Terms of Reference', 3, 'terms-of-reference'],
      ['3. Analysis', 5, 'analysis'],
    ]);
    expect(out[1].text.trim()).toBe('');
    expect(out[2].text).toContain('1. Introduction');
  });

  it.each([
    ['Index', 'Index\n1. Background to the report Page 3 2. About the author Page 3 3. Methodology Page 4', [['1. Background to the report', 3], ['2. About the author', 3], ['3. Methodology', 4]]],
    ['List of Contents', 'List of Contents\nIntroduction\t2\nThe Family\t4\nLearning\t7', [['Introduction', 2], ['The Family', 4], ['Learning', 7]]],
    ['CONTENTS with a column head and numbers on lines of their own', 'CONTENTS\nPage\nIntroduction\n3\nMethodology\n4\nRecommendations\n9', [['Introduction', 3], ['Methodology', 4], ['Recommendations', 9]]],
    ['a column of entries then a column of pages', 'Contents\n1. Introduction\n2. Case summary\n3. Findings\n3\n5\n8', [['1. Introduction', 3], ['2. Case summary', 5], ['3. Findings', 8]]],
    ['entries without page numbers', 'Contents\nIntroduction\nChronology\nFindings\nRecommendations', [['Introduction', null], ['Chronology', null], ['Findings', null], ['Recommendations', null]]],
    ['"Contents" run into the first entry', 'Contents 1. Introduction ..... 3\n2. Chronology ..... 4', [['1. Introduction', 3], ['2. Chronology', 4]]],
    ['a long entry wrapped onto a second line', 'Contents\n1 Introduction 3\n2 Agency involvement with the family from the first referral to the school in the spring of\n2016 until the end of the review period 6\n3 Findings 9', [['1 Introduction', 3], ['2 Agency involvement with the family from the first referral to the school in the spring of 2016 until the end of the review period', 6], ['3 Findings', 9]]],
  ])('%s', (_, contents, expected) => expect(titles(['Title page', contents])).toEqual(expected));

  it('ends the list where the body starts, giving back the headings it took for entries', () => {
    const { entries, pages: out } = readContents(
      pages('Contents\nExecutive summary\n1. Introduction\n2. Findings\n3\n4\n6\nEXECUTIVE SUMMARY\n1. INTRODUCTION\n1.1 This review was commissioned after Child V, aged four months, was taken to hospital with a fractured leg.'),
    );
    expect(entries.map((e) => e.title)).toEqual(['Executive summary', '1. Introduction', '2. Findings']);
    expect(out[0].text.split('\n').slice(0, 2)).toEqual(['EXECUTIVE SUMMARY', '1. INTRODUCTION']);
  });

  it('leaves an index at the end of an unpaged Word file alone', () => {
    const body = Array.from({ length: 200 }, (_, i) => `Paragraph ${i + 1} of the report.`).join('\n');
    expect(readContents(pages(`${body}\nIndex\nAssessment 4\nChronology 5\nEscalation 7`)).entries).toEqual([]);
  });

  it('leaves an index at the back of a long report alone', () => {
    const body = Array.from({ length: 8 }, (_, i) => `Page ${i + 1} text about the review.`);
    expect(readContents(pages(...body, 'Index\nAssessment 4\nChronology 5\nEscalation 7')).entries).toEqual([]);
  });
});

describe('the title page before the contents list', () => {
  it('opens no section although it says "Executive Summary"', async () => {
    const text = [
      'Overview report on the\nSerious Case Review\nrelating to Child Y\nExecutive Summary\nand\nOverview Report',
      'CONTENTS\nExecutive Summary 3\n1. Introduction 3\n2. Findings 4',
      'Executive Summary\nChild Y was six months old when she was seriously injured at home.\n1. Introduction\nThe review was commissioned by the Oakhollow partnership.',
      '2. Findings\nThe review found that her bruising was not referred.',
    ].join('\f');
    const doc = await extractDocument(Buffer.from(text));
    expect(doc.layout.sections.map((s) => [s.kind, s.page])).toEqual([
      ['executive-summary', 3],
      ['introduction', 3],
      ['analysis', 4],
    ]);
  });
});

describe('a heading the contents list repeats', () => {
  it('stays in the text although it recurs at the top of pages like a running header', async () => {
    const text = [
      'Serious Case Review\nChild Z\nOakhollow Safeguarding Children Partnership',
      'Contents\n1. Introduction\n2. Findings',
      '1. Introduction\nChild Z was found at home with a head injury when she was nine months old.',
      '2. Findings\nThe review found that the bruise seen by the health visitor was not referred.',
    ].join('\f');
    const doc = await extractDocument(Buffer.from(text));
    const paragraphs = doc.layout.text.split('\n\n');
    expect(paragraphs).toContain('1. Introduction');
    expect(paragraphs).toContain('2. Findings');
    expect(paragraphs).not.toContain('Contents');
    expect(doc.layout.sections.map((s) => [s.kind, s.page])).toEqual([
      ['introduction', 3],
      ['analysis', 4],
    ]);
  });
});
