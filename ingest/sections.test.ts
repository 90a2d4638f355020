import { assignSections } from './sections';
import { headingKind } from './headings';

describe('headingKind', () => {
  it.each([
    ['Executive Summary', 'executive-summary'],
    ['1. Introduction', 'introduction'],
    ['2.1 Terms of Reference', 'terms-of-reference'],
    ['Scope of the review', 'terms-of-reference'],
    ['Review process', 'methodology'],
    ['Family background', 'family-background'],
    ['Key practice episodes', 'chronology'],
    ['Analysis and findings', 'analysis'],
    ['Findings & Learning', 'analysis'],
    ['Introduction and context', 'introduction'],
    ['Why this review was carried out', 'introduction'],
    ['Background to the family', 'family-background'],
    ['Concluding comments', 'other'],
    ['Recommendations', 'recommendations'],
    ['Partnership response', 'response'],
    ['Appendix 1: Glossary', 'appendix'],
    ['Table of contents', 'contents'],
    ['1 Introduction and Background to the Review', 'introduction'],
    ['2.3 Terms of Reference', 'terms-of-reference'],
    ['Section 4: Analysis', 'analysis'],
    ['SECTION ONE – INTRODUCTION', 'introduction'],
    ['PART FOUR Improving Systems and Practice', 'recommendations'],
    ['Chapter 3 Methodology', 'methodology'],
    ['IV. Findings', 'analysis'],
    ['A. INTRODUCTION', 'introduction'],
    ['1. Circumstances that led to this Serious Case Review', 'introduction'],
    ['Summary Timeline', 'chronology'],
    ['Conclusions and Recommendations', 'recommendations'],
    ['Statement of Reviewer Independence', 'other'],
  ])('%s', (text, kind) => expect(headingKind(text)).toBe(kind));

  it('ignores a heading run into the body after it', () => {
    expect(headingKind('1. Introduction 1.1 On a day in spring Child V was taken to hospital')).toBeNull();
    expect(headingKind('The recommendations in the review have been acted upon by all the agencies')).toBeNull();
  });

  it('ignores a sentence that merely starts with a heading word', () => {
    expect(headingKind('Recommendations were made to all agencies.')).toBeNull();
  });
});

describe('assignSections', () => {
  it('puts each paragraph in the section whose heading it follows', () => {
    const out = assignSections([
      { text: 'Cover text', page: 1 },
      { text: 'Findings', page: 2 },
      { text: 'Agencies did not share information.', page: 2 },
    ]);
    expect(out.map((p) => p.section)).toEqual(['other', 'analysis', 'analysis']);
    expect(out[1].heading).toBe('Findings');
  });

  const entry = (title: string, page: number | null = null) => ({ title, page, kind: headingKind(title), sub: false, major: /^\d+\.\s/.test(title) });

  it('takes a heading the contents list names, in wordings it does not know, as a section', () => {
    const out = assignSections(
      [
        { text: '1. Introduction', page: 3 },
        { text: 'Child V was taken to hospital.', page: 3 },
        { text: '2. A Day in the Life of Child V', page: 4 },
        { text: 'Child V lived with her mother.', page: 4 },
      ],
      [entry('1. Introduction', 3), entry('2. A Day in the Life of Child V', 4)],
    );
    expect(out.filter((p) => p.heading).map((p) => [p.section, p.heading])).toEqual([
      ['introduction', '1. Introduction'],
      ['other', '2. A Day in the Life of Child V'],
    ]);
  });

  it('keeps title-page wordings before the first listed heading out of the sections', () => {
    const out = assignSections(
      [
        { text: 'Executive Summary', page: 1 },
        { text: 'Section 1: Introduction', page: 3 },
        { text: 'The review found that neglect was not recognised.', page: 3 },
      ],
      [entry('Section 1: Introduction', 3)],
    );
    expect(out.filter((p) => p.heading).map((p) => p.heading)).toEqual(['Section 1: Introduction']);
  });

  it('splits a heading run into its first paragraph', () => {
    const out = assignSections([{ text: '1. INTRODUCTION 1.1 This review concerns Child V, who was seriously injured.', page: 3 }]);
    expect(out.map((p) => [p.section, p.heading ?? null, p.text])).toEqual([
      ['introduction', '1. INTRODUCTION', '1. INTRODUCTION'],
      ['introduction', null, '1.1 This review concerns Child V, who was seriously injured.'],
    ]);
  });

  it('opens a second introduction or summary inside another section as no section', () => {
    const out = assignSections([
      { text: 'Introduction', page: 2 },
      { text: 'Appraisal of practice', page: 3 },
      { text: '2.1 Introduction', page: 3 },
      { text: 'Agencies did not share information.', page: 3 },
    ]);
    expect(out.map((p) => p.section)).toEqual(['introduction', 'analysis', 'analysis', 'analysis']);
  });
});
