import type { SearchBackend } from '../../model';
import { sampleRecords } from './sample-records';

/**
 * The behaviour every search backend must have, asserted on the same records. Each adapter's
 * test file calls this with a factory for a fresh, empty backend.
 */
export function backendContract(name: string, makeBackend: () => Promise<SearchBackend>): void {
  describe(`${name} backend contract`, () => {
    let backend: SearchBackend;
    const records = sampleRecords();
    const ids = (r: { results: { id: string }[] }) => r.results.map((h) => h.id).sort();

    beforeAll(async () => {
      backend = await makeBackend();
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
      expect(ids(await backend.search({ themes: ['neglect'] }))).toEqual(['bbb000000002', 'ccc000000003']);
      expect(ids(await backend.search({ themes: ['neglect', 'voice-of-the-child'] }))).toEqual(['ccc000000003']);
      expect(ids(await backend.search({ yearFrom: 2016, yearTo: 2021 }))).toEqual(['aaa000000001', 'bbb000000002', 'ccc000000003']);
      expect(ids(await backend.search({ region: ['North West', 'Wales'] }))).toEqual(['aaa000000001', 'ccc000000003', 'ddd000000004']);
      expect(ids(await backend.search({ reviewType: ['scr'], agency: ['GP'] }))).toEqual(['ddd000000004']);
      expect(ids(await backend.search({ ageBand: ['16-17'] }))).toEqual(['eee000000005']);
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
      const res = await backend.search({ region: ['Wales'], themes: ['neglect'] });
      expect(res.total).toBe(1);
      const region = Object.fromEntries(res.facets.region.map((b) => [b.key, b.count]));
      expect(region).toEqual({ Wales: 1, 'South East': 1 });
      const theme = Object.fromEntries(res.facets.theme.map((b) => [b.key, b.count]));
      expect(theme).toEqual({ neglect: 1, 'voice-of-the-child': 1, 'disguised-compliance': 1 });
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
      const filtered = await backend.themeCounts('year', { yearFrom: 2020 });
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

    it('returns the passages that carry a theme, findings first', async () => {
      const passages = await backend.themePassages('information-sharing', {}, 10);
      expect(passages.map((p) => p.review_id).sort()).toEqual(['aaa000000001', 'bbb000000002', 'ddd000000004']);
      expect(passages.every((p) => p.page > 0 && p.text.length > 0)).toBe(true);
      expect(passages.find((p) => p.review_id === 'eee000000005')).toBeUndefined();
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

    it('treats query syntax as plain words', async () => {
      for (const q of ['title:child', 'neglect OR abuse', 'NOT', '*', '"', 'a AND (b', 'NEAR(x y)', '{}[]^~\\/']) {
        await expect(backend.search({ q })).resolves.toHaveProperty('total');
      }
    });
  });
}
