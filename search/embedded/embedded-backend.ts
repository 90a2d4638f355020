import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  type CoOccurrence,
  type FacetBucket,
  type Facets,
  type ReviewRecord,
  type SearchBackend,
  type SearchFilters,
  type SearchHit,
  type SearchRequest,
  type SearchResponse,
  type StatsDimension,
  type ThemeCount,
  type ThemePassage,
  publishedAt,
} from '../../model';
import { isEmptyQuery, matchAlternatives, type ParsedQuery } from '../query';
import { excerptHtml, markedToHtml } from '../highlight';
import { conditions, indexValues, keyFor, parsedQuery, searchVocabulary, SECTION_PRIORITY, type SearchVocabulary } from '../fields';
import { SpaceReserve } from '../../lib/space-reserve';
import { WORD_SCHEMA, WORD_TABLES, WordList } from './words';
import { isDiskFull } from '../../lib/disk-full';

const SCHEMA_VERSION = '5';
/** Enough write-ahead log for deleting the largest review. */
const RESERVE_BYTES = 8 * 1024 * 1024;
const OPEN = '\u0001';
const CLOSE = '\u0002';

interface Where {
  sql: string;
  params: unknown[];
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Every clause, each by any of its alternatives; a quoted string is an FTS5 phrase, never syntax. */
function ftsExpression(parsed: ParsedQuery): string {
  return parsed.clauses.map((c) => (c.any.length === 1 ? quote(c.any[0]) : `(${c.any.map(quote).join(' OR ')})`)).join(' AND ');
}

const SECTION_ORDER_SQL =
  'CASE p.section ' +
  Object.entries(SECTION_PRIORITY)
    .map(([kind, rank]) => `WHEN '${kind}' THEN ${rank}`)
    .join(' ') +
  ' ELSE 0 END';

/** The default backend: SQLite with FTS5 (porter stemming) in a file in the data dir. */
export class EmbeddedBackend implements SearchBackend {
  readonly name = 'embedded' as const;
  private db!: Database.Database;
  private readonly reserve: SpaceReserve | undefined;
  private readonly words = new WordList(() => this.db);

  constructor(
    private readonly file: string,
    private readonly vocab: SearchVocabulary = searchVocabulary(),
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
  }

  private schemaVersion(): string | undefined {
    return this.db.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get() as string | undefined;
  }

  private dropAll(): void {
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

  async index(review: ReviewRecord): Promise<void> {
    this.db.transaction(() => {
      this.deleteRows(review.id);
      const m = review.metadata;
      const { lastInsertRowid } = this.db
        .prepare(
          'INSERT INTO reviews (id, title, year, area, region, review_type, age_band, themes, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          review.id,
          m.title,
          m.year,
          m.area,
          m.region,
          m.reviewType,
          m.ageBand,
          JSON.stringify(review.themes.map((t) => t.id)),
          publishedAt(review),
        );
      this.db
        .prepare('INSERT INTO reviews_fts (rowid, title, body) VALUES (?, ?, ?)')
        .run(lastInsertRowid, m.title, review.passages.map((p) => p.text).join('\n\n'));
      const insertValue = this.db.prepare('INSERT INTO review_values (review_id, field, value) VALUES (?, ?, ?)');
      for (const [field, values] of indexValues(review, this.vocab)) {
        for (const value of values) insertValue.run(review.id, field, value);
      }
      const insertPassage = this.db.prepare(
        'INSERT INTO passages (review_id, passage_id, text, page, section) VALUES (?, ?, ?, ?, ?)',
      );
      const insertPassageFts = this.db.prepare('INSERT INTO passages_fts (rowid, text) VALUES (?, ?)');
      const insertTheme = this.db.prepare(
        'INSERT INTO passage_themes (passage_rowid, review_id, theme, score) VALUES (?, ?, ?, ?)',
      );
      const reviewThemes = new Set(review.themes.map((t) => t.id));
      for (const p of review.passages) {
        const row = insertPassage.run(review.id, p.id, p.text, p.page, p.section).lastInsertRowid;
        insertPassageFts.run(row, p.text);
        for (const t of p.themes) if (reviewThemes.has(t.id)) insertTheme.run(row, review.id, t.id, t.score);
      }
      this.words.add(review);
    })();
  }

  private deleteRows(id: string): void {
    const rowid = this.db.prepare('SELECT rowid FROM reviews WHERE id = ?').pluck().get(id) as number | undefined;
    if (rowid === undefined) return;
    this.db.prepare('DELETE FROM reviews_fts WHERE rowid = ?').run(rowid);
    this.db.prepare('DELETE FROM passages_fts WHERE rowid IN (SELECT rowid FROM passages WHERE review_id = ?)').run(id);
    for (const table of ['passage_themes', 'passages', 'review_values']) {
      this.db.prepare(`DELETE FROM ${table} WHERE review_id = ?`).run(id);
    }
    this.db.prepare('DELETE FROM reviews WHERE id = ?').run(id);
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
    }
  }

