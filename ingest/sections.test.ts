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
  ])('%s', (text, kind) => expect(headingKind(text)).toBe(kind));

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
});
