import { buildParagraphs, cleanPages, findRunningLines } from './clean';
import { looksLikeHeading } from './headings';

const page = (num: number, body: string[]) => ({
  num,
  text: ['Child Q Serious Case Review', 'Westbury LSCB — Final report', ...body, `Page ${num} of 3`].join('\n'),
});

describe('cleanPages', () => {
  const pages = [
    page(1, ['Introduction', 'The review looked at the work of agen-', 'cies with the family over two years.']),
    page(2, ['Findings', 'Information was not shared between the school and the health visitor.']),
    page(3, ['Recommendations', 'The partnership should audit referrals.']),
  ];

  it('removes running headers, footers and page numbers', () => {
    const text = cleanPages(pages).map((p) => p.text).join('\n');
    expect(text).not.toMatch(/Westbury LSCB|Page \d of 3|Child Q Serious Case Review/);
  });

  it('joins a word hyphenated across a line end and keeps page numbers on paragraphs', () => {
    const paragraphs = cleanPages(pages);
    const body = paragraphs.find((p) => p.text.startsWith('The review'));
    expect(body).toEqual({ text: 'The review looked at the work of agencies with the family over two years.', page: 1 });
    expect(paragraphs.find((p) => p.text === 'Findings')?.page).toBe(2);
  });

  it('keeps a line that only looks like furniture on one page', () => {
    const found = findRunningLines([['Header', 'a'], ['Header', 'b'], ['Unique', 'c']].map((l) => l));
    expect(found.has('header')).toBe(true);
    expect(found.has('unique')).toBe(false);
  });
});

describe('buildParagraphs', () => {
  it('splits paragraphs on blank lines and joins wrapped lines', () => {
    const paragraphs = buildParagraphs([{ num: 4, lines: ['First line of a long', 'paragraph ends here.', '', 'Second one.'] }]);
    expect(paragraphs.map((p) => p.text)).toEqual(['First line of a long paragraph ends here.', 'Second one.']);
  });
});

describe('looksLikeHeading', () => {
  it.each([
    ['3. Analysis and findings', true],
    ['Executive Summary', true],
    ['The family was known to services.', false],
    ['and continued on the next line', false],
  ])('%s -> %s', (text, expected) => expect(looksLikeHeading(text)).toBe(expected));
});
