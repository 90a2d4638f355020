import { closestWord, editDistance, maxEdits, spellingWords } from './spelling';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and an adjacent swap as one edit each', () => {
    expect(editDistance('disgised', 'disguised', 2)).toBe(1);
    expect(editDistance('complience', 'compliance', 2)).toBe(1);
    expect(editDistance('hmoe', 'home', 2)).toBe(1);
    expect(editDistance('neglcet', 'neglect', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
  });

  it('stops at one past the limit', () => {
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('abc', 'abcdefgh', 2)).toBe(3);
  });
});

describe('closestWord', () => {
  it('allows no edit under three letters, one up to four, two from five', () => {
    expect([maxEdits('ab'), maxEdits('abc'), maxEdits('abcd'), maxEdits('abcde')]).toEqual([0, 1, 1, 2]);
    expect(closestWord('ab', [{ word: 'abc', count: 9 }])).toBeNull();
    expect(closestWord('hxmx', [{ word: 'home', count: 9 }])).toBeNull();
    expect(closestWord('homex', [{ word: 'home', count: 9 }])).toBe('home');
  });

  it('takes the fewest edits, then the commoner word, then code order', () => {
    const words = [
      { word: 'cared', count: 1 },
      { word: 'carer', count: 3 },
      { word: 'cares', count: 3 },
      { word: 'care', count: 50 },
    ];
    expect(closestWord('carxr', words)).toBe('carer');
    expect(closestWord('carex', words)).toBe('care');
    expect(closestWord('carex', words.slice(0, 3))).toBe('carer');
  });

  it('needs the first letter right for a second edit', () => {
    expect(closestWord('xisguised', [{ word: 'disguised', count: 1 }])).toBe('disguised');
    expect(closestWord('xisguisd', [{ word: 'disguised', count: 1 }])).toBeNull();
  });
});

describe('spellingWords', () => {
  it('keeps lower-case words of three letters or more, as the standard tokenizer splits them', () => {
    expect([...spellingWords("The mother's co-sleeping, e.g. 2019 at 10:30 on Ward 7B; Child A")]).toEqual(['the', 'sleeping', 'ward', 'child']);
  });
});
