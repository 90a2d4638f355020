/**
 * The embedded engine's word list for spelling suggestions. The full-text index holds porter
 * stems, which are not words to show anyone, so the surface words are kept beside it: each word
 * with the number of reviews using it, and each review's words, so a removal takes its own
 * counts back. Lookups run over a copy in memory, kept up to date by this connection's own
 * changes and read again whole only when another connection wrote or a transaction rolled back.
 */
import type Database from 'better-sqlite3';
import type { ReviewRecord } from '../../model';
import { closestWord, isSuggestible, maxEdits, spellingWords, type WordCount } from '../spelling';

export const WORD_TABLES = ['words', 'review_words', 'words_version'];

export const WORD_SCHEMA = `
  CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY, reviews INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS review_words (review_id TEXT PRIMARY KEY, words TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS words_version (id INTEGER PRIMARY KEY CHECK (id = 1), changes INTEGER NOT NULL);
`;

interface Entry extends WordCount {
  /** Which letters the word has, one bit per letter (other characters share bits by code). */
  signature: number;
}

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

/** The words in memory: by word, and by first letter and length for scanning. */
class WordIndex {
  readonly entries = new Map<string, Entry>();
  readonly byStart = new Map<string, Map<number, Entry[]>>();

  constructor(
    readonly dataVersion: number,
    /** The change count this copy stands at (words_version). */
    public changes: number,
  ) {}

  count(word: string, delta: number): void {
    let entry = this.entries.get(word);
    if (!entry) {
      entry = { word, count: 0, signature: signature(word) };
      this.entries.set(word, entry);
      let lengths = this.byStart.get(word[0]);
      if (!lengths) this.byStart.set(word[0], (lengths = new Map()));
      const band = lengths.get(word.length);
      if (band) band.push(entry);
      else lengths.set(word.length, [entry]);
    }
    entry.count += delta;
  }

  known(word: string): boolean {
    return (this.entries.get(word)?.count ?? 0) > 0;
  }

  /**
   * A superset of the words within reach, cheaply. Two edits need the first letter right (see
   * allowedEdits), so words of another first letter are one edit at the front: looked up, not scanned.
   */
  *candidates(word: string): Iterable<WordCount> {
    const max = maxEdits(word);
    const sig = signature(word);
    const lengths = this.byStart.get(word[0]);
    for (let length = word.length - max; lengths && length <= word.length + max; length++) {
      // One edit changes at most two letters of the set (one gone, one new).
      for (const e of lengths.get(length) ?? []) if (e.count > 0 && bitCount(sig ^ e.signature) <= 2 * max) yield e;
    }
    if (max < 1) return;
    const rest = word.slice(1);
    const fronts = [rest, word[1] + word[0] + word.slice(2)];
    for (const first of this.byStart.keys()) if (first !== word[0]) fronts.push(first + rest, first + word);
    for (const w of fronts) {
      const e = this.entries.get(w);
      if (e && e.count > 0 && e.word[0] !== word[0]) yield e;
    }
  }
}

export class WordList {
  private index?: WordIndex;

  constructor(private readonly db: () => Database.Database) {}

  /**
   * A review's words, counted once per review; for a review indexed before, only the words that
   * came or went change counts (a re-tag changes none). Runs inside the caller's transaction.
   */
  add(review: ReviewRecord): void {
    const words = spellingWords([review.metadata.title, ...review.passages.map((p) => p.text)].join('\n'));
    const before = this.wordsOf(review.id);
    const came = [...words].filter((w) => !before.has(w));
    const went = [...before].filter((w) => !words.has(w));
    if (before.size && !came.length && !went.length) return;
    this.db()
      .prepare(
        `INSERT INTO words (word, reviews) SELECT value, 1 FROM json_each(?) WHERE true
         ON CONFLICT (word) DO UPDATE SET reviews = reviews + 1`,
      )
      .run(JSON.stringify(came));
    this.takeBack(went);
    this.db().prepare('INSERT OR REPLACE INTO review_words (review_id, words) VALUES (?, ?)').run(review.id, JSON.stringify([...words]));
    this.changed(came, went);
  }

  /** Takes back a review's counts; words no review uses any more go. Runs inside the caller's transaction. */
  remove(reviewId: string): void {
    const went = [...this.wordsOf(reviewId)];
    if (!went.length) return;
    this.takeBack(went);
    this.db().prepare('DELETE FROM review_words WHERE review_id = ?').run(reviewId);
    this.changed([], went);
  }

  private wordsOf(reviewId: string): Set<string> {
    const list = this.db().prepare('SELECT words FROM review_words WHERE review_id = ?').pluck().get(reviewId) as string | undefined;
    return new Set(list === undefined ? [] : (JSON.parse(list) as string[]));
  }

  private takeBack(words: string[]): void {
    if (!words.length) return;
    const list = JSON.stringify(words);
    this.db().prepare('UPDATE words SET reviews = reviews - 1 WHERE word IN (SELECT value FROM json_each(?))').run(list);
    this.db().prepare('DELETE FROM words WHERE reviews <= 0 AND word IN (SELECT value FROM json_each(?))').run(list);
  }

  /** The tables were dropped and made again. */
  cleared(): void {
    this.index = undefined;
  }

  /** For each word, null when indexed (or not one spelling is offered for), else the closest indexed word or null. */
  suggest(words: string[]): (string | null)[] {
    const index = this.current();
    return words.map((raw) => {
      const word = raw.toLowerCase();
      if (!isSuggestible(word) || index.known(word)) return null;
      return closestWord(word, index.candidates(word));
    });
  }

  /**
   * Counts the change in the database and in the copy at once. Should the transaction roll back,
   * the database's count falls behind the copy's, and the copy is read again.
   */
  private changed(came: string[], went: string[]): void {
    this.db()
      .prepare('INSERT INTO words_version (id, changes) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET changes = changes + 1')
      .run();
    if (!this.index) return;
    for (const w of came) this.index.count(w, 1);
    for (const w of went) this.index.count(w, -1);
    this.index.changes++;
  }

  private current(): WordIndex {
    const dataVersion = this.db().pragma('data_version', { simple: true }) as number;
    const changes = (this.db().prepare('SELECT changes FROM words_version').pluck().get() as number | undefined) ?? 0;
    if (this.index && this.index.dataVersion === dataVersion && this.index.changes === changes) return this.index;
    const index = new WordIndex(dataVersion, changes);
    for (const [word, count] of this.db().prepare('SELECT word, reviews FROM words').raw().iterate() as Iterable<[string, number]>) {
      index.count(word, count);
    }
    this.index = index;
    return index;
  }
}
