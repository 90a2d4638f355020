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
