import JSZip from 'jszip';
import type { ReviewRecord } from '../model';
import { AuditLog } from '../store/audit-log';
import { bearer, editorApp, TEST_ADMIN_TOKEN, type EditorApp } from '../test/editor-app';

/**
 * Point 2 of the editorial rules: a review that is not published never reaches the public, by any
 * route. Routes are enumerated from the running app, so a public route added later is checked too;
 * one this test does not know how to call fails it until it is taught.
 */

let env: EditorApp;
let hidden: ReviewRecord[];
let published: ReviewRecord[];
let markers: string[];

interface Operation {
  parameters?: { in: 'path' | 'query'; name: string; required?: boolean; schema?: { enum?: string[]; type?: string } }[];
}

beforeAll(async () => {
  env = await editorApp();
  const store = env.repo.store;
  // Withdraw the published review with the most themes, so it would surface in every theme route if it leaked.
  const victim = [...store.all()].filter((r) => r.status === 'published').sort((a, b) => b.themes.length - a.themes.length)[0];
  const res = await fetch(`${env.base}/api/admin/reviews/${victim.id}/withdraw`, {
    method: 'POST',
    headers: { ...bearer(TEST_ADMIN_TOKEN), 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'Exposure test' }),
  });
  expect(res.status).toBe(200);
  expect(new AuditLog(env.dataDir).forReview(victim.id)).toHaveLength(1);

  const all = [...store.all()];
  published = all.filter((r) => r.status === 'published');
  hidden = all.filter((r) => r.status !== 'published');
  expect(new Set(hidden.map((r) => r.status))).toEqual(new Set(['quarantined', 'withdrawn']));

  const publicText = published.map((r) => `${r.metadata.title}\n${r.text}\n${r.source.name}`).join('\n').toLowerCase();
  const unique = (s: string) => s.length >= 6 && !publicText.includes(s.toLowerCase());
  markers = hidden.flatMap((r) => {
    const snippet = r.passages.map((p) => p.text.slice(0, 40)).find(unique);
    return [r.id, r.source.sha256, r.source.name, r.metadata.title, ...r.flags.map((f) => f.text), ...(snippet ? [snippet] : [])].filter(unique);
  });
  expect(markers.length).toBeGreaterThan(hidden.length * 3);
});

afterAll(() => env.close());

/** Routes as the router knows them (printRoutes), so a route hidden from the OpenAPI document is still seen. */
function routerPaths(tree: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^(.*?)(?:└── |├── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    if (m[3]) out.set(stack.join('').replace(/:(\w+)/g, '{$1}'), m[3].split(', '));
  }
  return out;
}

async function textOf(res: Response): Promise<string> {
  const bytes = Buffer.from(await res.arrayBuffer());
  if (bytes.subarray(0, 2).toString() !== 'PK') return bytes.toString('utf8');
  const zip = await JSZip.loadAsync(bytes);
  const parts = await Promise.all(Object.values(zip.files).map((f) => f.async('string')));
  return parts.join('\n').replace(/<[^>]+>/g, ' ');
}

