import type { ReviewRecord } from '../../model';
import { AuditLog } from '../../store/audit-log';
import { bearer, callJson, editorApp, TEST_ADMIN_TOKEN, type EditorApp } from '../../test/editor-app';

/** Editors confirm, remove and add review themes over HTTP; the public routes follow the decision. */

let env: EditorApp;
const admin = bearer(TEST_ADMIN_TOKEN);
let record: ReviewRecord;

beforeAll(async () => {
  env = await editorApp({}, ['child-c-2016.pdf']);
  record = [...env.repo.store.all()][0];
});
afterAll(() => env.close());

const call = (method: string, url: string, json?: unknown, headers: Record<string, string> = admin) => callJson(env, method, url, json, headers);

const decide = (body: unknown, headers?: Record<string, string>) => call('POST', `/api/admin/reviews/${record.id}/themes`, body, headers);

describe('editor API: review themes', () => {
  it('lets only editors decide themes, see passages or read the agreement', async () => {
    expect((await decide({ theme: record.themes[0].id, action: 'confirm' }, {})).status).toBe(401);
    expect((await decide({ theme: record.themes[0].id, action: 'confirm' }, bearer('not-a-token'))).status).toBe(401);
    expect((await call('GET', `/api/admin/reviews/${record.id}/passages`, undefined, {})).status).toBe(401);
    expect((await call('GET', '/api/admin/agreement', undefined, {})).status).toBe(401);
    expect(env.repo.store.get(record.id)!.corrections?.themes).toBeUndefined();
  });

  it('shows every theme with its origin and evidence passages, with page', async () => {
    const res = await call('GET', `/api/admin/reviews/${record.id}`);
    expect(res.status).toBe(200);
    expect(res.body.theme_decisions.map((t: { id: string }) => t.id)).toEqual(record.themes.map((t) => t.id));
    for (const t of res.body.theme_decisions) {
      expect(t).toMatchObject({ origin: 'machine', machine: true, decided_by: null });
      expect(t.passages.length).toBeGreaterThan(0);
      expect(t.passages[0]).toEqual({ id: expect.any(String), page: expect.any(Number), section: expect.any(String), text: expect.any(String) });
    }
  });

  it('finds passages by their words to choose evidence from', async () => {
    const word = record.passages[3].text.split(/\s+/).find((w) => /^[a-z]{6,}$/i.test(w))!;
    const res = await call('GET', `/api/admin/reviews/${record.id}/passages?q=${encodeURIComponent(word)}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(0);
    for (const p of res.body.passages) expect(p.text.toLowerCase()).toContain(word.toLowerCase());
    expect((await call('GET', `/api/admin/reviews/${record.id}/passages`)).body.total).toBe(record.passages.length);
  });

  it('refuses bad decisions with a clear message and changes nothing', async () => {
    expect((await decide({ theme: 'no-such-theme', action: 'confirm' })).body.message).toMatch(/no theme no-such-theme in taxonomy/);
    expect((await decide({ theme: 'neglect', action: 'add' })).body.message).toMatch(/Choose the passage/);
    expect((await decide({ theme: 'neglect', action: 'approve' })).status).toBe(400);
    expect((await decide({ theme: record.themes[0].id, action: 'add', passages: [record.passages[0].id] })).status).toBe(409);
    expect(new AuditLog(env.dataDir).forReview(record.id).filter((e) => e.action.endsWith('-theme'))).toEqual([]);
  });

  it('confirms, removes and adds, audited, and the public review, search and statistics follow', async () => {
    const [kept, dropped] = record.themes.map((t) => t.id);
    const missing = env.app.taxonomy.themes.find((t) => !record.themes.some((r) => r.id === t.id))!.id;
    const evidence = record.passages.find((p) => p.section === 'analysis')!;
    expect((await decide({ theme: kept, action: 'confirm' })).status).toBe(200);
    expect((await decide({ theme: dropped, action: 'remove' })).status).toBe(200);
    const res = await decide({ theme: missing, action: 'add', passages: [evidence.id] });
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.theme_decisions.map((t: { id: string }) => [t.id, t]));
    expect(byId[kept]).toMatchObject({ origin: 'confirmed', decided_by: 'admin', machine: true });
    expect(byId[dropped]).toMatchObject({ origin: 'removed', decided_by: 'admin' });
    expect(byId[missing]).toMatchObject({ origin: 'added', machine: false, passages: [{ id: evidence.id, page: evidence.page, text: evidence.text }] });
    expect(res.body.themes).not.toContain(dropped);
    expect(res.body.themes).toContain(missing);

    expect(new AuditLog(env.dataDir).forReview(record.id).filter((e) => e.action.endsWith('-theme')).map((e) => [e.action, e.actor, e.before, e.after])).toEqual([
      ['confirm-theme', 'admin', { theme: kept, origin: 'machine' }, { theme: kept, origin: 'confirmed', passages: expect.any(Array) }],
      ['remove-theme', 'admin', { theme: dropped, origin: 'machine' }, { theme: dropped, origin: 'removed' }],
      ['add-theme', 'admin', { theme: missing, origin: null }, { theme: missing, origin: 'added', passages: [evidence.id] }],
    ]);

    const publicReview = (await call('GET', `/api/reviews/${record.id}`, undefined, {})).body;
    expect(publicReview.themes.map((t: { id: string }) => t.id)).toContain(missing);
    expect(publicReview.themes.map((t: { id: string }) => t.id)).not.toContain(dropped);
    expect(JSON.stringify(publicReview)).not.toMatch(/removed|decided/);
    const search = async (q: string) => (await call('GET', `/api/search?${q}`, undefined, {})).body.results.map((h: { id: string }) => h.id);
    expect(await search(`theme=${missing}`)).toContain(record.id);
    expect(await search(`theme=${dropped}&narrower=false`)).not.toContain(record.id);
    const stats = (await call('GET', '/api/stats/themes?by=year&theme_origin=confirmed', undefined, {})).body;
    // Every theme has a row (zeros included); only the decided review's confirmed and added ones count.
    expect(stats.rows.filter((r: { total: number }) => r.total > 0).map((r: { theme: string }) => r.theme).sort()).toEqual([kept, missing].sort());
    expect(stats.query).toBe('theme_origin=confirmed');
    expect((await call('GET', '/api/stats/themes?by=year&theme_origin=maybe', undefined, {})).status).toBe(400);
  });

  it("measures the tagger against the editors' decisions", async () => {
    const res = await call('GET', '/api/admin/agreement');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ reviews: 1, decisions: 3, micro: { tp: 1, fp: 1, fn: 1, precision: 0.5, recall: 0.5 } });
    expect(res.body.themes).toHaveLength(3);
  });
});