  async clear(): Promise<void> {
    this.db.transaction(() => {
      this.dropAll();
      this.createSchema();
      this.words.cleared();
    })();
  }

  async rebuild(reviews: Iterable<ReviewRecord> | AsyncIterable<ReviewRecord>): Promise<number> {
    await this.clear();
    let n = 0;
    for await (const review of reviews) {
      await this.index(review);
      n++;
    }
    return n;
  }

  async count(): Promise<number> {
    return this.db.prepare('SELECT COUNT(*) FROM reviews').pluck().get() as number;
  }

  /**
   * A WHERE clause over `reviews r` selecting the reviews that match the query and filters. The
   * unary `+` keeps SQLite from driving index lookups off each IN list (one probe per list entry
   * per row), so every subquery is evaluated once and tested by membership.
   */
  private where(filters: SearchFilters, parsed = parsedQuery(filters, this.vocab), facet?: string): Where {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (!isEmptyQuery(parsed)) {
      clauses.push('+r.rowid IN (SELECT rowid FROM reviews_fts WHERE reviews_fts MATCH ?)');
      params.push(ftsExpression(parsed));
    }
    const { lists, ranges } = conditions(filters, this.vocab, facet);
    for (const range of ranges) {
      const bounds = [
        ...(range.from === undefined ? [] : [['>=', range.from] as const]),
        ...(range.to === undefined ? [] : [['<=', range.to] as const]),
      ];
      clauses.push(
        `+r.id IN (SELECT review_id FROM review_values WHERE field = ? AND ${bounds.map(([op]) => `CAST(value AS INTEGER) ${op} ?`).join(' AND ')})`,
      );
      params.push(range.key, ...bounds.map(([, v]) => v));
    }
    for (const list of lists) {
      const groups = list.combine === 'all' ? list.values.map((v) => [v]) : [list.values];
      for (const values of groups) {
        clauses.push(
          `+r.id IN (SELECT review_id FROM review_values WHERE field = ? AND value IN (${values.map(() => '?').join(',')}))`,
        );
        params.push(list.key, ...values);
      }
    }
    return { sql: clauses.length ? clauses.join(' AND ') : '1', params };
  }

