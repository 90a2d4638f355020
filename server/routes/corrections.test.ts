import fs from 'node:fs';
import type { ReviewRecord } from '../../model';
import { AuditLog } from '../../store/audit-log';
import { retagAll } from '../../ingest/retag';
import { bearer, callJson, editorApp, TEST_ADMIN_TOKEN, type EditorApp } from '../../test/editor-app';

/** Editors' corrections to title, metadata, summary and recommendations outlive re-extraction and re-tagging. */

let env: EditorApp;
const admin = bearer(TEST_ADMIN_TOKEN);

beforeAll(async () => {
  env = await editorApp();
});
afterAll(() => env.close());

const call = (method: string, url: string, json?: unknown, headers: Record<string, string> = admin) => callJson(env, method, url, json, headers);

const searchIds = async (q: string) => ((await call('GET', `/api/search?q=${encodeURIComponent(q)}&size=100`, undefined, {})).body.results as { id: string }[]).map((h) => h.id);

describe('corrections', () => {
  let record: ReviewRecord;
  const summary = 'A corrected summary naming the Quillonbrook learning about the baby.';
  let recommendations: string[];

  beforeAll(() => {
    record = [...env.repo.store.all()].find((r) => r.status === 'published' && r.recommendations.length >= 3 && r.metadata.inferred.includes('title'))!;
    recommendations = [
      ...record.recommendations.slice(0, 2).map((r) => r.text),
      'The partnership should audit how agencies share information about fathers in the household within six months.',
    ];
  });

  it('shows the evidence of each inferred field and the extractor that read it', async () => {
    const res = await call('GET', `/api/admin/reviews/${record.id}`);
    expect(res.status).toBe(200);
    const { metadata } = res.body;
    expect(metadata.inferred.length).toBeGreaterThan(3);
    for (const field of metadata.inferred) expect({ field, evidence: typeof metadata.evidence[field] }).toEqual({ field, evidence: 'string' });
    expect(record.text).toContain(metadata.evidence.title.split(' / ')[0]);
    expect(res.body.recommendations).toHaveLength(record.recommendations.length);
    expect(res.body.corrected).toEqual([]);
  });

  it('corrects title, summary and recommendations, audited, and the index follows', async () => {
    expect((await call('PATCH', `/api/admin/reviews/${record.id}/content`, { summary: 'x', colour: 'red' })).status).toBe(400);
    expect((await call('PATCH', `/api/admin/reviews/${record.id}/content`, {})).status).toBe(400);
    expect((await call('PATCH', `/api/admin/reviews/${record.id}/content`, { summary }, {})).status).toBe(401);

    const title = await call('PATCH', `/api/admin/reviews/${record.id}/metadata`, { title: 'Serious Case Review: Child Zephyrine', age_band: '5-10' });
    expect(title.status).toBe(200);
    const res = await call('PATCH', `/api/admin/reviews/${record.id}/content`, { summary, recommendations });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ summary, title: 'Serious Case Review: Child Zephyrine' });
    expect(res.body.recommendations.map((r: { text: string }) => r.text)).toEqual(recommendations);
    expect(res.body.corrected).toEqual(expect.arrayContaining(['title', 'age_band', 'summary', 'recommendations']));
    expect(res.body.metadata.inferred).not.toContain('title');
    expect(res.body.metadata.evidence.title).toBeUndefined();

    const stored = env.repo.store.get(record.id)!;
    expect(stored.corrections).toEqual({ metadata: { title: 'Serious Case Review: Child Zephyrine', ageBand: '5-10' }, summary, recommendations });
    // The new recommendation is tagged like the extracted ones.
    expect(stored.recommendations[2].themes.length).toBeGreaterThan(0);
    const actions = new AuditLog(env.dataDir).forReview(record.id).map((e) => e.action);
    expect(actions).toEqual(['edit-metadata', 'edit-content']);
    const content = new AuditLog(env.dataDir).forReview(record.id)[1];
    expect(content.before).toMatchObject({ summary: record.summary });
    expect(content.after).toMatchObject({ summary, recommendations });
    expect(await searchIds('Zephyrine')).toContain(record.id);
  });

  it('keeps every correction when the file is read again', async () => {
    const before = env.repo.store.get(record.id)!;
    const res = await call('POST', `/api/admin/reviews/${record.id}/reextract`);
    expect(res.status).toBe(200);
    const after = env.repo.store.get(record.id)!;
    expect(after).toMatchObject({
      status: before.status,
      publishedAt: before.publishedAt,
      ingestedAt: before.ingestedAt,
      summary,
      metadata: { title: 'Serious Case Review: Child Zephyrine', ageBand: '5-10' },
      corrections: before.corrections,
    });
    expect(after.recommendations.map((r) => r.text)).toEqual(recommendations);
    // Everything not corrected comes from the file again.
    expect(after.text).toBe(before.text);
    expect(after.metadata.year).toBe(before.metadata.year);
    expect(after.metadata.inferred).not.toContain('title');
    expect(new AuditLog(env.dataDir).forReview(record.id).map((e) => e.action)).toContain('reextract');
    expect(await searchIds('Zephyrine')).toContain(record.id);
  });

  it('keeps every correction through a re-tag', async () => {
    expect((await retagAll(env.repo)).reviews).toBeGreaterThan(1);
    const after = env.repo.store.get(record.id)!;
    expect(after).toMatchObject({ summary, metadata: { title: 'Serious Case Review: Child Zephyrine', ageBand: '5-10' } });
    expect(after.recommendations.map((r) => r.text)).toEqual(recommendations);
  });

  it('keeps redactions when the file is read again', async () => {
    const flagged = [...env.repo.store.all()].find((r) => r.flags.some((f) => f.status === 'open' && f.kind === 'name'))!;
    const index = flagged.flags.findIndex((f) => f.status === 'open' && f.kind === 'name');
    const phrase = flagged.flags[index].text;
    expect((await call('POST', `/api/admin/reviews/${flagged.id}/flags/${index}`, { action: 'redact' })).status).toBe(200);
    expect(env.repo.store.get(flagged.id)!.text).not.toContain(phrase);
    const res = await call('POST', `/api/admin/reviews/${flagged.id}/reextract`);
    expect(res.status).toBe(200);
    const after = env.repo.store.get(flagged.id)!;
    expect(after.text).not.toContain(phrase);
    expect(after.flags.find((f) => f.text === phrase)?.status).toBe('redacted');
    expect(after.status).toBe('quarantined');
  });

  it('says so when the original file is missing', async () => {
    const other = [...env.repo.store.all()].find((r) => r.id !== record.id && r.status === 'published')!;
    fs.rmSync(env.repo.store.filePath(other.source.sha256, other.source.type));
    const res = await call('POST', `/api/admin/reviews/${other.id}/reextract`);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/original file/);
    expect(env.repo.store.get(other.id)).toEqual(other);
  });
});

describe('GET /api/partnerships', () => {
  it('lists every partnership with its region, nation and places, for anyone', async () => {
    const res = await call('GET', '/api/partnerships', undefined, {});
    expect(res.status).toBe(200);
    const camden = res.body.partnerships.find((p: { name: string }) => p.name === 'Camden Safeguarding Children Partnership');
    expect(camden).toEqual({ name: 'Camden Safeguarding Children Partnership', region: 'London', nation: 'England', places: ['Camden'] });
    expect(res.body.partnerships.filter((p: { nation: string }) => p.nation === 'Wales').length).toBeGreaterThanOrEqual(28);
  });
});
