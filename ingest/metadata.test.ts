import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/paths';
import { ageBandOf, applyManifest, inferMetadata } from './metadata';
import { partnershipNamed, partnerships } from '../model/partnerships';
import { yearOf } from './record/year';
import { isResidue } from './record/lines';

const NOW = new Date('2026-06-01T00:00:00Z');
const read = (front: string, body = '') => inferMetadata(front, `${front}\n${body}`, 'report.pdf', NOW);

const front = 'Local Child Safeguarding Practice Review: Child M\nRiverton Safeguarding Children Partnership\nSouth West\nPublished June 2022';
const body = 'Child M was 14 months old when she was admitted to hospital with serious injuries. The police and the health visitor were involved.';

describe('inferMetadata', () => {
  const meta = inferMetadata(front, body, 'child-m.pdf');

  it('reads title, area, type, year, region and nation from the front page', () => {
    expect(meta).toMatchObject({
      title: 'Local Child Safeguarding Practice Review: Child M',
      area: 'Riverton Safeguarding Children Partnership',
      areaMatched: false,
      reviewType: 'lcspr',
      documentKind: 'report',
      year: 2022,
      region: 'South West',
      nation: 'England',
    });
  });

  it('reads the child age band, gender, outcome and agencies from the text', () => {
    expect(meta.ageBand).toBe('1-4');
    expect(meta.outcome).toBe('serious-harm');
    expect(meta.gender).toBe('female');
    expect(meta.agencies).toEqual(expect.arrayContaining(['Police', 'Health visiting', 'Hospital']));
  });

  it('marks every field it found as inferred, each with the line it came from', () => {
    expect(meta.inferred).toEqual(expect.arrayContaining(['title', 'area', 'reviewType', 'year', 'region', 'ageBand', 'outcome']));
    for (const field of meta.inferred) expect(meta.evidence?.[field]).toBeTruthy();
    expect(meta.evidence).toMatchObject({ year: 'Published June 2022', area: 'Riverton Safeguarding Children Partnership', ageBand: body.split('. ')[0] + '.' });
  });

  it('falls back to the file name and unknowns when the text says nothing', () => {
    const bare = inferMetadata('', 'Nothing useful here.', 'report_2020-final.docx');
    expect(bare).toMatchObject({ title: 'report 2020 final', reviewType: 'other', ageBand: 'unknown', outcome: 'unknown', year: null, area: null });
    expect(bare.inferred).toEqual([]);
    expect(bare.evidence).toEqual({});
  });
});

