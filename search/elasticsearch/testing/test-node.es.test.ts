import { describeWithEs, esTestUrl } from './describe-es';

type Filter = string | Record<string, unknown>;

async function analyze(body: Record<string, unknown>): Promise<{ status: number; tokens: string[]; reason?: string }> {
  const res = await fetch(`${esTestUrl}/_analyze`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { tokens?: { token: string; position: number }[]; error?: { reason: string } };
  return { status: res.status, tokens: (json.tokens ?? []).map((t) => `${t.token}@${t.position}`), reason: json.error?.reason };
}

const tokens = async (text: string, ...filter: Filter[]) => {
  const result = await analyze({ tokenizer: 'standard', filter, text });
  expect(result).toMatchObject({ status: 200 });
  return result.tokens;
};

// What scripts/es/README.md lists, each as Elasticsearch's analysis-common gives it.
describeWithEs('the test node', () => {
  it('stems English with the Porter stemmer, also when no language is named', async () => {
    expect(await tokens('running parents', { type: 'stemmer', language: 'english' })).toEqual(['run@0', 'parent@1']);
    expect(await tokens('running parents', { type: 'stemmer' })).toEqual(['run@0', 'parent@1']);
  });

  it('splits text where a pattern matches, as the index settings read words', async () => {
    const letters = await analyze({ tokenizer: { type: 'pattern', pattern: '[^\\p{L}\\p{N}]+' }, text: "Child's co-sleeping, 2019" });
    expect(letters).toMatchObject({ status: 200, tokens: ['Child@0', 's@1', 'co@2', 'sleeping@3', '2019@4'] });
  });

  it('lower-cases, by name and as a type', async () => {
    expect(await tokens('Child A', 'lowercase')).toEqual(['child@0', 'a@1']);
    expect(await tokens('Child A', { type: 'lowercase' })).toEqual(['child@0', 'a@1']);
  });

  it('folds accents, keeping the original at the same position when asked', async () => {
    expect(await tokens('café naïve', 'asciifolding')).toEqual(['cafe@0', 'naive@1']);
    expect(await tokens('café', { type: 'asciifolding', preserve_original: true })).toEqual(['cafe@0', 'café@0']);
  });

  it('removes English stop words', async () => {
    expect(await tokens('the voice of the child', 'lowercase', 'stop')).toEqual(['voice@1', 'child@4']);
  });

  it('makes shingles for a phrase suggester', async () => {
    const shingle = { type: 'shingle', min_shingle_size: 2, max_shingle_size: 2, output_unigrams: false };
    expect(await tokens('toxic trio risk', shingle)).toEqual(['toxic trio@0', 'trio risk@1']);
  });

  it('refuses what the list leaves out, naming it', async () => {
    const stemmer = await analyze({ tokenizer: 'standard', filter: [{ type: 'stemmer', language: 'light_english' }], text: 'x' });
    expect(stemmer).toMatchObject({ status: 400, reason: expect.stringContaining('[light_english] is not on the test node') });
    const kstem = await analyze({ tokenizer: 'standard', filter: ['kstem'], text: 'x' });
    expect(kstem).toMatchObject({ status: 400, reason: expect.stringContaining('[kstem]') });
    const synonyms = await analyze({ tokenizer: 'standard', filter: [{ type: 'synonym_graph', synonyms: ['dv => domestic violence'] }], text: 'x' });
    expect(synonyms).toMatchObject({ status: 400, reason: expect.stringContaining('[synonym_graph]') });
  });
});
