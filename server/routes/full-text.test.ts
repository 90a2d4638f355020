/**
 * The review's whole redacted text and its redacted PDF over HTTP: redacted through the editor API,
 * read back as the public would, and held back for anything unpublished, withdrawn or unchecked.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ReviewRecord } from '../../model';
import { FIXTURE_REPORTS } from '../../test/fixture-repository';
import { bearer, editorApp, TEST_ADMIN_TOKEN, type EditorApp } from '../../test/editor-app';

const admin = bearer(TEST_ADMIN_TOKEN);
const FILE = 'child-a-2012.pdf';
const PHRASE = 'Brackenridge';

let env: EditorApp;
let id: string;

beforeAll(async () => {
  // A published PDF to redact, another to re-read, and one held for an editor.
  env = await editorApp({}, [FILE, 'child-d-2021.pdf', 'child-e-2020.docx']);
  id = [...env.repo.store.all()].find((r) => r.source.name === FILE)!.id;
});
afterAll(() => env.close());

async function post(url: string, json: unknown) {
  const res = await fetch(env.base + url, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(json) });
  return { status: res.status, body: (await res.json()) as any };
}

function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
}

const publicCopies = () => (fs.existsSync(path.join(env.dataDir, 'public')) ? fs.readdirSync(path.join(env.dataDir, 'public')).filter((f) => f.startsWith(`${id}.redacted.`)) : []);

describe('a review redacted by an editor', () => {
  beforeAll(async () => {
    expect((await post(`/api/admin/reviews/${id}/redactions`, { phrase: PHRASE, kind: 'name' })).status).toBe(200);
  });

  it('has its file withheld and its whole redacted text given page by page', async () => {
    const review = await (await fetch(`${env.base}/api/reviews/${id}`)).json();
    expect(review).toMatchObject({ file_available: false, full_text_available: true });
    expect((await fetch(`${env.base}/api/reviews/${id}/file`)).status).toBe(410);

    const res = await fetch(`${env.base}/api/reviews/${id}/text`);
    expect(res.status).toBe(200);
    const body = await res.json();
    const pages = Number(pdfInfo(path.join(FIXTURE_REPORTS, FILE)).Pages);
    expect(body).toMatchObject({ id, title: review.title, page_basis: 'exact', file_available: false });
    expect(body.pages.map((p: { num: number }) => p.num)).toEqual(Array.from({ length: pages }, (_, i) => i + 1));
    expect(JSON.stringify(body)).not.toMatch(new RegExp(PHRASE, 'i'));
    expect(body.pages.filter((p: { text: string }) => p.text.includes('[redacted]')).length).toBeGreaterThan(1);
    // Every passage the review page shows is on the page it is said to be on.
    for (const theme of review.themes) {
      for (const passage of theme.passages) expect(body.pages[passage.page - 1].text).toContain(passage.text.slice(0, 60));
    }
  });

  it('is downloaded as a redacted PDF with the original page breaks, each page saying so, and nothing of the original file', async () => {
    const res = await fetch(`${env.base}/api/reviews/${id}/redacted.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="review-${id}-redacted.pdf"`);
    expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await res.arrayBuffer());
    const file = path.join(env.dataDir, 'download.pdf');
    fs.writeFileSync(file, bytes);

    const original = pdfInfo(path.join(FIXTURE_REPORTS, FILE));
    const info = pdfInfo(file);
    expect(info.Pages).toBe(original.Pages);
    expect(info.Author).not.toBe(original.Author);
    expect(JSON.stringify(info)).not.toMatch(new RegExp(PHRASE, 'i'));
    for (let n = 1; n <= Number(info.Pages); n++) {
      const text = execFileSync('pdftotext', ['-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' });
      expect(text).toContain(`Redacted copy — page ${n} of the original report`);
      expect(text).not.toMatch(new RegExp(PHRASE, 'i'));
    }
    // Kept from the first request.
    expect(Buffer.from(await (await fetch(`${env.base}/api/reviews/${id}/redacted.pdf`)).arrayBuffer())).toEqual(bytes);
    expect(publicCopies()).toHaveLength(1);
  });

  it('is made again once the record changes, and the copy made before goes', async () => {
    const before = publicCopies();
    const first = Buffer.from(await (await fetch(`${env.base}/api/reviews/${id}/redacted.pdf`)).arrayBuffer());
    expect((await post(`/api/admin/reviews/${id}/redactions`, { phrase: 'Child A', kind: 'name' })).status).toBe(200);
    const res = await fetch(`${env.base}/api/reviews/${id}/redacted.pdf`);
    const file = path.join(env.dataDir, 'again.pdf');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    expect(fs.readFileSync(file)).not.toEqual(first);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).not.toContain('Child A');
    const after = publicCopies();
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
  });
});

describe('held back', () => {
  const routes = (reviewId: string) => [`/api/reviews/${reviewId}/text`, `/api/reviews/${reviewId}/redacted.pdf`];

  it('as absent for a review never published', async () => {
    const held = [...env.repo.store.all()].find((r) => r.status === 'quarantined')!;
    for (const url of routes(held.id)) {
      const res = await fetch(env.base + url);
      expect(res.status).toBe(404);
      expect(JSON.stringify(await res.json())).not.toContain(held.metadata.title);
    }
  });

  it('as gone, saying why, for a published review whose new flags are still open', async () => {
    const record = [...env.repo.store.all()].find((r) => r.status === 'published' && r.id !== id && r.source.type === 'pdf')!;
    // As re-reading a published review's file with a newer scan can leave it.
    const reread: ReviewRecord = { ...record, flags: [...record.flags, { kind: 'name', text: record.passages[0].text.split(' ').slice(0, 2).join(' '), page: 1, offset: 0, status: 'open' }] };
    env.repo.store.put(reread);
    expect((await (await fetch(`${env.base}/api/reviews/${record.id}`)).json()).full_text_available).toBe(false);
    for (const url of routes(record.id)) {
      const res = await fetch(env.base + url);
      expect(res.status).toBe(410);
      expect((await res.json()).message).toMatch(/identifying details found in it are still to be checked/);
    }
  });

  it('as absent once withdrawn', async () => {
    expect((await post(`/api/admin/reviews/${id}/withdraw`, { reason: 'Withdrawn by the partnership' })).status).toBe(200);
    for (const url of routes(id)) expect((await fetch(env.base + url)).status).toBe(404);
  });
});
