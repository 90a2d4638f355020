import type { ReviewRecord, SearchBackend } from '../../model';
import { taxonomyVocabulary, type SearchVocabulary } from '../fields';
import { sampleRecords } from './sample-records';

export type BackendFactory = (vocab: SearchVocabulary) => Promise<SearchBackend>;

function withPassage(record: ReviewRecord, id: string, text: string): ReviewRecord {
  const passage = { ...record.passages[0], id, text, themes: [] };
  return { ...record, passages: [...record.passages, passage] };
}

/**
 * The behaviour every search backend must have, asserted on the same records with the product's
 * own vocabulary (field table, theme hierarchy, search terms). Each adapter's test file calls
 * this with a factory for a fresh, empty backend.
 */
export function backendContract(name: string, makeBackend: BackendFactory): void {
  describe(`${name} backend contract`, () => {
    let backend: SearchBackend;
    const records = sampleRecords();
    const ids = (r: { results: { id: string }[] }) => r.results.map((h) => h.id).sort();

    beforeAll(async () => {
      backend = await makeBackend(taxonomyVocabulary());
      await backend.clear();
      for (const r of records) await backend.index(r);
    });
    afterAll(async () => backend?.close());

    it('counts indexed reviews', async () => {
      expect(await backend.count()).toBe(records.length);
    });

    it('finds words by their stem', async () => {
      const res = await backend.search({ q: 'neglected' });
      expect(ids(res)).toEqual(['bbb000000002', 'ccc000000003']);
      expect(res.total).toBe(2);
    });

    it('matches a quoted phrase only as a phrase', async () => {
      expect(ids(await backend.search({ q: '"voice of the child"' }))).toEqual(['ccc000000003', 'ddd000000004']);
      expect(ids(await backend.search({ q: '"child voice"' }))).toEqual([]);
    });

    it('requires every word', async () => {
      expect(ids(await backend.search({ q: 'neglect exploited' }))).toEqual(['bbb000000002']);
    });

    it('returns highlighted snippets with matches marked and other markup escaped', async () => {
      const res = await backend.search({ q: 'hidden' });
      expect(res.results[0].highlights.join(' ')).toMatch(/<mark>hidden<\/mark>/i);
      for (const h of res.results[0].highlights) expect(h.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    });

    it('filters by theme (all of them), year range, region and review type', async () => {
      expect(ids(await backend.search({ theme: ['neglect'] }))).toEqual(['bbb000000002', 'ccc000000003']);
      expect(ids(await backend.search({ theme: ['neglect', 'voice-of-the-child'] }))).toEqual(['ccc000000003']);
      expect(ids(await backend.search({ year_from: 2016, year_to: 2021 }))).toEqual(['aaa000000001', 'bbb000000002', 'ccc000000003']);
      expect(ids(await backend.search({ region: ['North West', 'Wales'] }))).toEqual(['aaa000000001', 'ccc000000003', 'ddd000000004']);
      expect(ids(await backend.search({ review_type: ['scr'], agency: ['GP'] }))).toEqual(['ddd000000004']);
      expect(ids(await backend.search({ age_band: ['16-17'] }))).toEqual(['eee000000005']);
    });

    it('counts facets over the matching reviews', async () => {
      const res = await backend.search({ q: 'information' });
      expect(res.total).toBe(3);
      const theme = Object.fromEntries(res.facets.theme.map((b) => [b.key, b.count]));
      expect(theme['information-sharing']).toBe(2);
      expect(theme['exploitation']).toBe(1);
      const region = Object.fromEntries(res.facets.region.map((b) => [b.key, b.count]));
      expect(region).toEqual({ 'North West': 1, 'South East': 1, 'South West': 1 });
      expect(res.facets.year.map((b) => b.key)).toEqual(['2023', '2021', '2016']);
    });

    it("counts each facet without its own filter, so other values stay visible", async () => {
      const res = await backend.search({ region: ['Wales'], theme: ['neglect'] });
      expect(res.total).toBe(1);
      const region = Object.fromEntries(res.facets.region.map((b) => [b.key, b.count]));
      expect(region).toEqual({ Wales: 1, 'South East': 1 });
      const theme = Object.fromEntries(res.facets.theme.map((b) => [b.key, b.count]));
      // Disguised compliance is narrower than professional curiosity, which therefore counts it.
      expect(theme).toEqual({ neglect: 1, 'voice-of-the-child': 1, 'disguised-compliance': 1, 'professional-curiosity': 1 });
    });

    it('takes in narrower themes under a ticked theme, in results and counts, unless asked to take it alone', async () => {
      expect(ids(await backend.search({ theme: ['professional-curiosity'] }))).toEqual(['aaa000000001', 'ccc000000003']);
      expect(ids(await backend.search({ theme: ['professional-curiosity', 'neglect'] }))).toEqual(['ccc000000003']);
      expect(ids(await backend.search({ theme: ['professional-curiosity'], narrower: false }))).toEqual([]);
      expect(ids(await backend.search({ theme: ['hidden-men'], narrower: false }))).toEqual(['aaa000000001']);
      const count = (buckets: { key: string; count: number }[]) => buckets.find((b) => b.key === 'professional-curiosity')?.count;
      expect(count((await backend.search({})).facets.theme)).toBe(2);
      expect(count((await backend.search({ narrower: false })).facets.theme)).toBeUndefined();
    });

    it('filters by area and by a span open at either end', async () => {
      expect(ids(await backend.search({ area: ['Northfield Safeguarding Children Board'] }))).toEqual(['aaa000000001', 'ddd000000004']);
      expect(ids(await backend.search({ year_to: 2016 }))).toEqual(['aaa000000001', 'ddd000000004']);
      expect(ids(await backend.search({ year_from: 2021 }))).toEqual(['bbb000000002', 'eee000000005']);
    });

    it('counts reviews per theme as carried (without narrower themes), under filters and words', async () => {
      const totals = Object.fromEntries((await backend.themeTotals({ region: ['North West'] })).map((b) => [b.key, b.count]));
      expect(totals).toEqual({ 'information-sharing': 2, 'hidden-men': 1, 'non-mobile-baby-bruising': 1, 'domestic-abuse': 1, 'voice-of-the-child': 1, assessment: 1 });
      const byWord = await backend.themeTotals({ q: 'bruising' });
      expect(byWord.map((b) => b.key).sort()).toEqual(['hidden-men', 'information-sharing', 'non-mobile-baby-bruising']);
    });

    it('sorts by date, newest first, and pages', async () => {
      const all = await backend.search({ sort: 'date', size: 2, page: 1 });
      expect(all.results.map((h) => h.year)).toEqual([2023, 2021]);
      expect(all.total).toBe(5);
      const page3 = await backend.search({ sort: 'date', size: 2, page: 3 });
      expect(page3.results.map((h) => h.year)).toEqual([2014]);
    });

    it('sorts by when reviews were added, newest first, whatever their year, and pages', async () => {
      // Child C has no publishedAt (a record stored before it existed): its ingest time stands in.
      const all = await backend.search({ sort: 'added' });
      expect(all.results.map((h) => h.id)).toEqual(['ddd000000004', 'aaa000000001', 'eee000000005', 'ccc000000003', 'bbb000000002']);
      const page2 = await backend.search({ sort: 'added', size: 2, page: 2 });
      expect(page2.results.map((h) => h.id)).toEqual(['eee000000005', 'ccc000000003']);
      expect(page2.total).toBe(5);
      const matching = await backend.search({ q: 'information', sort: 'added' });
      expect(matching.results.map((h) => h.id)).toEqual(['aaa000000001', 'eee000000005', 'bbb000000002']);
    });

    it('skips facet counting on request, with the same hits', async () => {
      const full = await backend.search({ q: 'information', sort: 'date' });
      const bare = await backend.search({ q: 'information', sort: 'date', facets: false });
      expect(bare.total).toBe(full.total);
      expect(bare.results).toEqual(full.results);
      expect(Object.values(bare.facets).every((buckets) => buckets.length === 0)).toBe(true);
    });

    it('ranks a title match above a passing mention', async () => {
      const res = await backend.search({ q: 'practice' });
      expect(res.results[0].id).toBe('ccc000000003');
    });

    it('counts reviews per theme by a dimension, under filters', async () => {
      const counts = await backend.themeCounts('region', {});
      const find = (theme: string, bucket: string) => counts.find((c) => c.theme === theme && c.bucket === bucket)?.count;
      expect(find('information-sharing', 'North West')).toBe(2);
      expect(find('neglect', 'Wales')).toBe(1);
      const filtered = await backend.themeCounts('year', { year_from: 2020 });
      expect(new Set(filtered.map((c) => c.bucket))).toEqual(new Set(['2021', '2023']));
    });

    it('counts theme co-occurrence', async () => {
      const pairs = await backend.coOccurrence({});
      const pair = (a: string, b: string) => pairs.find((p) => p.a === a && p.b === b)?.count;
      expect(pair('exploitation', 'information-sharing')).toBe(1);
      expect(pair('neglect', 'voice-of-the-child')).toBe(1);
      const only = await backend.coOccurrence({}, ['neglect', 'disguised-compliance']);
      expect(only).toEqual([{ a: 'disguised-compliance', b: 'neglect', count: 1 }]);
    });

    it('reads only the themes editors confirmed or added under theme_origin=confirmed, in filters, facets, hits and counts', async () => {
      const confirmed = { theme_origin: 'confirmed' } as const;
      expect(ids(await backend.search({ theme: ['information-sharing'] }))).toEqual(['aaa000000001', 'bbb000000002', 'ddd000000004']);
      expect(ids(await backend.search({ theme: ['information-sharing'], ...confirmed }))).toEqual(['aaa000000001']);
      expect(ids(await backend.search({ confirmed_theme: ['exploitation'] }))).toEqual(['bbb000000002']);
      const res = await backend.search({ q: 'information', ...confirmed });
      expect(res.total).toBe(3);
      expect(Object.fromEntries(res.results.map((h) => [h.id, [...h.themes].sort()]))).toEqual({
        aaa000000001: ['information-sharing'],
        bbb000000002: ['exploitation', 'neglect'],
        eee000000005: [],
      });
      expect(Object.fromEntries(res.facets.theme.map((b) => [b.key, b.count]))).toMatchObject({ 'information-sharing': 1, exploitation: 1, neglect: 1 });
      expect(res.facets.theme.find((b) => b.key === 'hidden-men')).toBeUndefined();
      expect(await backend.themeTotals(confirmed)).toEqual([
        { key: 'exploitation', count: 1 },
        { key: 'information-sharing', count: 1 },
        { key: 'neglect', count: 1 },
      ]);
      const counts = await backend.themeCounts('region', confirmed);
      expect(counts.map((c) => `${c.theme}/${c.bucket}/${c.count}`)).toEqual(['exploitation/South East/1', 'information-sharing/North West/1', 'neglect/South East/1']);
      expect(await backend.coOccurrence(confirmed)).toEqual([{ a: 'exploitation', b: 'neglect', count: 1 }]);
    });

    it('returns the passages that carry a theme, findings first', async () => {
      const passages = await backend.themePassages('information-sharing', {}, 10);
      expect(passages.map((p) => p.review_id).sort()).toEqual(['aaa000000001', 'bbb000000002', 'ddd000000004']);
      expect(passages.every((p) => p.page > 0 && p.text.length > 0)).toBe(true);
      expect(passages.find((p) => p.review_id === 'eee000000005')).toBeUndefined();
    });

    it('returns theme passages only from the reviews the filters and words select', async () => {
      const northWest = await backend.themePassages('information-sharing', { region: ['North West'] }, 10);
      expect([...new Set(northWest.map((p) => p.review_id))].sort()).toEqual(['aaa000000001', 'ddd000000004']);
      const worded = await backend.themePassages('information-sharing', { q: 'bruising' }, 10);
      expect(worded.map((p) => p.review_id)).toEqual(['aaa000000001']);
    });

    it('replaces a review on re-index and forgets it on removal', async () => {
      const changed = { ...records[4], metadata: { ...records[4].metadata, title: 'Lessons Learned Review: Child E (revised)' } };
      await backend.index(changed);
      expect(await backend.count()).toBe(records.length);
      expect((await backend.search({ q: 'revised' })).results.map((h) => h.id)).toEqual(['eee000000005']);
      await backend.remove('eee000000005');
      expect(await backend.count()).toBe(records.length - 1);
      expect((await backend.search({ q: 'revised' })).total).toBe(0);
      await backend.index(records[4]);
    });

    it('rebuilds the whole index from the reviews given', async () => {
      expect(await backend.rebuild(records.slice(0, 2))).toBe(2);
      expect(await backend.count()).toBe(2);
      expect((await backend.search({ q: 'neglect' })).results.map((h) => h.id)).toEqual(['bbb000000002']);
      expect(await backend.rebuild(records)).toBe(records.length);
      expect(await backend.count()).toBe(records.length);
    });

    it('treats query syntax as plain words', async () => {
      for (const q of ['title:child', 'neglect OR abuse', 'NOT', '*', '"', 'a AND (b', 'NEAR(x y)', '{}[]^~\\/']) {
        await expect(backend.search({ q })).resolves.toHaveProperty('total');
      }
    });
  });

  describe(`${name} backend: the taxonomy's search terms`, () => {
    let backend: SearchBackend;
    const [a, b, c, d] = sampleRecords();

    beforeAll(async () => {
      backend = await makeBackend(taxonomyVocabulary());
      await backend.clear();
      await backend.index(withPassage(a, 'p9', 'The toxic trio was present in the household.'));
      await backend.index(withPassage(b, 'p9', 'Practitioners did not recognise the trilogy of risk.'));
      await backend.index(withPassage(c, 'p9', 'The baby had been co-sleeping with the mother on a sofa.'));
      await backend.index(d);
    });
    afterAll(async () => backend?.close());

    const found = async (q: string) => (await backend.search({ q })).results.map((h) => h.id).sort();

    it('finds a term by any of the words that mean the same, but a quoted phrase only as written', async () => {
      expect(await found('trilogy of risk')).toEqual(['aaa000000001', 'bbb000000002']);
      expect(await found('toxic trio')).toEqual(['aaa000000001', 'bbb000000002']);
      expect(await found('"trilogy of risk"')).toEqual(['bbb000000002']);
    });

    it('reads abbreviations and spellings as the words they stand for', async () => {
      expect(await found('DV')).toEqual(['ddd000000004']);
      expect(await found('cosleeping')).toEqual(['ccc000000003']);
      expect(await found('bed-sharing')).toEqual(['ccc000000003']);
      expect(await found('DV police')).toEqual(['ddd000000004']);
    });

    it('marks the words matched in the passage they were found in', async () => {
      const res = await backend.search({ q: 'trilogy' });
      expect(res.results[0].highlights).toEqual(['Practitioners did not recognise the <mark>trilogy</mark> of risk.']);
    });
  });

  describe(`${name} backend: spelling`, () => {
    let backend: SearchBackend;
    const records = sampleRecords();
    const [a, b, c, d, e] = records;

    beforeAll(async () => {
      backend = await makeBackend(taxonomyVocabulary());
      await backend.clear();
      // "carer" in three reviews, "cared" in one: one edit from "carex" each.
      await backend.index(withPassage(a, 'p9', 'The carer was not seen alone.'));
      await backend.index(withPassage(b, 'p9', 'Each carer was asked about the plan.'));
      await backend.index(withPassage(c, 'p9', 'A new carer joined the household; the baby was cared for by her.'));
      await backend.index(d);
      await backend.index(e);
    });
    afterAll(async () => backend?.close());

    it('offers the closest indexed word for each word the index does not have', async () => {
      expect(await backend.suggestWords(['disgised', 'complience'])).toEqual(['disguised', 'compliance']);
      expect(await backend.suggestWords(['Polce', 'neglcet'])).toEqual(['police', 'neglect']);
    });

    it('offers nothing for an indexed word, a word with nothing close, or a word too short to correct', async () => {
      expect(await backend.suggestWords(['neglect', 'Disguised', 'lessons', 'xqzvwkj', 'ab', 'dv'])).toEqual([null, null, null, null, null, null]);
    });

    it('allows one edit in a word of three or four letters, two from five, the second only with the first letter right', async () => {
      expect(await backend.suggestWords(['hom', 'hmoe', 'hxmx', 'homexx'])).toEqual(['home', 'home', null, 'home']);
      expect(await backend.suggestWords(['negelcting', 'xisguised', 'xisguisd'])).toEqual(['neglecting', 'disguised', null]);
    });

    it('prefers the commoner of two equally close words', async () => {
      expect(await backend.suggestWords(['carex'])).toEqual(['carer']);
    });

    it("forgets a review's words when it is removed, and knows them again when it is back", async () => {
      await backend.remove(c.id);
      expect(await backend.suggestWords(['disgised', 'carex'])).toEqual([null, 'carer']);
      expect(await backend.suggestWords(['cared'])).toEqual(['carer']);
      await backend.index(withPassage(c, 'p9', 'A new carer joined the household; the baby was cared for by her.'));
      expect(await backend.suggestWords(['disgised', 'cared'])).toEqual(['disguised', null]);
    });

    it("forgets a review's words when the index is rebuilt without it", async () => {
      await backend.rebuild([a, b, d, e]);
      expect(await backend.suggestWords(['disgised', 'complience'])).toEqual([null, null]);
      await backend.rebuild(records);
      expect(await backend.suggestWords(['disgised'])).toEqual(['disguised']);
    });
  });
}