describe('title pages as published', () => {
  it('a board named on lines of its own, an "In respect of" title, an executive summary, a baby who died', () => {
    const meta = read(
      'BRACKENRIDGE LOCAL SAFEGUARDING\nCHILDREN BOARD\nSERIOUS CASE REVIEW\nExecutive Summary\nIn respect of\nCHILD T\nLead Reviewer: A. Reviewer\nPublished: 14th March 2016\nContents\n1. Introduction ........ 3',
      '1. Introduction\n1.1 This serious case review concerns Child T, a baby boy who died at the age of 7 weeks in May 2014. His mother, aged 19, had asked for help in 2013.',
    );
    expect(meta).toMatchObject({
      title: 'Serious Case Review in respect of Child T',
      area: 'Brackenridge Local Safeguarding Children Board',
      areaMatched: false,
      reviewType: 'scr',
      documentKind: 'executive-summary',
      year: 2016,
      nation: 'England',
      ageBand: 'under-1',
      gender: 'male',
      outcome: 'died',
    });
    expect(meta.evidence).toMatchObject({ documentKind: 'Executive Summary', year: 'Published: 14th March 2016' });
  });

  it('a known board in any of its names gives the one partnership, with region and nation', () => {
    const meta = read(
      'Camden LSCB\nSerious Case Review\nOverview Report\nFamily Z\nAuthor: An Author\nMarch 2017',
      '1. Introduction\n1.1 The London Borough of Camden notified the board. The review concerns two children, now aged seven and four, who were seriously injured and brought into care in 2015.',
    );
    expect(meta).toMatchObject({
      title: 'Serious Case Review: Family Z',
      area: 'Camden Safeguarding Children Partnership',
      areaMatched: true,
      region: 'London',
      nation: 'England',
      year: 2017,
      reviewType: 'scr',
      documentKind: 'report',
      ageBand: '1-4',
      outcome: 'serious-harm',
    });
    expect(meta.evidence?.area).toBe('Camden LSCB');
  });

  it('a Welsh regional board and a concise child practice review', () => {
    const meta = read(
      'Cwm Taf Morgannwg Safeguarding Board\nConcise Child Practice Review\nRe: Baby Y\nDate of publication: 11/05/21',
      'Brief outline of circumstances\nBaby Y was a four-month-old baby girl when she was taken to hospital with a fractured skull.',
    );
    expect(meta).toMatchObject({
      title: 'Concise Child Practice Review Re: Baby Y',
      area: 'Cwm Taf Morgannwg Safeguarding Board',
      areaMatched: true,
      region: 'Wales',
      nation: 'Wales',
      reviewType: 'wales-cpr',
      year: 2021,
      ageBand: 'under-1',
      gender: 'female',
      outcome: 'serious-harm',
    });
  });

  it('a practice review relating to a first-name pseudonym, an age in years and months, a board the list does not know', () => {
    const meta = read(
      'Local Child Safeguarding Practice Review\nRelating to\nJayden\nThornbury Vale Safeguarding Children Partnership\nDate of publication: September 2023',
      '1 Introduction\n1.1 Jayden was aged 16 years 9 months when he was killed in a street attack in 2022. He had been excluded from school at the age of 14.',
    );
    expect(meta).toMatchObject({
      title: 'Local Child Safeguarding Practice Review relating to Jayden',
      area: 'Thornbury Vale Safeguarding Children Partnership',
      areaMatched: false,
      region: null,
      nation: 'England',
      reviewType: 'lcspr',
      year: 2023,
      ageBand: '16-17',
      gender: 'male',
      outcome: 'died',
    });
  });

  it('a title that wraps, into the death of, with web residue around the page', () => {
    const meta = read(
      'Upload\nothers\nDownload\n0\nPage 1: Child R Serious Case Review Into the Death of Child R 2 May 2019 www.example.org.uk/wp-content...\nChild R\nSerious Case Review\nInto the Death of Child R\n2 May 2019\nIndependent Author\nIndex\n1. Introduction Page 3',
      '1. Introduction\n1.1 Child R died in hospital in 2017, aged 15. She had been known to the school as a teenager who self-harmed.',
    );
    expect(meta).toMatchObject({ title: 'Serious Case Review Into the Death of Child R', year: 2019, reviewType: 'scr', ageBand: '11-15', gender: 'female', outcome: 'died' });
  });

  it('never only the review-type words: the pseudonym the introduction gives completes the title', () => {
    const meta = read('A Serious Case Review\nFinal Report\nJune 2018', '1. Introduction\nThe child is referred to as Baby Q in this report. Baby Q was 11 weeks old when he was found with bruising.');
    expect(meta.title).toBe('A Serious Case Review: Baby Q');
    expect(meta).toMatchObject({ ageBand: 'under-1', gender: 'male', outcome: 'serious-harm', year: 2018 });
  });

  it('a national review by the panel, several children: the youngest', () => {
    const meta = read(
      'THE CHILD SAFEGUARDING PRACTICE REVIEW PANEL\nA National Review: Children at Risk in the Home\nMarch 2022',
      'Introduction\nThis national review looked at two children: one aged 6 and a baby aged 10 months, both of whom died.',
    );
    expect(meta).toMatchObject({ reviewType: 'national-review', nation: 'England', year: 2022, ageBand: 'under-1', outcome: 'died' });
  });

  it('learning, lessons-learned, multi-agency and rapid reviews, and practitioner briefings as summaries', () => {
    expect(read('Learning Review\nChild B\n2020').reviewType).toBe('learning-review');
    expect(read('Lessons Learned Review: Child N\n2015').reviewType).toBe('lessons-learned');
    expect(read('Multi-Agency Case Review\nFamily K\n2019').reviewType).toBe('multi-agency-review');
    expect(read('Rapid Review\nChild C\n2021').reviewType).toBe('rapid-review');
    const brief = read('Child CD Serious Case Review\nPractitioner Briefing\n2020');
    expect(brief).toMatchObject({ reviewType: 'scr', documentKind: 'summary' });
    expect(read('CYSUR Concise Child Practice Review\nChild L\n2019')).toMatchObject({ area: 'Mid and West Wales Safeguarding Board (CYSUR)', nation: 'Wales', reviewType: 'wales-cpr' });
    expect(read('SERIOUS CASE REVIEW\nExecutive Summary and Overview Report\nChild S').documentKind).toBe('report');
  });

  it('reads the review type from the introduction when the title page does not say', () => {
    const meta = read('Child W\nFebruary 2014', '1. Introduction\n1.1 The board carried out a rapid review. This serious case review was then commissioned.');
    expect(meta.reviewType).toBe('scr');
  });
});