describe('only published reviews reach the public', () => {
  it('on every public route, for every review id, filter and format', async () => {
    const doc = (await (await fetch(`${env.base}/api/docs/json`)).json()) as { paths: Record<string, Record<string, Operation>> };
    const router = routerPaths(env.app.printRoutes({ commonPrefix: false }));
    const isPublicApi = (p: string) => p.startsWith('/api/') && !p.startsWith('/api/admin') && !p.startsWith('/api/docs');
    for (const p of router.keys()) if (isPublicApi(p)) expect({ route: p, inOpenApi: p in doc.paths }).toEqual({ route: p, inOpenApi: true });

    const reviewIds = [...published.map((r) => r.id), ...hidden.map((r) => r.id)];
    const hiddenIds = new Set(hidden.map((r) => r.id));
    const themeIds = [...new Set(hidden.flatMap((r) => r.themes.map((t) => t.id)))];
    expect(themeIds.length).toBeGreaterThan(2);
    const hiddenTitle = hidden.find((r) => r.status === 'withdrawn')!.metadata.title;

    const uncovered: string[] = [];
    const answered = new Map<string, number[]>();
    const leaks: string[] = [];
    let requests = 0;

    const check = async (key: string, url: string, init: RequestInit, hiddenInPath: boolean) => {
      const res = await fetch(env.base + url, init);
      const body = await textOf(res);
      requests++;
      answered.set(key, [...(answered.get(key) ?? []), res.status]);
      expect({ url, status: res.status < 500 }).toEqual({ url, status: true });
      if (hiddenInPath && res.status < 400) leaks.push(`${url} answered ${res.status} for a review that is not published`);
      // A marker the request itself carries (an id asked for, a query echoed in a feed title) tells the client nothing new.
      const asked = decodeURIComponent(url.replace(/\+/g, ' ')) + String(init.body ?? '');
      for (const marker of markers) if (!asked.includes(marker) && body.includes(marker)) leaks.push(`${init.method ?? 'GET'} ${url} shows "${marker}"`);
    };

    for (const [route, ops] of Object.entries(doc.paths)) {
      if (!isPublicApi(route)) continue;
      // Email alert routes answer about a subscription, never with a review; what reaches a
      // subscriber by email, published reviews only, is checked in server/routes/alerts.test.ts.
      if (route === '/api/alerts' || route.startsWith('/api/alerts/')) continue;
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${route}`;
        if (method === 'post' && route === '/api/packs') {
          for (const id of reviewIds) {
            const body = JSON.stringify({ review_ids: [id], themes: themeIds.slice(0, 2) });
            await check(key, route, { method: 'POST', body, headers: { 'content-type': 'application/json' } }, hiddenIds.has(id));
          }
          continue;
        }
        if (method !== 'get') {
          uncovered.push(`${key}: a public ${method.toUpperCase()} route this test does not know how to call`);
          continue;
        }
        const params = op.parameters ?? [];
        const pathParam = params.find((p) => p.in === 'path');
        let pathValues: { value: string; hidden: boolean }[] = [{ value: '', hidden: false }];
        if (pathParam) {
          if (pathParam.name === 'id' && route.startsWith('/api/reviews/')) pathValues = reviewIds.map((id) => ({ value: id, hidden: hiddenIds.has(id) }));
          else if (pathParam.name === 'id' && route.startsWith('/api/themes/')) pathValues = themeIds.map((id) => ({ value: id, hidden: false }));
          else {
            uncovered.push(`${key}: unknown path parameter ${pathParam.name}`);
            continue;
          }
        }
        // Required query parameters get a value; each optional enum and the free-text query get variants.
        const base = new URLSearchParams();
        const reviewParam = params.find((p) => p.in === 'query' && p.required && p.name === 'review');
        let ok = true;
        for (const p of params.filter((q) => q.in === 'query' && q.required && q.name !== 'review')) {
          if (p.name === 'theme') base.set(p.name, themeIds[0]);
          else if (p.name === 'of') for (const t of themeIds.slice(0, 4)) base.append(p.name, t);
          else if (p.schema?.enum) base.set(p.name, p.schema.enum[0]);
          else {
            uncovered.push(`${key}: unknown required query parameter ${p.name}`);
            ok = false;
          }
        }
        if (!ok) continue;
        const variants: URLSearchParams[] = [base];
        for (const p of params.filter((q) => q.in === 'query' && q.schema?.enum)) {
          for (const v of p.schema!.enum!) variants.push(new URLSearchParams([...base, [p.name, v]]));
        }
        if (params.some((p) => p.name === 'q')) variants.push(new URLSearchParams([...base, ['q', hiddenTitle]]));
        if (params.some((p) => p.name === 'theme' && !p.required)) for (const t of themeIds) variants.push(new URLSearchParams([...base, ['theme', t]]));

        for (const { value, hidden: hiddenInPath } of pathValues) {
          const path = route.replace(/\{\w+\}/, value);
          const reviewSets = reviewParam ? reviewIds.map((id) => ({ ids: [id], hidden: hiddenIds.has(id) })) : [{ ids: [] as string[], hidden: false }];
          for (const { ids, hidden: hiddenInQuery } of reviewSets) {
            for (const v of pathParam ? [base] : variants) {
              const q = new URLSearchParams([...v, ...ids.map((id): [string, string] => ['review', id])]).toString();
              await check(key, q ? `${path}?${q}` : path, {}, hiddenInPath || hiddenInQuery);
            }
          }
        }
      }
    }

    for (const [key, statuses] of answered) if (!statuses.some((s) => s < 300)) uncovered.push(`${key}: never answered 2xx (${[...new Set(statuses)]})`);
    expect(uncovered).toEqual([]);
    expect(leaks).toEqual([]);
    expect(answered.size).toBeGreaterThanOrEqual(10);
    expect(requests).toBeGreaterThan(100);
  });
});
