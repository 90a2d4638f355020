import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { EmbeddedBackend } from './embedded-backend';
import { backendContract } from '../testing/contract';
import { sampleRecords } from '../testing/sample-records';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scr-embedded-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
backendContract('embedded', async (vocab) => {
  const backend = new EmbeddedBackend(path.join(dir, `search-${++n}.sqlite`), vocab);
  await backend.init();
  return backend;
});

it('replaces an index built by an earlier schema with an empty one of the current schema', async () => {
  const file = path.join(dir, 'old.sqlite');
  const old = new Database(file);
  old.exec(`
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta VALUES ('schema', '2');
    CREATE TABLE reviews (
      rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, title TEXT NOT NULL, year INTEGER,
      area TEXT, region TEXT, review_type TEXT NOT NULL, age_band TEXT NOT NULL, themes TEXT NOT NULL);
    INSERT INTO reviews (id, title, year, review_type, age_band, themes) VALUES ('old000000001', 'Old', 2010, 'scr', 'unknown', '[]');
  `);
  old.close();
  const backend = new EmbeddedBackend(file);
  await backend.init();
  try {
    expect(await backend.count()).toBe(0);
    const records = sampleRecords();
    expect(await backend.rebuild(records)).toBe(records.length);
    expect((await backend.search({ sort: 'added', size: 1 })).results.map((h) => h.id)).toEqual(['ddd000000004']);
  } finally {
    await backend.close();
  }
});

describe('re-indexing a review', () => {
  let backend: EmbeddedBackend;
  const file = path.join(dir, 'reindex.sqlite');
  const records = sampleRecords();
  const rowids = () => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare("SELECT r.rowid AS review, (SELECT group_concat(rowid) FROM passages WHERE review_id = r.id) AS passages FROM reviews r WHERE r.id = 'aaa000000001'").get();
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    backend = new EmbeddedBackend(file);
    await backend.init();
    await backend.rebuild(records);
  });
  afterAll(async () => backend.close());

  it('with its text unchanged keeps its full-text rows and takes its new tags, metadata and sections', async () => {
    const before = rowids();
    const [first] = records;
    const retagged = {
      ...first,
      metadata: { ...first.metadata, region: 'Wales', year: 2001 },
      themes: [{ id: 'neglect', score: 0.9, passages: [first.passages[1].id], evidence: [] }],
      passages: first.passages.map((p, i) => ({ ...p, section: 'analysis' as const, themes: i === 1 ? [{ id: 'neglect', score: 0.9, evidence: [p.text] }] : [] })),
    };
    await backend.index(retagged);
    expect(rowids()).toEqual(before);
    const hit = (await backend.search({ q: 'bruising', region: ['Wales'], year_to: 2001 })).results;
    expect(hit.map((h) => [h.id, h.region, h.year, h.themes])).toEqual([[first.id, 'Wales', 2001, ['neglect']]]);
    expect(hit[0].highlights.join(' ')).toMatch(/<mark>bruising<\/mark>/i);
    expect((await backend.themePassages('neglect', { region: ['Wales'], year_to: 2001 }, 5)).map((p) => [p.review_id, p.passage_id, p.section])).toEqual([
      [first.id, first.passages[1].id, 'analysis'],
    ]);
    expect((await backend.search({ region: ['North West'] })).results.map((h) => h.id)).not.toContain(first.id);
  });

  it('with its text changed writes its words again', async () => {
    const [first] = records;
    const edited = { ...first, passages: first.passages.map((p, i) => (i === 1 ? { ...p, text: 'Professionals did not share what they knew of the kinship carers.' } : p)) };
    await backend.index(edited);
    expect((await backend.search({ q: 'kinship' })).results.map((h) => h.id)).toEqual([first.id]);
    expect((await backend.search({ q: 'bruising' })).results.map((h) => h.id)).not.toContain(first.id);
    await backend.index(first);
    expect((await backend.search({ q: 'kinship' })).total).toBe(0);
    expect((await backend.search({ q: 'bruising' })).results.map((h) => h.id)).toContain(first.id);
  });
});
