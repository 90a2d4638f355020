/**
 * The public file route serves a clean copy, as a download under a neutral name; editors still
 * get the original. The files carry identifiers outside their body text only.
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { projectRoot } from '../../lib/paths';
import { ingestFiles } from '../../ingest/batch';
import type { HiddenFixture } from '../../scripts/fixtures/hidden-parts';
import { bearer, editorApp, TEST_ADMIN_TOKEN, type EditorApp } from '../../test/editor-app';

const HIDDEN = path.join(projectRoot(), 'fixtures', 'hidden');
const fixtures: Omit<HiddenFixture, 'data'>[] = JSON.parse(fs.readFileSync(path.join(HIDDEN, 'expected.json'), 'utf8'));
const admin = bearer(TEST_ADMIN_TOKEN);

let env: EditorApp;
const ids = new Map<string, string>();

beforeAll(async () => {
  env = await editorApp();
  const files = fixtures.map((f) => path.join(HIDDEN, f.file));
  const summary = await ingestFiles(files, { ...env.repo, taxonomyVersion: env.repo.taxonomy.version });
  expect(summary.failed).toEqual([]);
  for (const r of env.repo.store.all()) if (fixtures.some((f) => f.file === r.source.name)) ids.set(r.source.name, r.id);
});
afterAll(() => env.close());

async function post(url: string, json: unknown) {
  const res = await fetch(env.base + url, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(json) });
  return { status: res.status, body: (await res.json()) as any };
}

/** Every byte a client could read from a download: a DOCX's parts inflated, or the PDF as sent. */
async function readable(bytes: Buffer, type: string): Promise<string> {
  if (type !== 'docx') return bytes.toString('latin1');
  const zip = await JSZip.loadAsync(bytes);
  const parts = await Promise.all(Object.values(zip.files).filter((e) => !e.dir).map((e) => e.async('string')));
  return parts.join('\n');
}

describe.each(fixtures.map((f) => [f.file, f] as const))('%s', (file, expected) => {
  const type = path.extname(file).slice(1);

  it('is held back, its flags shown to the editor with where they were found', async () => {
    const id = ids.get(file)!;
    expect((await fetch(`${env.base}/api/reviews/${id}/file`)).status).toBe(404);
    const view = await (await fetch(`${env.base}/api/admin/reviews/${id}`, { headers: admin })).json();
    for (const flag of expected.flags) {
      expect(view.flags).toContainEqual(expect.objectContaining({ kind: flag.kind, text: flag.text, part: flag.part, page_offset: null }));
    }
  });

  it('once its flags are dealt with and it is published, is downloaded as a clean copy under a neutral name', async () => {
    const id = ids.get(file)!;
    const view = await (await fetch(`${env.base}/api/admin/reviews/${id}`, { headers: admin })).json();
    // Redact the first, dismiss the rest: flags outside the body take nothing from the text.
    for (const flag of view.flags as { index: number }[]) {
      const res = await post(`/api/admin/reviews/${id}/flags/${flag.index}`, { action: flag.index === 0 ? 'redact' : 'dismiss' });
      expect(res.status).toBe(200);
    }
    expect((await post(`/api/admin/reviews/${id}/publish`, {})).status).toBe(200);

    const review = await (await fetch(`${env.base}/api/reviews/${id}`)).json();
    expect(review.file_available).toBe(true);
    expect(review.source.name).toBe(`review-${id}.${type}`);
    expect(JSON.stringify(review)).not.toContain(file);

    const res = await fetch(`${env.base}/api/reviews/${id}/file`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="review-${id}.${type}"`);
    expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = await readable(bytes, type);
    expect(text.length).toBeGreaterThan(0);
    for (const secret of expected.secrets) expect(text).not.toContain(secret);
    // Served twice, it is the same copy, kept from the first time.
    expect(Buffer.from(await (await fetch(`${env.base}/api/reviews/${id}/file`)).arrayBuffer())).toEqual(bytes);
  });

  it('is still there, untouched, for an editor', async () => {
    const id = ids.get(file)!;
    const res = await fetch(`${env.base}/api/admin/reviews/${id}/file`, { headers: admin });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(fs.readFileSync(path.join(HIDDEN, file)));
  });
});
