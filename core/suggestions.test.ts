import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReviewRecord } from '../model';
import { EmbeddedBackend } from '../search/embedded/embedded-backend';
import { taxonomyVocabulary } from '../search/fields';
import { sampleRecords } from '../search/testing/sample-records';
import { loadTaxonomy } from '../taxonomy';
import { SearchSuggestions } from './suggestions';

function withPassage(record: ReviewRecord, text: string): ReviewRecord {
  return { ...record, passages: [...record.passages, { ...record.passages[0], id: 'p9', text, themes: [] }] };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scr-suggest-'));
let backend: EmbeddedBackend;
let suggestions: SearchSuggestions;

beforeAll(async () => {
  backend = new EmbeddedBackend(path.join(dir, 'search.sqlite'), taxonomyVocabulary());
  await backend.init();
  const [a, b, c, d, e] = sampleRecords();
  // Neglect in every review: a word that finds many.
  await backend.rebuild([
    withPassage(a, 'The toxic trio was present and neglect was missed.'),
    withPassage(b, 'Strategy meetings were held late.'),
    c,
    withPassage(d, 'Neglect of the home was seen by the health visitor.'),
    withPassage(e, 'Earlier neglect was recorded by the school.'),
  ]);
  suggestions = new SearchSuggestions(backend, loadTaxonomy());
});

afterAll(async () => {
  await backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('search suggestions', () => {
  it('offers the query with unknown words corrected, when that finds more, and the theme it names', async () => {
    const res = await suggestions.search({ q: 'disgised complience' });
    expect(res.total).toBe(0);
    expect(res.suggestions).toEqual({ did_you_mean: 'disguised compliance', themes: ['disguised-compliance'] });
    expect((await suggestions.search({ q: res.suggestions!.did_you_mean! })).total).toBe(1);
  });

  it('keeps quotes, capitals and the words it knows as typed', async () => {
    expect((await suggestions.search({ q: '"Disgised complience" by PARENTZ' })).suggestions?.did_you_mean).toBe('"Disguised compliance" by PARENTS');
  });

  it('corrects from the taxonomy’s words what the repository has nothing close to', async () => {
    // No review says "trilogy"; the taxonomy does, and the term finds the reviews naming the toxic trio.
    const res = await suggestions.search({ q: 'trilgy of risk' });
    expect(res.total).toBe(0);
    expect(res.suggestions).toEqual({ did_you_mean: 'trilogy of risk', themes: ['toxic-trio'] });
    expect((await suggestions.search({ q: 'trilogy of risk' })).total).toBe(1);
  });

  it('offers no correction that finds no more than the query did', async () => {
    // "metings" is one edit from "meetings", but the review that has it says nothing of a hidden man.
    expect((await suggestions.search({ q: 'strategy metings' })).suggestions?.did_you_mean).toBe('strategy meetings');
    const res = await suggestions.search({ q: 'hidden strategy metings' });
    expect(res.total).toBe(0);
    expect(res.suggestions?.did_you_mean ?? null).toBeNull();
  });

  it('leaves alone a word the taxonomy gives a meaning, and reads the themes it stands for', async () => {
    const res = await suggestions.search({ q: 'cosleeping' });
    expect(res.total).toBe(0);
    expect(res.suggestions).toEqual({ did_you_mean: null, themes: ['safe-sleep'] });
    expect((await suggestions.search({ q: 'SUDI' })).suggestions?.themes).toEqual(['safe-sleep']);
  });

  it('offers a theme the query names however many reviews it finds, unless it is ticked', async () => {
    const many = await suggestions.search({ q: 'neglect' });
    expect(many.total).toBeGreaterThanOrEqual(3);
    expect(many.suggestions).toEqual({ did_you_mean: null, themes: ['neglect'] });
    expect((await suggestions.search({ q: 'DV' })).suggestions?.themes).toEqual(['domestic-abuse']);
    expect((await suggestions.search({ q: 'neglect', theme: ['neglect'] })).suggestions).toBeUndefined();
  });

  it('says nothing when the words find enough and name no theme, when nothing is close to them, or when there are no words', async () => {
    const res = await suggestions.search({ q: 'child' });
    expect(res.total).toBe(5);
    expect(res.suggestions).toBeUndefined();
    expect((await suggestions.search({ theme: ['neglect'] })).suggestions).toBeUndefined();
    expect((await suggestions.search({ q: 'xqzvwkj' })).suggestions).toBeUndefined();
  });
});
