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
