import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { EmbeddedBackend } from './embedded-backend';
import { WORD_SCHEMA, WordList } from './words';
import { taxonomyVocabulary } from '../fields';
import { sampleRecords } from '../testing/sample-records';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scr-words-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const open = async (file: string) => {
  const backend = new EmbeddedBackend(path.join(dir, file), taxonomyVocabulary());
  await backend.init();
  return backend;
};

describe('the embedded word list', () => {
  it('is kept with the index: a reopened index still knows its words', async () => {
    const first = await open('kept.sqlite');
    await first.rebuild(sampleRecords());
    await first.close();
    const again = await open('kept.sqlite');
    try {
      expect(await again.suggestWords(['disgised', 'neglect'])).toEqual(['disguised', null]);
    } finally {
      await again.close();
    }
  });

  it('counts a word once per review, so a word stays while any review uses it', async () => {
    const backend = await open('counts.sqlite');
    try {
      const [a, b] = sampleRecords();
      await backend.index(a);
      await backend.index(b);
      // "home" is in both reviews (twice in neither): removing one leaves it known.
      await backend.remove(a.id);
      expect(await backend.suggestWords(['home', 'hom'])).toEqual([null, 'home']);
      await backend.remove(b.id);
      expect(await backend.suggestWords(['hom'])).toEqual([null]);
    } finally {
      await backend.close();
    }
  });

  it('takes back the words a re-indexed review no longer has, and counts those it gained', async () => {
    const backend = await open('reindexed.sqlite');
    try {
      const [a] = sampleRecords();
      await backend.index(a);
      expect(await backend.suggestWords(['hiddn', 'bruisng'])).toEqual(['hidden', 'bruising']);
      const changed = { ...a, passages: [...a.passages.slice(0, 2), { ...a.passages[2], text: 'The partner was interviewed by the police.' }] };
      await backend.index(changed);
      expect(await backend.suggestWords(['hiddn', 'bruisng', 'intervewed'])).toEqual([null, 'bruising', 'interviewed']);
      await backend.index(a);
      expect(await backend.suggestWords(['hiddn', 'intervewed'])).toEqual(['hidden', null]);
    } finally {
      await backend.close();
    }
  });

  it('sees a change made through another connection to the same index', async () => {
    const reader = await open('shared.sqlite');
    const writer = await open('shared.sqlite');
    try {
      expect(await reader.suggestWords(['disgised'])).toEqual([null]);
      await writer.rebuild(sampleRecords());
      expect(await reader.suggestWords(['disgised'])).toEqual(['disguised']);
    } finally {
      await reader.close();
      await writer.close();
    }
  });

  it('reads its words again when a transaction that changed them rolls back', () => {
    const db = new Database(':memory:');
    db.exec(WORD_SCHEMA);
    const words = new WordList(() => db);
    const c = sampleRecords()[2];
    expect(words.suggest(['disgised'])).toEqual([null]);
    expect(() =>
      db.transaction(() => {
        words.add(c);
        throw new Error('the disk is full');
      })(),
    ).toThrow('the disk is full');
    expect(words.suggest(['disgised', 'disguised'])).toEqual([null, null]);
    db.transaction(() => words.add(c))();
    expect(words.suggest(['disgised', 'disguised'])).toEqual(['disguised', null]);
    db.transaction(() => words.remove(c.id))();
    expect(words.suggest(['disgised'])).toEqual([null]);
    db.close();
  });
});
