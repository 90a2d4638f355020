import { ageBandOf, applyManifest, inferMetadata } from './metadata';

const front = 'Local Child Safeguarding Practice Review: Child M\nRiverton Safeguarding Children Partnership\nSouth West\nPublished June 2022';
const body = 'Child M was 14 months old when she was admitted to hospital with serious injuries. The police and the health visitor were involved.';

describe('inferMetadata', () => {
  const meta = inferMetadata(front, body, 'child-m.pdf');

  it('reads title, area, type, year, region and nation from the front page', () => {
    expect(meta).toMatchObject({
      title: 'Local Child Safeguarding Practice Review: Child M',
      area: 'Riverton Safeguarding Children Partnership',
      reviewType: 'lcspr',
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

  it('marks every field it found as inferred', () => {
    expect(meta.inferred).toEqual(expect.arrayContaining(['title', 'area', 'reviewType', 'year', 'region', 'ageBand', 'outcome']));
  });

  it('falls back to the file name and unknowns when the text says nothing', () => {
    const bare = inferMetadata('', 'Nothing useful here.', 'report_2020-final.docx');
    expect(bare).toMatchObject({ title: 'report 2020 final', reviewType: 'other', ageBand: 'unknown', outcome: 'unknown', year: null });
    expect(bare.inferred).toEqual([]);
  });
});

describe('applyManifest', () => {
  it('lets the manifest win and clears the inferred mark', () => {
    const meta = applyManifest(inferMetadata(front, body, 'x.pdf'), { file: 'x.pdf', year: '2023', area: 'Other Partnership' });
    expect(meta.year).toBe(2023);
    expect(meta.area).toBe('Other Partnership');
    expect(meta.inferred).not.toContain('year');
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
