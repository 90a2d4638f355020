import { scanIdentifiers } from './identifiers';

const at = (text: string, page = 3) => [{ text, page, offset: 100 }];

describe('scanIdentifiers', () => {
  it.each([
    ['postcode', 'The family lived near AB12 3CD at the time.'],
    ['email', 'She wrote to worker.one@example.org about the visit.'],
    ['nhs-number', 'His NHS number 943 476 5919 appeared in the referral.'],
    ['phone', 'The school rang 01632 960123 twice.'],
    ['date-of-birth', 'Child A was born on 12 March 2015 in hospital.'],
    ['address', 'The family moved to 14 Elmwood Road in the spring.'],
    ['school', 'Child A attended Hillcrest Primary School from reception.'],
    ['gp-practice', 'The family was registered at Meadowbank Medical Centre.'],
  ])('flags a %s', (kind, text) => {
    const flags = scanIdentifiers(at(text));
    expect(flags.map((f) => f.kind)).toContain(kind);
    expect(flags[0]).toMatchObject({ page: 3, status: 'open' });
  });

  it('flags a full name next to a family role', () => {
    const flags = scanIdentifiers(at('The mother, Sarah Whitcombe, told the health visitor she was coping.'));
    expect(flags).toContainEqual(expect.objectContaining({ kind: 'name', text: 'Sarah Whitcombe' }));
  });

  it('leaves anonymised text alone', () => {
    const text =
      'Child A lived with Mother and her partner, Adult B, in Area X. The health visitor saw Child A at 8 weeks. ' +
      'In 2019 the school made 3 referrals to children’s social care.';
    expect(scanIdentifiers(at(text))).toEqual([]);
  });

  it('records where each flag is', () => {
    const [flag] = scanIdentifiers([{ text: 'Write to a@b.org now.', page: 7, offset: 500 }]);
    expect(flag).toMatchObject({ page: 7, offset: 509, text: 'a@b.org' });
  });
});