describe('ages, gender and outcomes as reports word them', () => {
  it.each([
    ['Child A was nearly two years old when he was admitted to hospital with a head injury.', '1-4', 'serious-harm'],
    ['Baby B died at the age of 7 weeks.', 'under-1', 'died'],
    ['The review concerns a 17-year-old who was stabbed in a park.', '16-17', 'serious-harm'],
    ['Child D, then aged two and a half, presented at hospital severely malnourished.', '1-4', 'serious-harm'],
    ['Child E was seen at age 15 by the school nurse; she later died by suicide.', '11-15', 'died'],
    ['A four-month-old baby was found to have fractures. His father, aged 24, was arrested.', 'under-1', 'serious-harm'],
  ])('%s', (sentence, ageBand, outcome) => {
    const meta = read('Serious Case Review\n2019', `1. Introduction\n${sentence}`);
    expect({ ageBand: meta.ageBand, outcome: meta.outcome }).toEqual({ ageBand, outcome });
  });

  it("takes neither a sibling's age nor a line that wraps before a number as the child's", () => {
    const meta = read(
      'Serious Case Review\nChild K\n2019',
      '1. Introduction\n1.1 Child K lived with her mother and two brothers, aged 9 and 12. Child K was aged\n16 years 9 months when she died.',
    );
    expect(meta).toMatchObject({ ageBand: '16-17', gender: 'female', outcome: 'died' });
  });

  it('does not take the criteria for a review as what happened to the child', () => {
    const meta = read('Serious Case Review\n2019', '1. Introduction\nA review must be held where abuse or neglect is suspected and a child dies or is seriously harmed. Child F was 3 years old when found with bruising.');
    expect(meta.outcome).toBe('serious-harm');
  });

  it('the nation from the law a report cites when it names no board', () => {
    expect(read('Learning Review\nChild G\n2021', '1. Introduction\nThis review was undertaken under Working Together to Safeguard Children 2018.').nation).toBe('England');
    expect(read('Learning Review\nChild H\n2021', '1. Introduction\nThe review follows the Social Services and Well-being (Wales) Act 2014 guidance.').nation).toBe('Wales');
  });
});

describe('yearOf', () => {
  it('takes the publication date over the dates of events', () => {
    expect(yearOf(['Serious Case Review', 'Date of Incident: July 2015', 'Date of Publication: January 2017'], '', NOW)?.value).toBe(2017);
    expect(yearOf(['Born 15th July 2007', 'Died 3rd March 2012', 'September 2013'], '', NOW)?.value).toBe(2013);
    expect(yearOf(['Serious Case Review published 13.03.18'], '', NOW)?.value).toBe(2018);
  });

  it('reads month/year and day.month.year dates', () => {
    expect(yearOf(['Child Practice Review', 'Final version 12/2020'], '', NOW)?.value).toBe(2020);
    expect(yearOf(['Child Practice Review', '29/09/21'], '', NOW)?.value).toBe(2021);
  });

  it('never a year still to come', () => {
    expect(yearOf(['Final report', 'Action plan to 2031'], '', NOW)).toBeNull();
    expect(yearOf(['Final report', 'Action plan to 2031', 'May 2024'], '', NOW)?.value).toBe(2024);
  });
});