  async search(req: SearchRequest): Promise<SearchResponse> {
    const parsed = parsedQuery(req, this.vocab);
    const where = this.where(req, parsed);
    const size = req.size ?? 20;
    const offset = ((req.page ?? 1) - 1) * size;
    const total = this.db.prepare(`SELECT COUNT(*) FROM reviews r WHERE ${where.sql}`).pluck().get(...where.params) as number;

    const text = !isEmptyQuery(parsed);
    // ISO times in UTC sort as text in time order.
    const order =
      req.sort === 'added'
        ? 'r.published_at DESC, r.title, r.id'
        : req.sort === 'date' || !text
          ? 'r.year IS NULL, r.year DESC, r.title, r.id'
          : 'bm25(reviews_fts, 5.0, 1.0), r.year DESC, r.id';
    const rows = (
      text
        ? this.db.prepare(
            `SELECT r.* FROM reviews r JOIN reviews_fts ON reviews_fts.rowid = r.rowid
             WHERE reviews_fts MATCH ? AND ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
          )
        : this.db.prepare(`SELECT r.* FROM reviews r WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
    ).all(...(text ? [ftsExpression(parsed)] : []), ...where.params, size, offset) as ReviewRow[];

    const highlights = text ? this.highlightsFor(rows.map((r) => r.id), parsed) : undefined;
    const results: SearchHit[] = rows.map((row) => ({
      id: row.id,
      title: row.title,
      year: row.year,
      area: row.area,
      region: row.region,
      review_type: row.review_type as SearchHit['review_type'],
      age_band: row.age_band as SearchHit['age_band'],
      themes: JSON.parse(row.themes) as string[],
      highlights: highlights ? (highlights.get(row.id) ?? []) : this.themeHighlights(row.id, req.theme ?? []),
    }));
    return { total, results, facets: req.facets === false ? emptyFacets(this.vocab) : this.facets(req) };
  }

  /**
   * Snippets of up to three matching passages per review, findings first, for a page of hits at
   * once. Both steps keep FTS5 from seeking row by row (each seek re-runs the query) and from
   * ranking every match in the corpus: the match is evaluated once, as a set, and snippets are
   * made for the chosen passages only.
   */
  private highlightsFor(reviewIds: string[], parsed: ParsedQuery): Map<string, string[]> {
    const match = matchAlternatives(parsed).map(quote).join(' OR ');
    const candidates = this.db
      .prepare(
        `SELECT p.rowid AS rid, p.review_id FROM passages p
         WHERE p.review_id IN (SELECT value FROM json_each(@ids))
         AND +p.rowid IN (SELECT rowid FROM passages_fts WHERE passages_fts MATCH @match)
         ORDER BY ${SECTION_ORDER_SQL} DESC, p.rowid`,
      )
      .all({ ids: JSON.stringify(reviewIds), match }) as { rid: number; review_id: string }[];
    const chosen = new Map<string, number[]>();
    for (const c of candidates) {
      const list = chosen.get(c.review_id) ?? [];
      if (list.length < 3) chosen.set(c.review_id, [...list, c.rid]);
    }
    const rowids = [...chosen.values()].flat();
    const snippets = new Map(
      (
        this.db
          .prepare(
            `SELECT rowid AS rid, snippet(passages_fts, 0, @open, @close, '…', 28) AS s FROM passages_fts
             WHERE passages_fts MATCH @match AND +rowid IN (SELECT value FROM json_each(@rowids))`,
          )
          .all({ open: OPEN, close: CLOSE, match, rowids: JSON.stringify(rowids) }) as { rid: number; s: string }[]
      ).map((r) => [r.rid, markedToHtml(r.s, OPEN, CLOSE)]),
    );
    return new Map(reviewIds.map((id) => [id, (chosen.get(id) ?? []).map((rid) => snippets.get(rid)!).filter(Boolean)]));
  }

  /** Without query words, a theme filter's best evidence is the most useful snippet. */
  private themeHighlights(reviewId: string, themes: string[]): string[] {
    if (!themes.length) return [];
    const rows = this.db
      .prepare(
        `SELECT p.text FROM passage_themes t JOIN passages p ON p.rowid = t.passage_rowid
         WHERE t.review_id = ? AND t.theme IN (${themes.map(() => '?').join(',')})
         ORDER BY ${SECTION_ORDER_SQL} DESC, t.score DESC LIMIT 2`,
      )
      .pluck()
      .all(reviewId, ...themes) as string[];
    return rows.map((t) => excerptHtml(t));
  }

  private facets(filters: SearchFilters): Facets {
    const facets: Record<string, FacetBucket[]> = {};
    for (const [field, spec] of Object.entries(this.vocab.fields)) {
      if (!spec.facet) continue;
      const where = this.where(filters, undefined, field);
      const buckets = this.db
        .prepare(
          `SELECT v.value AS key, COUNT(DISTINCT v.review_id) AS count FROM review_values v
           JOIN reviews r ON r.id = v.review_id WHERE v.field = ? AND ${where.sql}
           GROUP BY v.value ORDER BY count DESC, key`,
        )
        .all(keyFor(field, filters, this.vocab), ...where.params) as FacetBucket[];
      facets[field] = spec.order === 'value-desc' ? buckets.sort((a, b) => b.key.localeCompare(a.key)) : buckets;
    }
    return facets as Facets;
  }

  async themeCounts(by: StatsDimension, filters: SearchFilters): Promise<ThemeCount[]> {
    const where = this.where(filters);
    return this.db
      .prepare(
        `SELECT v.value AS theme, d.value AS bucket, COUNT(*) AS count FROM review_values v
         JOIN review_values d ON d.review_id = v.review_id AND d.field = ?
         JOIN reviews r ON r.id = v.review_id
         WHERE v.field = 'theme' AND ${where.sql}
         GROUP BY v.value, d.value ORDER BY v.value, bucket`,
      )
      .all(by, ...where.params) as ThemeCount[];
  }

  async themeTotals(filters: SearchFilters): Promise<FacetBucket[]> {
    const where = this.where(filters);
    return this.db
      .prepare(
        `SELECT v.value AS key, COUNT(*) AS count FROM review_values v JOIN reviews r ON r.id = v.review_id
         WHERE v.field = 'theme' AND ${where.sql} GROUP BY v.value ORDER BY count DESC, key`,
      )
      .all(...where.params) as FacetBucket[];
  }

  async coOccurrence(filters: SearchFilters, themes?: string[]): Promise<CoOccurrence[]> {
    const where = this.where(filters);
    const only = themes?.length ? `AND a.value IN (${themes.map(() => '?').join(',')}) AND b.value IN (${themes.map(() => '?').join(',')})` : '';
    return this.db
      .prepare(
        `SELECT a.value AS a, b.value AS b, COUNT(*) AS count
         FROM review_values a JOIN review_values b ON a.review_id = b.review_id AND a.value < b.value
         JOIN reviews r ON r.id = a.review_id
         WHERE a.field = 'theme' AND b.field = 'theme' ${only} AND ${where.sql}
         GROUP BY a.value, b.value ORDER BY count DESC, a, b`,
      )
      .all(...(themes?.length ? [...themes, ...themes] : []), ...where.params) as CoOccurrence[];
  }

  async themePassages(theme: string, filters: SearchFilters, limit: number): Promise<ThemePassage[]> {
    const where = this.where(filters);
    return this.db
      .prepare(
        `SELECT r.id AS review_id, r.title, r.year, p.passage_id, p.text, p.page, p.section, t.score
         FROM passage_themes t JOIN passages p ON p.rowid = t.passage_rowid JOIN reviews r ON r.id = t.review_id
         WHERE t.theme = ? AND ${where.sql}
         ORDER BY ${SECTION_ORDER_SQL} DESC, t.score DESC, r.year DESC, r.id, p.passage_id LIMIT ?`,
      )
      .all(theme, ...where.params, limit) as ThemePassage[];
  }

  async suggestWords(words: string[]): Promise<(string | null)[]> {
    return this.words.suggest(words);
  }

  async close(): Promise<void> {
    this.db?.close();
  }
}

function emptyFacets(vocab: SearchVocabulary): Facets {
  return Object.fromEntries(Object.entries(vocab.fields).filter(([, f]) => f.facet).map(([name]) => [name, []])) as unknown as Facets;
}

interface ReviewRow {
  id: string;
  title: string;
  year: number | null;
  area: string | null;
  region: string | null;
  review_type: string;
  age_band: string;
  themes: string;
}
