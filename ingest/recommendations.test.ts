import { extractRecommendations } from './recommendations';

describe('extractRecommendations', () => {
  it('splits numbered recommendations into items with their page', () => {
    const items = extractRecommendations([
      { id: 'p1', text: 'Agencies worked hard.', section: 'analysis', page: 5, offset: 0 },
      {
        id: 'p2',
        text: '1. The partnership should review its escalation policy. 2. Health visitors should ask who lives in the home.',
        section: 'recommendations',
        page: 9,
        offset: 30,
      },
      { id: 'p3', text: 'Recommendation 3: Schools should record every missed day.', section: 'recommendations', page: 10, offset: 200 },
    ]);
    expect(items).toEqual([
      { id: 'r1', text: 'The partnership should review its escalation policy.', page: 9 },
      { id: 'r2', text: 'Health visitors should ask who lives in the home.', page: 9 },
      { id: 'r3', text: 'Schools should record every missed day.', page: 10 },
    ]);
  });
});

describe('extractRecommendations in reports that number paragraphs, not recommendations', () => {
  it('leaves out the preamble and reads each paragraph or bullet as one', () => {
    const items = extractRecommendations([
      { id: 'p1', text: '8.1 The review makes the following recommendations to the partnership:', section: 'recommendations', page: 12, offset: 0 },
      { id: 'p2', text: '8.2 The partnership should audit the use of its bruising protocol within six months.', section: 'recommendations', page: 12, offset: 80 },
      { id: 'p3', text: 'Agencies should: • record who lives in the home at every contact • invite fathers to antenatal appointments', section: 'recommendations', page: 13, offset: 200 },
    ]);
    expect(items.map((r) => r.text)).toEqual([
      'The partnership should audit the use of its bruising protocol within six months.',
      'record who lives in the home at every contact',
      'invite fathers to antenatal appointments',
    ]);
  });
});
