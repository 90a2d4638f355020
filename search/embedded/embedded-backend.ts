import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  type CoOccurrence,
  type FacetBucket,
  type ReviewRecord,
  type SearchBackend,
  type SearchFilters,
  type SearchRequest,
  type SearchResponse,
  type StatsDimension,
  type ThemeCount,
  type ThemePassage,
  publishedAt,
} from '../../model';
import { indexValues, searchVocabulary, type SearchVocabulary } from '../fields';
import { SpaceReserve } from '../../lib/space-reserve';
import { WORD_SCHEMA, WORD_TABLES, WordList } from './words';
import { isDiskFull } from '../../lib/disk-full';
import { IndexReader } from './reader';
import { defaultReaders, ReadPool } from './read-pool';
import type { ReadArgs, ReadMethod, ReadResult } from './read-protocol';

const SCHEMA_VERSION = '7';
/** Enough write-ahead log for deleting the largest review. */
const RESERVE_BYTES = 8 * 1024 * 1024;
/** Reviews written per transaction by a rebuild: one commit per batch, and readers see it grow batch by batch. */
const REBUILD_BATCH = 200;

/** What the review-level full-text row holds besides the title. */
const bodyOf = (review: ReviewRecord) => review.passages.map((p) => p.text).join('\n\n');

