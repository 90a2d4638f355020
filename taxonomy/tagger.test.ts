import type { Passage, SectionKind } from '../model';
import { loadTaxonomy } from './load';
import { createTagger } from './tagger';

const tagger = createTagger(loadTaxonomy());
const ids = (text: string, section?: SectionKind) => tagger.tagPassage(text, section).map((t) => t.id);
const tag = (text: string, id: string, section?: SectionKind) => tagger.tagPassage(text, section).find((t) => t.id === id);

describe('tagPassage', () => {
  it('asserts themes with a score and the triggering sentence as evidence', () => {
    const text = 'Child A lived with her mother. Police had attended four incidents of domestic abuse at the home. She started school in 2019.';
    const da = tag(text, 'domestic-abuse')!;
    expect(da.score).toBeGreaterThanOrEqual(0.5);
    expect(da.score).toBeLessThanOrEqual(1);
    expect(da.evidence).toEqual(['Police had attended four incidents of domestic abuse at the home.']);
  });

  it('returns only asserted themes, strongest first', () => {
    const tags = tagger.tagPassage('The baby had a fractured skull and bruising to the face, and there was a history of domestic violence.');
    expect(tags.length).toBeGreaterThan(0);
    for (let i = 1; i < tags.length; i++) expect(tags[i - 1].score).toBeGreaterThanOrEqual(tags[i].score);
    expect(ids('The family moved to the area in the summer.')).toEqual([]);
  });

  describe('negation', () => {
    it.each([
      'There was no evidence of domestic abuse in the relationship.',
      'Domestic abuse was ruled out after enquiries with the police.',
      'The mother was not considered to be at risk of domestic abuse.',
      'No concerns about domestic violence were raised by any agency.',
      'Neither parent had a history of domestic abuse.',
    ])('silences a denied risk: %s', (text) => {
      expect(ids(text)).not.toContain('domestic-abuse');
    });

    it('does not reach across a clause break', () => {
      expect(ids('There was no evidence of drug use, but the father had been drinking heavily for months.')).toContain(
        'parental-substance-misuse',
      );
    });

    it('keeps a practice theme whose failure is the finding', () => {
      expect(ids('There was no evidence that the information was shared with the GP.')).toContain('information-sharing');
      expect(ids('The information held by the police was not shared with the school.')).toContain('information-sharing');
    });
  });

  it('hedging weakens a single mention below the threshold', () => {
    expect(ids('It is possible that the father used cannabis.')).not.toContain('parental-substance-misuse');
    expect(ids('The father used cannabis daily.')).toContain('parental-substance-misuse');
  });

  describe('section weighting', () => {
    const text = 'Information sharing between the agencies was poor and the GP did not pass on the hospital letter.';
    it('counts little in the terms of reference, methodology and appendices', () => {
      for (const s of ['terms-of-reference', 'methodology', 'appendix', 'contents'] as SectionKind[]) {
        expect(ids(text, s)).not.toContain('information-sharing');
      }
    });
    it('counts most in analysis and recommendations', () => {
      const analysis = tag(text, 'information-sharing', 'analysis')!;
      const intro = tag(text, 'information-sharing', 'introduction')!;
      expect(analysis.score).toBeGreaterThan(intro.score);
      expect(tag(text, 'information-sharing', 'recommendations')?.score).toBe(analysis.score);
    });
  });

  describe('look-alikes', () => {
    it.each([
      ['neglect', 'Reviews are carried out when abuse or neglect is known or suspected.'],
      ['looked-after-children', 'At the time the children were in the care of their father.'],
      ['multi-agency-working', 'The review followed Working Together 2018.'],
      ['supervision', 'The father had supervised contact at a family centre.'],
      ['escalation', 'The violence escalated over the summer.'],
      ['race-culture-and-faith', 'There was a culture of blame within the team.'],
      ['physical-abuse', 'The injuries were consistent with the road traffic accident described.'],
      ['information-sharing', 'The partnership will share the learning from this review.'],
    ])('%s is not asserted from: %s', (theme, text) => {
      expect(ids(text)).not.toContain(theme);
    });
  });

  it('damps sentences about the review process itself', () => {
    expect(ids('The review was commissioned to examine information sharing and multi-agency working.')).toEqual([]);
  });

  it("treats a parent's suicidal feelings as parental mental health, not a child's self-harm", () => {
    const found = ids("The mother told her GP about her suicidal feelings, and the GP considered the risk to a suicidal parent's children.");
    expect(found).toContain('parental-mental-health');
    expect(found).not.toContain('self-harm-and-suicide');
    expect(ids('The 15-year-old had self-harmed and spoke of suicide.')).toContain('self-harm-and-suicide');
  });

  it('asserts a broader theme that a narrower one entails', () => {
    const found = ids('A bruise was seen on the ear of the six-week-old baby, who was not yet mobile.');
    expect(found).toEqual(expect.arrayContaining(['non-mobile-baby-bruising', 'physical-abuse']));
  });

  describe('toxic trio', () => {
    it('is asserted when the text names it', () => {
      expect(ids('This family showed the features of the toxic trio.')).toContain('toxic-trio');
    });
    it('is asserted when all three factors are present in one passage', () => {
      const tags = tagger.tagPassage(
        'Father was violent towards the mother and there were repeated incidents of domestic abuse. Mother was depressed. Both parents misused alcohol.',
      );
      const trio = tags.find((t) => t.id === 'toxic-trio')!;
      expect(trio).toBeDefined();
      expect(trio.evidence.length).toBeGreaterThanOrEqual(2);
    });
    it('is not asserted when one factor is missing', () => {
      expect(ids('There was domestic abuse and the mother was depressed.')).not.toContain('toxic-trio');
    });
  });
});

describe('tagReview', () => {
  const passage = (id: string, text: string, section: SectionKind = 'analysis'): Passage => ({
    id,
    text,
    section,
    page: 1,
    offset: 0,
    themes: tagger.tagPassage(text, section),
  });

  const passages = [
    passage('p1', 'Police attended several incidents of domestic abuse between the parents.'),
    passage('p2', 'Mother had been treated for postnatal depression.', 'family-background'),
    passage('p3', 'The father was dependent on alcohol throughout the period under review.'),
    passage('p4', 'There were further reports of domestic violence, and the children witnessed the assaults.'),
    passage('p5', 'The terms of reference include domestic abuse.', 'terms-of-reference'),
  ];
  const review = tagger.tagReview(passages);
  const theme = (id: string) => review.find((t) => t.id === id);

  it('aggregates passages into review themes, strongest passage first', () => {
    const da = theme('domestic-abuse')!;
    expect(da.passages.sort()).toEqual(['p1', 'p4']);
    const scores = da.passages.map((id) => passages.find((p) => p.id === id)!.themes.find((t) => t.id === 'domestic-abuse')!.score);
    expect(da.score).toBeGreaterThan(Math.max(...scores));
    expect(da.evidence.length).toBeGreaterThan(0);
  });

  it('asserts the toxic trio when its three parts sit in different passages', () => {
    const trio = theme('toxic-trio')!;
    expect(trio).toBeDefined();
    expect(trio.passages).toEqual(expect.arrayContaining(['p2', 'p3']));
    expect(trio.evidence).toHaveLength(3);
  });

  it('leaves a theme out of the review when no passage carries it', () => {
    expect(theme('sexual-abuse')).toBeUndefined();
    expect(tagger.tagReview([])).toEqual([]);
  });
});
