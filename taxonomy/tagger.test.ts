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
      'Agencies were not aware of any domestic abuse between the parents.',
      'The review found nothing to suggest that domestic abuse had been missed.',
      'There was no indication of domestic violence at any point.',
      'There is nothing to indicate that the father had been violent.',
      'The young person had not disclosed any domestic abuse at home.',
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
      ['information-sharing', 'Each agency should confirm that the lessons from this review have been shared with its staff.'],
      ['adolescents', "Mother had been known to children's services as a teenager."],
      ['adolescents', 'Father had spent time in care in his own adolescence.'],
      ['thresholds', 'The early help service offered a parenting programme.'],
      ['supervision', 'Caseloads were high, and several of the staff were newly qualified.'],
      ['was-not-brought', 'The drug and alcohol service closed the case after Father missed appointments.'],
      ['was-not-brought', 'A core group meeting was held; the school and the GP did not attend.'],
      ['was-not-brought', 'The information was available but was not brought together.'],
      ['looked-after-children', 'The family was moved to a temporary accommodation placement out of the area.'],
      ['assessment', 'The case was referred to the multi-agency risk assessment conference.'],
    ])('%s is not asserted from: %s', (theme, text) => {
      expect(ids(text)).not.toContain(theme);
    });
  });

  it('damps sentences about the review process itself', () => {
    expect(ids('The review was commissioned to examine information sharing and multi-agency working.')).toEqual([]);
    expect(ids('Its purpose is to identify what can be learnt about how agencies work together.')).toEqual([]);
    expect(ids('A systems approach looks beyond individual actions to the wider organisation.')).toEqual([]);
  });

  it('keeps early help and caseloads as corroboration, not findings on their own', () => {
    expect(ids('The case was stepped down to early help although the threshold for a child in need was met.')).toContain('thresholds');
    expect(ids('Caseloads were high and the social worker had not had supervision for three months.')).toContain('supervision');
  });

  it("treats a parent's suicidal feelings as parental mental health, not a child's self-harm", () => {
    const found = ids("The mother told her GP about her suicidal feelings, and the GP considered the risk to a suicidal parent's children.");
    expect(found).toContain('parental-mental-health');
    expect(found).not.toContain('self-harm-and-suicide');
    expect(ids('The 15-year-old had self-harmed and spoke of suicide.')).toContain('self-harm-and-suicide');
  });

  it('reads a word broken across a line in text cut from a PDF, and quotes the text as it was', () => {
    const text = 'Child B had been se- verely ne- glected by both parents.';
    const neglect = tag(text, 'neglect')!;
    expect(neglect).toBeDefined();
    expect(neglect.evidence).toEqual([text]);
    expect(ids('Pre- and post-natal care was offered.')).toEqual(ids('Pre and post-natal care was offered.'));
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
  let n = 0;
  const passage = (text: string, section: SectionKind = 'analysis'): Passage => ({
    id: `p${++n}`,
    text,
    section,
    page: 1,
    offset: 0,
    themes: tagger.tagPassage(text, section),
  });
  const themeIds = (passages: Passage[]) => tagger.tagReview(passages).map((t) => t.id);

  // Three findings that make up what a review is about.
  const findings = () => [
    passage('Police attended several incidents of domestic abuse between the parents.'),
    passage('There were further reports of domestic violence, and the children witnessed the assaults.', 'executive-summary'),
    passage('Information about the domestic abuse was not shared with the health visitor or the school.'),
    passage('The GP did not pass on the hospital letter, and the police did not share the incident log.'),
    passage('Agencies should share information about domestic abuse with the school the next working day.', 'recommendations'),
  ];

  it('aggregates passages into review themes, strongest passage first, with a score from 0.5 to 1', () => {
    const passages = findings();
    const da = tagger.tagReview(passages).find((t) => t.id === 'domestic-abuse')!;
    expect(da.passages.length).toBeGreaterThanOrEqual(3);
    expect(da.passages).toContain(passages[0].id);
    expect(da.score).toBeGreaterThanOrEqual(0.5);
    expect(da.score).toBeLessThanOrEqual(1);
    expect(da.evidence.length).toBeGreaterThan(0);
    expect(themeIds(passages)).toContain('information-sharing');
  });

  it('does not make a review theme of one mention in the chronology or the family background', () => {
    const passages = [
      ...findings(),
      passage('March 2019: the school recorded that Child A had a bruise on her arm.', 'chronology'),
      passage('Mother had been treated for postnatal depression after her first child was born.', 'family-background'),
    ];
    expect(passages.at(-2)!.themes.map((t) => t.id)).toContain('physical-abuse');
    expect(passages.at(-1)!.themes.map((t) => t.id)).toContain('parental-mental-health');
    expect(themeIds(passages)).not.toContain('physical-abuse');
    expect(themeIds(passages)).not.toContain('parental-mental-health');
  });

  it('counts the terms of reference for little, however often they name a theme', () => {
    const tor = ['supervision', 'record keeping', 'supervision and management oversight'].map((t) =>
      passage(`The terms of reference asked whether ${t} met the expected standard.`, 'terms-of-reference'),
    );
    expect(themeIds([...findings(), ...tor])).not.toContain('supervision');
  });

  it("leaves out a theme with a small share of the evidence of the review's strongest themes", () => {
    const aside = () => [
      passage('The social worker had no regular supervision during this period.'),
      passage('Managers did not provide oversight of the plan, and supervision was cancelled.'),
    ];
    expect(themeIds([...findings(), ...aside()])).toContain('supervision');
    expect(themeIds([...findings(), ...findings(), ...findings(), ...aside()])).not.toContain('supervision');
  });

  it('does not count a broader theme again on evidence that its narrower theme explains', () => {
    const bruising = [
      passage('A bruise was seen on the cheek of the six-week-old baby, who was not yet mobile.'),
      passage('The protocol for bruising in non-mobile babies was not followed.'),
      passage('Any bruise to a baby who is not yet crawling should lead to a paediatric examination.', 'recommendations'),
    ];
    expect(bruising[0].themes.map((t) => t.id)).toContain('physical-abuse');
    const ids = themeIds(bruising);
    expect(ids).toContain('non-mobile-baby-bruising');
    expect(ids).not.toContain('physical-abuse');
    const abuse = [
      passage('Child B had been hit with a belt and had old fractures to both arms.'),
      passage('The physical abuse of Child B went on for months before anyone asked about the injuries.', 'executive-summary'),
    ];
    expect(themeIds([...bruising, ...abuse])).toContain('physical-abuse');
  });

  it('asserts the toxic trio when its three parts are review themes, even in different passages', () => {
    const passages = [
      passage('Police attended repeated incidents of domestic abuse at the home.'),
      passage('The domestic abuse continued throughout the pregnancy.', 'executive-summary'),
      passage("Mother's depression worsened after the birth and she stopped taking her medication."),
      passage('Adult mental health services did not ask whether Mother cared for children.', 'recommendations'),
      passage('Father was dependent on alcohol throughout the period under review.'),
      passage("The drug and alcohol service did not consider the effect of Father's drinking on the baby.", 'recommendations'),
    ];
    const trio = tagger.tagReview(passages).find((t) => t.id === 'toxic-trio')!;
    expect(trio).toBeDefined();
    expect(trio.evidence).toHaveLength(3);
    expect(themeIds(passages.slice(0, 4))).not.toContain('toxic-trio');
  });

  it('leaves a theme out of the review when no passage carries it', () => {
    expect(themeIds(findings())).not.toContain('sexual-abuse');
    expect(tagger.tagReview([])).toEqual([]);
  });
});
