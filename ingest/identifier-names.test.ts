import { scanIdentifiers } from './identifiers';

const names = (text: string) => scanIdentifiers([{ text, page: 1, offset: 0 }]).filter((f) => f.kind === 'name').map((f) => f.text);

describe('names the scan asks compromise about', () => {
  it.each([
    ['after a word that opens the sentence', 'When Sarah Whitcombe arrived, the mother was out.'],
    ['beside the name of a partnership', 'The Kestrelmoor Safeguarding Children Partnership heard that the mother, Sarah Whitcombe, had moved.'],
    ['whose surname is also a word of places', 'The mother, Sarah West, told the health visitor she was coping.'],
  ])('finds a name %s', (_, text) => {
    expect(names(text)).toContain(text.includes('West') ? 'Sarah West' : 'Sarah Whitcombe');
  });

  it.each([
    'In March the mother moved to Area X with Child A.',
    'The Serious Case Review found that the mother was not asked about her partner.',
    'Adolescent Mental Health Services saw the child twice; the North East team then took over the mother’s case.',
  ])('finds none in "%s"', (text) => {
    expect(names(text)).toEqual([]);
  });
});