describe('the partnership list', () => {
  it('gives one partnership for each of the names a board goes by', () => {
    for (const name of ['Camden Safeguarding Children Board', 'Camden LSCB', 'London Borough of Camden', 'Camden Council', 'Camden Safeguarding Children Partnership', 'Camden']) {
      expect(partnershipNamed(name)).toMatchObject({ name: 'Camden Safeguarding Children Partnership', region: 'London', nation: 'England' });
    }
    expect(partnershipNamed('Bristol City Council')).toMatchObject({ region: 'South West', nation: 'England' });
    expect(partnershipNamed('Kingston upon Hull')).toMatchObject({ name: 'Hull Safeguarding Children Partnership', region: 'Yorkshire and the Humber' });
    expect(partnershipNamed('Isles of Scilly')?.region).toBe('South West');
    expect(partnershipNamed('City of London')?.region).toBe('London');
    expect(partnershipNamed('CYSUR')).toMatchObject({ nation: 'Wales', region: 'Wales' });
    expect(partnershipNamed('Brackenridge Local Safeguarding Children Board')).toBeUndefined();
  });

  it('covers England and Wales, every entry with a region of its nation', () => {
    const all = partnerships();
    const regions = new Set(all.map((p) => p.region));
    expect(regions).toEqual(
      new Set(['North East', 'North West', 'Yorkshire and the Humber', 'East Midlands', 'West Midlands', 'East of England', 'London', 'South East', 'South West', 'Wales']),
    );
    for (const p of all) expect(p.region === 'Wales').toBe(p.nation === 'Wales');
    // The 32 London boroughs and the City, and the 22 Welsh authorities, each found by name.
    const london = ['Barking and Dagenham', 'Barnet', 'Bexley', 'Brent', 'Bromley', 'Camden', 'City of London', 'Croydon', 'Ealing', 'Enfield', 'Greenwich', 'Hackney', 'Hammersmith and Fulham', 'Haringey', 'Harrow', 'Havering', 'Hillingdon', 'Hounslow', 'Islington', 'Kensington and Chelsea', 'Kingston upon Thames', 'Lambeth', 'Lewisham', 'Merton', 'Newham', 'Redbridge', 'Richmond upon Thames', 'Southwark', 'Sutton', 'Tower Hamlets', 'Waltham Forest', 'Wandsworth', 'Westminster'];
    for (const b of london) expect({ b, region: partnershipNamed(b)?.region }).toEqual({ b, region: 'London' });
    const wales = ['Blaenau Gwent', 'Bridgend', 'Caerphilly', 'Cardiff', 'Carmarthenshire', 'Ceredigion', 'Conwy', 'Denbighshire', 'Flintshire', 'Gwynedd', 'Isle of Anglesey', 'Merthyr Tydfil', 'Monmouthshire', 'Neath Port Talbot', 'Newport', 'Pembrokeshire', 'Powys', 'Rhondda Cynon Taf', 'Swansea', 'Torfaen', 'Vale of Glamorgan', 'Wrexham'];
    for (const a of wales) expect({ a, nation: partnershipNamed(a)?.nation }).toEqual({ a, nation: 'Wales' });
  });
});

describe('applyManifest', () => {
  it('lets the manifest win and clears the inferred mark and its evidence', () => {
    const meta = applyManifest(inferMetadata(front, body, 'x.pdf'), { file: 'x.pdf', year: '2023', area: 'Other Partnership' });
    expect(meta.year).toBe(2023);
    expect(meta.area).toBe('Other Partnership');
    expect(meta.areaMatched).toBeUndefined();
    expect(meta.inferred).not.toContain('year');
    expect(meta.evidence?.year).toBeUndefined();
    expect(meta.inferred).toContain('title');
  });
});

describe('ageBandOf', () => {
  it.each([
    [7, 'weeks', 'under-1'],
    [11, 'months', 'under-1'],
    [4, 'years', '1-4'],
    [10, 'years', '5-10'],
    [15, 'years', '11-15'],
    [17, 'years', '16-17'],
  ])('%i %s', (n, unit, band) => expect(ageBandOf(n, unit)).toBe(band));
});

describe('real report openings (../shared/eval/real-openings.jsonl)', () => {
  const file = path.resolve(projectRoot(), '../shared/eval/real-openings.jsonl');
  const present = fs.existsSync(file);
  if (!present) console.warn(`${file} is absent: the checks on real report openings did not run.`);
  const openings = present ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text) : [];
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

  it('reads each one with evidence taken from its own text, no year to come, and never a title of review-type words alone', () => {
    for (const [i, text] of openings.entries()) {
      const meta = inferMetadata(text, text, `opening-${i}.pdf`, NOW);
      // Evidence may run across the web residue lines the reader leaves out.
      const report = squash(text.split('\n').filter((l) => !isResidue(l.trim())).join('\n'));
      for (const [field, line] of Object.entries(meta.evidence ?? {})) {
        for (const part of line!.replace(/…$/, '').split(' / ')) expect({ i, field, found: report.includes(squash(part)) }).toEqual({ i, field, found: true });
      }
      if (meta.year !== null) expect(meta.year).toBeLessThanOrEqual(NOW.getUTCFullYear());
      expect({ i, title: /^(?:an? )?(?:serious case review|overview report|executive summary|local child safeguarding practice review)$/i.test(meta.title) }).toEqual({ i, title: false });
    }
  });
});