/** The write statements, prepared once per schema. */
function writeStatements(db: Database.Database) {
  return {
    rowidOf: db.prepare('SELECT rowid FROM reviews WHERE id = ?').pluck(),
    deleteReviewFts: db.prepare('DELETE FROM reviews_fts WHERE rowid = ?'),
    deletePassagesFts: db.prepare('DELETE FROM passages_fts WHERE rowid IN (SELECT rowid FROM passages WHERE review_id = ?)'),
    deleteRows: ['passage_themes', 'passages', 'review_values', 'reviews'].map((table) => db.prepare(`DELETE FROM ${table} WHERE ${table === 'reviews' ? 'id' : 'review_id'} = ?`)),
    insertReview: db.prepare(
      'INSERT INTO reviews (id, title, year, area, region, review_type, age_band, themes, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    insertReviewFts: db.prepare('INSERT INTO reviews_fts (rowid, title, body) VALUES (?, ?, ?)'),
    insertValue: db.prepare('INSERT INTO review_values (review_id, field, value) VALUES (?, ?, ?)'),
    insertPassage: db.prepare('INSERT INTO passages (review_id, passage_id, text, page, section) VALUES (?, ?, ?, ?, ?)'),
    insertPassageFts: db.prepare('INSERT INTO passages_fts (rowid, text) VALUES (?, ?)'),
    insertTheme: db.prepare('INSERT INTO passage_themes (passage_rowid, review_id, theme, score) VALUES (?, ?, ?, ?)'),
    indexedText: db.prepare('SELECT title, body FROM reviews_fts WHERE rowid = ?'),
    indexedPassages: db.prepare('SELECT rowid, text FROM passages WHERE review_id = ? ORDER BY rowid').raw(),
    updateReview: db.prepare(
      'UPDATE reviews SET year = ?, area = ?, region = ?, review_type = ?, age_band = ?, themes = ?, published_at = ? WHERE rowid = ?',
    ),
    updatePassage: db.prepare('UPDATE passages SET passage_id = ?, page = ?, section = ? WHERE rowid = ?'),
    deleteValues: db.prepare('DELETE FROM review_values WHERE review_id = ?'),
    deleteThemes: db.prepare('DELETE FROM passage_themes WHERE review_id = ?'),
  };
}

/**
 * The default backend: SQLite with FTS5 (porter stemming) in a file in the data dir. Writes go
 * through one connection on the calling thread; searches are served by a pool of reader threads
 * (an in-memory index, which no other connection can see, is read on the calling thread).
 */
export class EmbeddedBackend implements SearchBackend {
  readonly name = 'embedded' as const;
  private db!: Database.Database;
  private readonly reserve: SpaceReserve | undefined;
  private readonly words = new WordList(() => this.db);
  private statements: ReturnType<typeof writeStatements> | undefined;
  private pool: ReadPool | undefined;
  private reader: IndexReader | undefined;
  /** Bumped by every write, for a reader on this connection (which sees no data_version change of its own). */
  private generation = 0;

  constructor(
    private readonly file: string,
    private readonly vocab: SearchVocabulary = searchVocabulary(),
    private readonly readers = defaultReaders(),
  ) {
    if (file !== ':memory:') this.reserve = new SpaceReserve(path.join(path.dirname(file), 'space-reserve'), RESERVE_BYTES);
  }

  async init(): Promise<void> {
    if (this.file !== ':memory:') fs.mkdirSync(path.dirname(this.file), { recursive: true });
    this.reserve?.fill();
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    const hasMeta = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
    if (hasMeta && this.schemaVersion() !== SCHEMA_VERSION) this.dropAll();
    this.createSchema();
    if (this.file !== ':memory:' && this.readers > 0) this.pool = new ReadPool(this.file, this.vocab, this.readers);
    else this.reader = new IndexReader(this.db, this.vocab, () => this.generation);
  }

  private schemaVersion(): string | undefined {
    return this.db.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get() as string | undefined;
  }

  private dropAll(): void {
    this.statements = undefined;
    for (const t of ['reviews_fts', 'passages_fts', 'passage_themes', 'passages', 'review_values', 'reviews', ...WORD_TABLES, 'meta']) {
      this.db.exec(`DROP TABLE IF EXISTS ${t}`);
    }
  }

  private createSchema(): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS reviews (
        rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, title TEXT NOT NULL, year INTEGER,
        area TEXT, region TEXT, review_type TEXT NOT NULL, age_band TEXT NOT NULL, themes TEXT NOT NULL,
        published_at TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS reviews_published ON reviews (published_at);
      CREATE TABLE IF NOT EXISTS review_values (review_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS review_values_fv ON review_values (field, value);
      CREATE INDEX IF NOT EXISTS review_values_r ON review_values (review_id, field, value);
      CREATE TABLE IF NOT EXISTS passages (
        rowid INTEGER PRIMARY KEY, review_id TEXT NOT NULL, passage_id TEXT NOT NULL, text TEXT NOT NULL,
        page INTEGER NOT NULL, section TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS passages_r ON passages (review_id);
      CREATE TABLE IF NOT EXISTS passage_themes (
        passage_rowid INTEGER NOT NULL, review_id TEXT NOT NULL, theme TEXT NOT NULL, score REAL NOT NULL);
      CREATE INDEX IF NOT EXISTS passage_themes_t ON passage_themes (theme, score);
      CREATE INDEX IF NOT EXISTS passage_themes_r ON passage_themes (review_id);
      CREATE VIRTUAL TABLE IF NOT EXISTS reviews_fts USING fts5(title, body, tokenize = 'porter unicode61');
      CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(text, tokenize = 'porter unicode61');
      ${WORD_SCHEMA}
    `);
    // Written only when it changes: opening an index must not need disk space (a full disk is served read-only).
    if (this.schemaVersion() !== SCHEMA_VERSION) this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)").run(SCHEMA_VERSION);
  }

  private get write() {
    return (this.statements ??= writeStatements(this.db));
  }

  async index(review: ReviewRecord): Promise<void> {
    this.db.transaction(() => this.insert(review))();
    this.generation++;
  }

  private insert(review: ReviewRecord): void {
    const w = this.write;
    const m = review.metadata;
    const themes = JSON.stringify(review.themes.map((t) => t.id));
    const body = bodyOf(review);
    const indexed = this.unchangedText(review, body);
    let passageRows: (number | bigint)[];
    if (indexed) {
      // The words are as indexed: the full-text rows stay, and only what filters and tags read is written.
      w.updateReview.run(m.year, m.area, m.region, m.reviewType, m.ageBand, themes, publishedAt(review), indexed.rowid);
      w.deleteValues.run(review.id);
      w.deleteThemes.run(review.id);
      review.passages.forEach((p, i) => w.updatePassage.run(p.id, p.page, p.section, indexed.passages[i]));
      passageRows = indexed.passages;
    } else {
      this.deleteRows(review.id);
      const { lastInsertRowid } = w.insertReview.run(review.id, m.title, m.year, m.area, m.region, m.reviewType, m.ageBand, themes, publishedAt(review));
      w.insertReviewFts.run(lastInsertRowid, m.title, body);
      passageRows = review.passages.map((p) => {
        const row = w.insertPassage.run(review.id, p.id, p.text, p.page, p.section).lastInsertRowid;
        w.insertPassageFts.run(row, p.text);
        return row;
      });
    }
    for (const [field, values] of indexValues(review, this.vocab)) {
      for (const value of values) w.insertValue.run(review.id, field, value);
    }
    const reviewThemes = new Set(review.themes.map((t) => t.id));
    review.passages.forEach((p, i) => {
      for (const t of p.themes) if (reviewThemes.has(t.id)) w.insertTheme.run(passageRows[i], review.id, t.id, t.score);
    });
    this.words.add(review);
  }

  /**
   * The rows of a review indexed before with the same title and passage texts (a re-tag, or a
   * re-index of an unchanged review), or undefined. Deleting from FTS5 re-reads and re-tokenises
   * the stored text, so text that has not changed is left where it is.
   */
  private unchangedText(review: ReviewRecord, body: string): { rowid: number; passages: number[] } | undefined {
    const w = this.write;
    const rowid = w.rowidOf.get(review.id) as number | undefined;
    if (rowid === undefined) return undefined;
    const text = w.indexedText.get(rowid) as { title: string; body: string } | undefined;
    if (!text || text.title !== review.metadata.title || text.body !== body) return undefined;
    const rows = w.indexedPassages.all(review.id) as [number, string][];
    if (rows.length !== review.passages.length || rows.some(([, t], i) => t !== review.passages[i].text)) return undefined;
    return { rowid, passages: rows.map(([row]) => row) };
  }

  private deleteRows(id: string): void {
    const w = this.write;
    const rowid = w.rowidOf.get(id) as number | undefined;
    if (rowid === undefined) return;
    w.deleteReviewFts.run(rowid);
    w.deletePassagesFts.run(id);
    for (const statement of w.deleteRows) statement.run(id);
  }

  /** A withdrawal goes through on a full disk too: the space reserve is given up for it. */
  async remove(id: string): Promise<void> {
    const remove = this.db.transaction(() => {
      this.deleteRows(id);
      this.words.remove(id);
    });
    try {
      remove();
    } catch (err) {
      if (!this.reserve || !isDiskFull(err)) throw err;
      this.reserve.release();
      remove();
      this.reserve.fill();
    } finally {
      this.generation++;
    }
  }

  async clear(): Promise<void> {
    this.db.transaction(() => {
      this.dropAll();
      this.createSchema();
      this.words.cleared();
    })();
    this.generation++;
  }

  async rebuild(reviews: Iterable<ReviewRecord> | AsyncIterable<ReviewRecord>): Promise<number> {
    await this.clear();
    const writeBatch = this.db.transaction((batch: ReviewRecord[]) => {
      for (const review of batch) this.insert(review);
    });
    let n = 0;
    let batch: ReviewRecord[] = [];
    const flush = () => {
      writeBatch(batch);
      n += batch.length;
      batch = [];
      this.generation++;
    };
    for await (const review of reviews) {
      batch.push(review);
      if (batch.length >= REBUILD_BATCH) flush();
    }
    flush();
    return n;
  }

  async count(): Promise<number> {
    return this.db.prepare('SELECT COUNT(*) FROM reviews').pluck().get() as number;
  }

  private read<M extends ReadMethod>(method: M, ...args: ReadArgs<M>): Promise<ReadResult<M>> {
    if (this.pool) return this.pool.run(method, ...args);
    return Promise.resolve((this.reader![method] as (...a: ReadArgs<M>) => ReadResult<M>)(...args));
  }

  async search(req: SearchRequest): Promise<SearchResponse> {
    return this.read('search', req);
  }

  async themeCounts(by: StatsDimension, filters: SearchFilters): Promise<ThemeCount[]> {
    return this.read('themeCounts', by, filters);
  }

  async themeTotals(filters: SearchFilters): Promise<FacetBucket[]> {
    return this.read('themeTotals', filters);
  }

  async coOccurrence(filters: SearchFilters, themes?: string[]): Promise<CoOccurrence[]> {
    return this.read('coOccurrence', filters, themes);
  }

  async themePassages(theme: string, filters: SearchFilters, limit: number): Promise<ThemePassage[]> {
    return this.read('themePassages', theme, filters, limit);
  }

  async suggestWords(words: string[]): Promise<(string | null)[]> {
    return this.words.suggest(words);
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.db?.close();
  }
}
