import { PassThrough } from 'node:stream';
import { loadTaxonomy } from './load';
import { tagStream } from './stream';
import { createTagger } from './tagger';

const tagger = createTagger(loadTaxonomy());

async function run(lines: string[]): Promise<any[]> {
  const input = new PassThrough();
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c) => chunks.push(String(c)));
  input.end(lines.join('\n'));
  await tagStream(input, output, tagger);
  return chunks
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

describe('tagStream', () => {
  it('writes one line per passage, in order, with only asserted themes', async () => {
    const out = await run([
      JSON.stringify({ id: 'a', text: 'The children lived with domestic abuse for years.' }),
      JSON.stringify({ id: 'b', text: 'The family moved house in the spring.' }),
    ]);
    expect(out.map((o) => o.id)).toEqual(['a', 'b']);
    expect(out[0].themes.map((t: any) => t.id)).toEqual(['domestic-abuse']);
    expect(Object.keys(out[0].themes[0]).sort()).toEqual(['evidence', 'id', 'score']);
    expect(out[1].themes).toEqual([]);
  });

  it('reports a bad line as an error object and carries on', async () => {
    const out = await run([
      '{not json',
      JSON.stringify({ id: 'no-text' }),
      JSON.stringify(['an', 'array']),
      JSON.stringify({ text: 'no id' }),
      JSON.stringify({ id: 'bad-section', text: 'Domestic abuse.', section: 'preface' }),
      '',
      JSON.stringify({ id: 'ok', text: 'The baby was not brought to three clinic appointments.' }),
    ]);
    expect(out).toHaveLength(6);
    expect(out[0]).toEqual({ error: 'line is not valid JSON' });
    expect(out[1]).toEqual({ id: 'no-text', error: '"text" must be a string' });
    expect(out[2].error).toMatch(/not a JSON object/);
    expect(out[3].error).toMatch(/"id"/);
    expect(out[4]).toMatchObject({ id: 'bad-section', error: expect.stringMatching(/"section"/) });
    expect(out[5].themes.map((t: any) => t.id)).toContain('was-not-brought');
  });

  it('honours an optional section', async () => {
    const text = 'Information sharing between agencies was poor.';
    const [tor, analysis] = await run([
      JSON.stringify({ id: 't', text, section: 'terms-of-reference' }),
      JSON.stringify({ id: 'a', text, section: 'analysis' }),
    ]);
    expect(tor.themes).toEqual([]);
    expect(analysis.themes.map((t: any) => t.id)).toContain('information-sharing');
  });
});
