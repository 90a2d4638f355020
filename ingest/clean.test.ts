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

describe('running headers and footers', () => {
  const SENTENCES = ['The health visitor saw the family at home', 'A referral was made to children\'s social care', 'The school raised a concern about attendance', 'The police attended a call from a neighbour', 'A strategy discussion was held the next day', 'The GP saw Mother about her low mood', 'The case was closed after an assessment', 'A child protection conference was held', 'Father moved back into the family home', 'The family moved to temporary accommodation', 'The midwife shared the booking history', 'A core group met twice in that month', 'The reviewer met the practitioners involved', 'The panel agreed its terms of reference'];
  const body = (n: number) => [0, 1, 2].map((k) => `${SENTENCES[(n * 3 + k) % SENTENCES.length]}, as the chronology on page ${n} shows.`);
  const text = (pages: { num: number; text: string }[]) => cleanPages(pages).map((p) => p.text).join('\n');

  it('removes headers that differ between left and right pages', () => {
    const pages = [1, 2, 3, 4, 5, 6].map((num) => ({
      num,
      text: [num % 2 ? 'Westbury LSCB — Published May 2019' : 'Child Q SCR — Final report', ...body(num), num % 2 ? `${num}` : `Page ${num}`].join('\n'),
    }));
    expect(text(pages)).not.toMatch(/Westbury LSCB|Child Q SCR|^Page \d/m);
    expect(text(pages)).toContain(body(6)[0]);
  });

  it('removes a header printed beside its page number, on either side', () => {
    const pages = [2, 3, 4, 5, 6, 7].map((num) => ({
      num,
      text: [num % 2 ? `Overview report | ${num}` : `${num}\tChild Q Serious Case Review`, ...body(num)].join('\n'),
    }));
    const out = text([{ num: 1, text: 'Serious Case Review: Child Q\n\nOverview report\n\nPublished May 2019' }, ...pages]);
    expect(out).not.toMatch(/Overview report \||Child Q Serious Case Review/);
    // The title page's own line is not the header, though the header repeats it.
    expect(out).toContain('Overview report');
  });

  it('never removes a line that is also a heading in the body or an entry of the contents', () => {
    const pages = [1, 2, 3, 4].map((num) => ({ num, text: ['Findings', ...body(num), num === 3 ? 'Findings' : 'Paragraph end.', ...body(num + 10)].join('\n') }));
    expect(findRunningLines(pages.map((p) => p.text.split('\n'))).has('findings')).toBe(false);
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
