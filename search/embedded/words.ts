/**
 * The embedded engine's word list for spelling suggestions. The full-text index holds porter
 * stems, which are not words to show anyone, so the surface words are kept beside it: each word
 * with the number of reviews using it, and each review's words, so a removal takes its own
 * counts back. Lookups run over a copy in memory, read again after any change.
 */
import type Database from 'better-sqlite3';
import type { ReviewRecord } from '../../model';
import { allowedEdits, closestWord, isSuggestible, maxEdits, spellingWords, type WordCount } from '../spelling';

export const WORD_TABLES = ['words', 'review_words'];

export const WORD_SCHEMA = `
  CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY, reviews INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS review_words (review_id TEXT PRIMARY KEY, words TEXT NOT NULL);
`;

/** The words of one length, with a letter-set signature each for ruling most of them out cheaply. */
interface LengthBand {
  words: WordCount[];
  signatures: Uint32Array;
}

/** Which letters a word has, one bit per letter (other characters share bits by code). */
function signature(word: string): number {
  let bits = 0;
  for (let i = 0; i < word.length; i++) bits |= 1 << (word.charCodeAt(i) % 32);
  return bits >>> 0;
}

function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export class WordList {
  private cache?: { key: string; known: Set<string>; bands: Map<number, LengthBand> };
  /** Changes made through this connection; `PRAGMA data_version` moves on those of any other. */
  private changes = 0;

  constructor(private readonly db: () => Database.Database) {}

  /** A review's words, counted once per review. Runs inside the caller's transaction. */
  add(review: ReviewRecord): void {
    const words = spellingWords([review.metadata.title, ...review.passages.map((p) => p.text)].join('\n'));
    const list = JSON.stringify([...words]);
    this.db()
      .prepare(
        `INSERT INTO words (word, reviews) SELECT value, 1 FROM json_each(?) WHERE true
         ON CONFLICT (word) DO UPDATE SET reviews = reviews + 1`,
      )
      .run(list);
    this.db().prepare('INSERT OR REPLACE INTO review_words (review_id, words) VALUES (?, ?)').run(review.id, list);
    this.changes++;
  }

  /** Takes back a review's counts; words no review uses any more go. */
  remove(reviewId: string): void {
    const list = this.db().prepare('SELECT words FROM review_words WHERE review_id = ?').pluck().get(reviewId) as string | undefined;
    if (list === undefined) return;
    this.db().prepare('UPDATE words SET reviews = reviews - 1 WHERE word IN (SELECT value FROM json_each(?))').run(list);
    this.db().prepare('DELETE FROM words WHERE reviews <= 0 AND word IN (SELECT value FROM json_each(?))').run(list);
    this.db().prepare('DELETE FROM review_words WHERE review_id = ?').run(reviewId);
    this.changes++;
  }

  /** The tables were dropped and made again. */
  cleared(): void {
    this.changes++;
  }

  /** For each word, null when indexed (or not one spelling is offered for), else the closest indexed word or null. */
  suggest(words: string[]): (string | null)[] {
    const { known, bands } = this.current();
    return words.map((raw) => {
      const word = raw.toLowerCase();
      if (!isSuggestible(word) || known.has(word)) return null;
      return closestWord(word, this.candidates(word, bands));
    });
  }

  /** Words of a length within reach whose letters could be within reach: a superset of the answers, cheaply. */
  private *candidates(word: string, bands: Map<number, LengthBand>): Iterable<WordCount> {
    const max = maxEdits(word);
    const sig = signature(word);
    for (let length = word.length - max; length <= word.length + max; length++) {
      const band = bands.get(length);
      if (!band) continue;
      for (let i = 0; i < band.words.length; i++) {
        const candidate = band.words[i];
        const edits = allowedEdits(word, candidate.word);
        // One edit changes at most two letters of the set (one gone, one new).
        if (Math.abs(length - word.length) <= edits && bitCount(sig ^ band.signatures[i]) <= 2 * edits) yield candidate;
      }
    }
  }

  private current() {
    const key = `${this.db().pragma('data_version', { simple: true })}:${this.changes}`;
    if (this.cache?.key === key) return this.cache;
    const rows = this.db().prepare('SELECT word, reviews AS count FROM words').all() as WordCount[];
    const grouped = new Map<number, WordCount[]>();
    for (const row of rows) {
      const list = grouped.get(row.word.length) ?? [];
      list.push(row);
      grouped.set(row.word.length, list);
    }
    const bands = new Map<number, LengthBand>();
    for (const [length, list] of grouped) bands.set(length, { words: list, signatures: Uint32Array.from(list, (w) => signature(w.word)) });
    this.cache = { key, known: new Set(rows.map((r) => r.word)), bands };
    return this.cache;
  }
}
