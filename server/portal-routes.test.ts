import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import mammoth from 'mammoth';
import { parse } from 'csv-parse/sync';
import { publishedAt, type ReviewRecord, type SearchResponse } from '../model';
import { buildApp } from './app';
import { fixtureRepository } from '../test/fixture-repository';
import { ENGINES, backendFlags, closeBackend } from '../test/engines';
import type { Repository } from '../ingest/repository';
import { main } from '../cli/cli';
import { Editorial } from '../core/editorial/editorial';
import { AuditLog } from '../store/audit-log';

describe.each(ENGINES)('%s engine', (engine) => {
  let app: FastifyInstance;
  let repo: Repository;
  let dataDir: string;
  let base: string;
  let published: ReviewRecord[];
  let hidden: ReviewRecord[];

  beforeAll(async () => {
    ({ repo, dataDir } = await fixtureRepository(engine));
    app = await buildApp(repo);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    const all = [...repo.store.all()];
    published = all.filter((r) => r.status === 'published');
    hidden = all.filter((r) => r.status !== 'published');
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    if (repo) await closeBackend(repo.backend);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function get(p: string): Promise<{ status: number; type: string; body: any; text: string }> {
    const res = await fetch(base + p);
    const type = res.headers.get('content-type') ?? '';
    const text = await res.text();
    return { status: res.status, type, text, body: type.includes('json') ? JSON.parse(text) : text };
  }

  async function total(query: string): Promise<number> {
    return ((await get(`/api/search?${query}&size=1`)).body as SearchResponse).total;
  }

  async function docxText(res: Response): Promise<string> {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/wordprocessingml/);
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(await res.arrayBuffer()) });
    return value;
  }

  const hiddenIds = () => new Set(hidden.map((r) => r.id));
  /** A theme that quarantined reviews carry, so leaks would show. */
  const leakyTheme = () => hidden.flatMap((r) => r.themes.map((t) => t.id)).find((t) => published.some((p) => p.themes.some((x) => x.id === t)))!;

  describe('theme digest', () => {
    it('counts the reviews on a theme, by year, as search does', async () => {
      const { status, body } = await get('/api/themes/neglect/digest');
      expect(status).toBe(200);
      expect(body.theme).toMatchObject({ id: 'neglect', label: 'Neglect' });
      expect(body.review_count).toBe(await total('theme=neglect'));
      for (const { year, count } of body.by_year) expect(count).toBe(await total(`theme=neglect&year_from=${year}&year_to=${year}`));
      expect(body.taxonomy_version).toBe(repo.taxonomy.version);
    });

    it('puts passages from distinct reviews at the top, each with a page, findings and recommendations first', async () => {
      const { body } = await get('/api/themes/neglect/digest');
      const ids: string[] = body.key_passages.map((p: { review_id: string }) => p.review_id);
      const distinct = new Set(ids).size;
      expect(distinct).toBeGreaterThanOrEqual(4);
      expect(new Set(ids.slice(0, distinct)).size).toBe(distinct);
      for (const p of body.key_passages) {
        expect(p.page).toBeGreaterThan(0);
        const record = repo.store.get(p.review_id)!;
        expect(record.status).toBe('published');
        const passage = record.passages.find((x) => x.id === p.passage_id)!;
        expect(passage.text).toBe(p.text);
        expect(passage.themes.map((t) => t.id)).toContain('neglect');
      }
      expect(['analysis', 'recommendations']).toContain(body.key_passages[0].section);
    });

    it('lists recommendations tagged with the theme, co-occurring themes with true counts, and reviews to read', async () => {
      const { body } = await get('/api/themes/domestic-abuse/digest');
      expect(body.recommendations.length).toBeGreaterThan(0);
      for (const rec of body.recommendations) {
        const record = repo.store.get(rec.review_id)!;
        expect(record.recommendations.find((r) => r.text === rec.text)?.themes).toContain('domestic-abuse');
      }
      const top = body.co_occurring[0];
      expect(top.count).toBe(await total(`theme=domestic-abuse&theme=${top.theme}&narrower=false`));
      expect(body.co_occurring.map((c: { count: number }) => c.count)).toEqual([...body.co_occurring.map((c: { count: number }) => c.count)].sort((a, b) => b - a));
      expect(body.reviews.length).toBeGreaterThan(0);
      for (const r of body.reviews) expect(repo.store.get(r.id)!.themes.map((t) => t.id)).toContain('domestic-abuse');
    });

    it('never draws on reviews that are not published', async () => {
      const theme = leakyTheme();
      const { body } = await get(`/api/themes/${theme}/digest`);
      const used = [...body.key_passages.map((p: { review_id: string }) => p.review_id), ...body.recommendations.map((r: { review_id: string }) => r.review_id), ...body.reviews.map((r: { id: string }) => r.id)];
      for (const id of used) expect(hiddenIds().has(id)).toBe(false);
    });

    it('answers 404 for an unknown theme and 400 for a malformed one', async () => {
      expect(await get('/api/themes/no-such-theme/digest')).toMatchObject({ status: 404, body: { error: 'Not Found' } });
      expect((await get('/api/themes/NOT_OK/digest')).status).toBe(400);
    });

    it('downloads as a Word document with the theme, its key passages and reflective questions', async () => {
      const { body } = await get('/api/themes/neglect/digest');
      const text = await docxText(await fetch(`${base}/api/themes/neglect/digest.docx`));
      expect(text).toContain('Theme digest: Neglect');
      expect(text).toContain(body.key_passages[0].text.slice(0, 60));
      expect(text).toContain(repo.taxonomy.get('neglect')!.questions[0]);
    });
  });

  describe('statistics and exports', () => {
    it('counts reviews per theme by year in JSON, and the CSV says the same', async () => {
      const json = (await get('/api/stats/themes?by=year')).body;
      const csv = await get('/api/stats/themes?by=year&format=csv');
      expect(csv.type).toMatch(/text\/csv/);
      const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
      expect(csv.text.split('\r\n').length).toBe(rows.length + 2);
      expect(Object.keys(rows[0])).toEqual(['theme', 'theme_label', 'year', 'reviews', 'taxonomy_version', 'query', 'query_url', 'generated_at']);
      // Every theme in every year of the span, zeros included.
      expect(rows).toHaveLength(json.rows.length * json.buckets.length);
      expect(json.buckets).toEqual(Array.from({ length: json.buckets.length }, (_, i) => String(Number(json.buckets[0]) + i)));
      const fromJson = json.rows.flatMap((r: { theme: string; counts: Record<string, number> }) => Object.entries(r.counts).map(([y, n]) => `${r.theme}|${y}|${n}`));
      expect(rows.map((r) => `${r.theme}|${r.year}|${r.reviews}`).sort()).toEqual(fromJson.sort());
      expect(rows.every((r) => r.taxonomy_version === repo.taxonomy.version)).toBe(true);
      const neglect = json.rows.find((r: { theme: string }) => r.theme === 'neglect');
      expect(neglect.total).toBe(await total('theme=neglect'));
      const year = json.buckets[json.buckets.length - 1];
      expect(neglect.counts[year] ?? 0).toBe(await total(`theme=neglect&year_from=${year}&year_to=${year}`));
    });

    it('applies the search filters and records them as the query', async () => {
      const { body } = await get('/api/stats/themes?by=review_type&region=Wales&year_from=2015');
      expect(body.query).toBe('year_from=2015&region=Wales');
      expect(body.query_text).toBe('Year of publication: from 2015; Region: Wales');
      const row = body.rows[0];
      for (const [type, n] of Object.entries(row.counts)) expect(n).toBe(await total(`theme=${row.theme}&narrower=false&region=Wales&year_from=2015&review_type=${type}`));
      expect((await get('/api/stats/themes?by=colour')).status).toBe(400);
    });

    it('counts co-occurrence for chosen themes as a symmetric matrix', async () => {
      const { body } = await get('/api/stats/co-occurrence?of=neglect&of=domestic-abuse&of=hidden-men');
      const m: number[][] = body.matrix;
      expect(m[0][0]).toBe(await total('theme=neglect'));
      expect(m[0][1]).toBe(await total('theme=neglect&theme=domestic-abuse'));
      expect(m[1][0]).toBe(m[0][1]);
      expect(m[2][1]).toBe(await total('theme=hidden-men&theme=domestic-abuse'));
      expect((await get('/api/stats/co-occurrence?of=neglect&of=made-up')).status).toBe(400);
      expect((await get('/api/stats/co-occurrence?of=neglect')).status).toBe(400);
    });

    it('exports the reviews matching a search, with their themes, as CSV and JSON', async () => {
      const n = await total('q=neglect');
      const json = (await get('/api/export/search?q=neglect&format=json')).body;
      expect(json.total).toBe(n);
      expect(json.query).toBe('q=neglect');
      expect(json.query_text).toBe('Words: "neglect"');
      const csv = (await get('/api/export/search?q=neglect')).text;
      const rows = parse(csv, { columns: true }) as Record<string, string>[];
      expect(rows).toHaveLength(n);
      expect(csv.split('\r\n')).toHaveLength(n + 2);
      expect(rows.every((r) => r.query === 'Words: "neglect"' && r.query_url === 'q=neglect')).toBe(true);
      expect(rows.map((r) => r.review_id).sort()).toEqual(json.reviews.map((r: { id: string }) => r.id).sort());
      expect(rows[0].themes.split(';')).toEqual(json.reviews.find((r: { id: string }) => r.id === rows[0].review_id).themes);
    });

    it('exports the review-by-theme matrix: a row per published review, column sums equal to theme totals', async () => {
      const rows = parse((await get('/api/export/matrix')).text, { columns: true }) as Record<string, string>[];
      expect(rows).toHaveLength(published.length);
      for (const id of hiddenIds()) expect(rows.find((r) => r.review_id === id)).toBeUndefined();
      const totals = new Map((await get('/api/themes')).body.themes.map((t: { id: string; review_count: number }) => [t.id, t.review_count]));
      for (const theme of ['neglect', 'domestic-abuse', 'hidden-men', 'safe-sleep']) {
        expect(rows.reduce((s, r) => s + Number(r[theme]), 0)).toBe(totals.get(theme));
      }
    });

    it('`scr export` writes the same bytes as the API', async () => {
      const run = async (args: string[]) => {
        let stdout = '';
        const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
          stdout += String(chunk);
          return true;
        });
        try {
          await main(['node', 'scr', ...args, '--data-dir', dataDir, ...backendFlags(repo.backend)]);
        } finally {
          spy.mockRestore();
        }
        return { stdout };
      };
      const stamp = (s: string) => s.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, 'DATE');
      const cli = await run(['export', 'theme-counts', '--by', 'region', '--format', 'csv', '--query', 'theme=neglect']);
      const api = await get('/api/stats/themes?by=region&format=csv&theme=neglect');
      expect(stamp(cli.stdout)).toBe(stamp(api.text));
      const matrix = await run(['export', 'matrix', '--format', 'csv']);
      expect(stamp(matrix.stdout)).toBe(stamp((await get('/api/export/matrix')).text));
    });
  });

  describe('case-study packs', () => {
    const packQuery = (reviews: ReviewRecord[], themes: string[]) =>
      [...reviews.map((r) => `review=${r.id}`), ...themes.map((t) => `theme=${t}`)].join('&');

    async function pdfText(res: Response): Promise<string> {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.pdf"/);
      const file = path.join(dataDir, 'pack-under-test.pdf');
      fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    }

    it('builds one Word document and one PDF with each chosen review, its passages on the themes, questions once and a citation', async () => {
      const [a, b] = published.filter((r) => r.themes.some((t) => t.id === 'neglect'));
      const query = packQuery([a, b], ['neglect', 'domestic-abuse']);
      const res = await fetch(`${base}/api/packs/case-studies.docx?${query}`);
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.docx"/);
      const word = await docxText(res);
      const pdf = await pdfText(await fetch(`${base}/api/packs/case-studies.pdf?${query}`));
      for (const text of [word, pdf.replace(/\/ (?=\S)/g, '/')]) {
        for (const r of [a, b]) {
          expect(text).toContain(r.metadata.title);
          // An uploaded name can carry a family's name.
          expect(text).not.toContain(r.source.name);
          expect(text).toContain(`/reviews/${r.id} (accessed`);
        }
        for (const t of ['neglect', 'domestic-abuse']) expect(text.split(repo.taxonomy.get(t)!.questions[0]).length - 1).toBe(1);
        for (const part of ['review=', 'theme=', '%2']) expect(text).not.toContain(part);
        expect(text).toContain('Session outline');
      }
      expect(word).toContain(a.recommendations[0].text.slice(0, 50));
      const passage = a.passages.find((p) => p.id === a.themes.find((t) => t.id === 'neglect')!.passages[0])!;
      expect(word).toContain(passage.text.slice(0, 60));
      expect(pdf).toMatch(/Page 1 of \d+/);
    });

    it('accepts the same request as JSON', async () => {
      const res = await fetch(`${base}/api/packs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ review_ids: [published[0].id], themes: ['voice-of-the-child'] }),
      });
      expect(await docxText(res)).toContain(published[0].metadata.title);
    });

    it('refuses unpublished reviews, unknown themes and oversized packs clearly, in either format', async () => {
      for (const format of ['docx', 'pdf']) {
        const pack = (reviews: ReviewRecord[], themes: string[]) => get(`/api/packs/case-studies.${format}?${packQuery(reviews, themes)}`);
        expect(await pack([hidden[0]], ['neglect'])).toMatchObject({ status: 404, body: { error: 'Not Found' } });
        expect(await pack([published[0]], ['not-a-theme'])).toMatchObject({ status: 400, body: { message: 'Unknown theme: not-a-theme' } });
        expect((await pack(Array(13).fill(published[0]), ['neglect'])).status).toBe(400);
        expect((await pack([published[0]], [])).status).toBe(400);
      }
    });
  });

  describe('similar reviews and feeds', () => {
    it('lists published reviews like this one, best first, never itself or a hidden one', async () => {
      const target = published[0];
      const { status, body } = await get(`/api/reviews/${target.id}/similar?limit=20`);
      expect(status).toBe(200);
      const ids = body.results.map((r: { id: string }) => r.id);
      expect(ids).not.toContain(target.id);
      for (const id of ids) expect(hiddenIds().has(id)).toBe(false);
      const scores = body.results.map((r: { score: number }) => r.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      const mine = new Set(target.themes.map((t) => t.id));
      for (const r of body.results) for (const t of r.shared_themes) expect(mine.has(t)).toBe(true);
      expect((await get(`/api/reviews/${hidden[0].id}/similar`)).status).toBe(404);
    });

    it('ranks a review sharing more themes and words above one sharing fewer', async () => {
      // Child N and Child B (same neglect passages in the fixtures) should find each other first.
      const byTitle = (t: string) => published.find((r) => r.metadata.title.endsWith(t))!;
      const { body } = await get(`/api/reviews/${byTitle('Child N').id}/similar`);
      expect(body.results.slice(0, 2).map((r: { id: string }) => r.id)).toContain(byTitle('Child B').id);
    });

    it('serves an Atom feed per theme listing only reviews on the theme, newest additions first', async () => {
      const onTheme = published.filter((r) => r.themes.some((t) => t.id === 'neglect'));
      for (const r of onTheme) expect(r.publishedAt).toBe(r.ingestedAt);
      // The oldest report on the theme, published again by an editor, is the newest addition.
      const oldest = onTheme.reduce((a, b) => ((b.metadata.year ?? 0) < (a.metadata.year ?? 0) ? b : a));
      const editorial = new Editorial(repo.store, repo.backend, new AuditLog(dataDir));
      await editorial.withdraw(oldest.id, 'editor', 'Checking a redaction');
      const republished = await editorial.publish(oldest.id, 'editor');
      expect(republished.publishedAt! > oldest.publishedAt!).toBe(true);

      const { status, type, text } = await get('/api/themes/neglect/feed.atom');
      expect(status).toBe(200);
      expect(type).toMatch(/application\/atom\+xml/);
      expect(text).toMatch(/^<\?xml[^>]*>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
      const entries = [...text.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => m[1]);
      const ids = entries.map((e) => e.match(/<link href="[^"]*\/reviews\/([a-z0-9]+)"/)![1]);
      expect(ids).toHaveLength(await total('theme=neglect'));
      expect(ids[0]).toBe(oldest.id);
      const added = ids.map((id) => publishedAt(repo.store.get(id)!));
      expect(added).toEqual([...added].sort().reverse());
      const years = ids.map((id) => repo.store.get(id)!.metadata.year ?? 0);
      expect(years).not.toEqual([...years].sort((a, b) => b - a));
      for (const id of ids) expect(repo.store.get(id)!.themes.map((t) => t.id)).toContain('neglect');
      // Each entry is dated when its review became public; the feed, by its newest entry.
      expect(entries.map((e) => e.match(/<updated>([^<]+)<\/updated>/)![1])).toEqual(added);
      expect(entries.map((e) => e.match(/<published>([^<]+)<\/published>/)![1])).toEqual(added);
      expect(text.slice(0, text.indexOf('<entry>')).match(/<updated>([^<]+)<\/updated>/)![1]).toBe(republished.publishedAt);
      expect((await get('/api/themes/no-such-theme/feed.atom')).status).toBe(404);
    });

    it('serves an Atom feed per search', async () => {
      const { text } = await get('/api/search/feed.atom?q=neglect&region=Wales');
      const entries = text.match(/<entry>/g) ?? [];
      expect(entries).toHaveLength(await total('q=neglect&region=Wales'));
      expect(text).toContain('/api/search/feed.atom?q=neglect&amp;region=Wales');
    });

    it('documents every new route in the OpenAPI document', async () => {
      const paths = Object.keys((await get('/api/docs/json')).body.paths);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/api/themes/{id}/digest',
          '/api/themes/{id}/digest.docx',
          '/api/themes/{id}/feed.atom',
          '/api/search/feed.atom',
          '/api/stats/themes',
          '/api/stats/co-occurrence',
          '/api/export/search',
          '/api/export/matrix',
          '/api/packs',
          '/api/packs/case-studies.docx',
          '/api/packs/case-studies.pdf',
          '/api/reviews/{id}/similar',
        ]),
      );
    });
  });
});
