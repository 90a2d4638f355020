import type Database from 'better-sqlite3';
import {
  type CoOccurrence,
  type FacetBucket,
  type Facets,
  type SearchFilters,
  type SearchHit,
  type SearchRequest,
  type SearchResponse,
  type StatsDimension,
  type ThemeCount,
  type ThemePassage,
  confirmedOnly,
  facetFields,
  fieldUnder,
} from '../../model';
import { isEmptyQuery, matchAlternatives, type ParsedQuery } from '../query';
import { excerptHtml, markedToHtml } from '../highlight';
import { conditions, keyFor, parsedQuery, SECTION_PRIORITY, withBroader, type SearchVocabulary } from '../fields';
import { binary, ReviewSet, type CachedReview } from './review-set';

const OPEN = '\u0001';
const CLOSE = '\u0002';

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

/** One filter of a request as a test on a cached review, with the field it belongs to. */
interface Test {
  field: string;
  /** A facet on this field is counted without this test (its values combine as any-of). */
  dropsForOwnFacet: boolean;
  passes(review: CachedReview): boolean;
}

/** The reviews a request selects, with the scores FTS5 gave them when words were asked for. */
interface Selection {
  /** The reviews passing every filter. */
  matching: CachedReview[];
  /** By review index: bm25, lower is better. */
  scores?: Float64Array;
  /** For each facet field whose own filter is left out: the reviews failing that filter alone. */
  facetOnly: Map<string, CachedReview[]>;
}

/**
 * The read side of the embedded index over one connection: each request evaluates its text
 * match once, as a set of review rowids, and does everything else (filters, total, every facet,
 * statistics, the order and the page) over the cached reviews in memory. Highlights are made for
 * the page alone. `generation` says when the index has changed, so the cache is loaded again.
 */
export class IndexReader {
  private cache: { generation: unknown; set: ReviewSet } | undefined;
  private readonly fieldOfKey: Map<string, string>;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly vocab: SearchVocabulary,
    private readonly generation: () => unknown,
  ) {
    this.fieldOfKey = new Map(Object.keys(vocab.fields).flatMap((name) => [[name, name], [withBroader(name), name]]));
  }

  private prepared(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  /** A request reads one snapshot: the cache and the text match agree even while a write commits. */
  private read<T>(fn: (set: ReviewSet) => T): T {
    return this.db.transaction(() => {
      this.prepared('SELECT 1 FROM reviews LIMIT 1').get();
      const generation = this.generation();
      const cache = this.cache && this.cache.generation === generation ? this.cache : (this.cache = { generation, set: new ReviewSet(this.db, this.vocab) });
      return fn(cache.set);
    })();
  }

  private tests(set: ReviewSet, filters: object): Test[] {
    const { lists, ranges } = conditions(filters, this.vocab);
    const field = (key: string) => this.fieldOfKey.get(key) ?? key;
    const drops = (key: string) => this.vocab.fields[field(key)]?.combine === 'any';
    return [
      ...ranges.map((range) => {
        const column = set.column(range.key);
        const inside = column.names.map((v) => Number(v)).map((n) => (range.from === undefined || n >= range.from) && (range.to === undefined || n <= range.to));
        return { field: field(range.key), dropsForOwnFacet: drops(range.key), passes: (r: CachedReview) => column.of[r.index].some((c) => inside[c]) };
      }),
      ...lists.map((list) => {
        const column = set.column(list.key);
        // A value no review carries has no code: no review has it.
        const wanted = list.values.map((v) => column.codes.get(v) ?? -1);
        return {
          field: field(list.key),
          dropsForOwnFacet: drops(list.key),
          passes:
            list.combine === 'all'
              ? (r: CachedReview) => wanted.every((c) => column.of[r.index].includes(c))
              : (r: CachedReview) => column.of[r.index].some((c) => wanted.includes(c)),
        };
      }),
    ];
  }

  private select(set: ReviewSet, filters: SearchFilters, withScores = false, parsed = parsedQuery(filters, this.vocab)): Selection {
    const tests = this.tests(set, filters);
    let candidates: Iterable<CachedReview> = set.reviews;
    let scores: Float64Array | undefined;
    const text = !isEmptyQuery(parsed);
    const match = text ? ftsExpression(parsed) : '';
    if (text) {
      const found: CachedReview[] = [];
      // Unfiltered, every match is ranked: one pass gives rowids and scores. Filtered, only the
      // reviews that pass are ranked, in a second pass, since bm25 costs more than the match.
      if (withScores && !tests.length) {
        scores = new Float64Array(set.reviews.length);
        for (const [rowid, score] of this.prepared('SELECT rowid, bm25(reviews_fts, 5.0, 1.0) FROM reviews_fts WHERE reviews_fts MATCH ?').raw().all(match) as [number, number][]) {
          const r = set.at(rowid);
          if (r) (found.push(r), (scores[r.index] = score));
        }
      } else {
        for (const rowid of this.prepared('SELECT rowid FROM reviews_fts WHERE reviews_fts MATCH ?').pluck().all(match) as number[]) {
          const r = set.at(rowid);
          if (r) found.push(r);
        }
      }
      candidates = found;
    }
    const matching: CachedReview[] = [];
    const facetOnly = new Map<string, CachedReview[]>();
    for (const r of candidates) {
      let failed: Test | undefined;
      let failures = 0;
      for (const t of tests) {
        if (t.passes(r)) continue;
        failed = t;
        if (++failures > 1) break;
      }
      if (failures === 0) matching.push(r);
      else if (failures === 1 && failed!.dropsForOwnFacet) {
        const list = facetOnly.get(failed!.field) ?? [];
        list.push(r);
        facetOnly.set(failed!.field, list);
      }
    }
    if (withScores && text && !scores && matching.length) {
      scores = new Float64Array(set.reviews.length);
      const rows = this.prepared(
        'SELECT rowid, bm25(reviews_fts, 5.0, 1.0) FROM reviews_fts WHERE reviews_fts MATCH ? AND +rowid IN (SELECT value FROM json_each(?))',
      )
        .raw()
        .all(match, JSON.stringify(matching.map((r) => r.rowid))) as [number, number][];
      for (const [rowid, score] of rows) scores[set.at(rowid)!.index] = score;
    }
    return { matching, scores, facetOnly };
  }

  search(req: SearchRequest): SearchResponse {
    return this.read((set) => {
      const parsed = parsedQuery(req, this.vocab);
      const text = !isEmptyQuery(parsed);
      const byRelevance = text && (req.sort ?? 'relevance') === 'relevance';
      const { matching, scores, facetOnly } = this.select(set, req, byRelevance, parsed);
      const size = req.size ?? 20;
      const offset = ((req.page ?? 1) - 1) * size;
      const order: (a: CachedReview, b: CachedReview) => number =
        req.sort === 'added'
          ? (a, b) => a.byAdded - b.byAdded
          : byRelevance
            ? (a, b) =>
                scores![a.index] - scores![b.index] ||
                (a.year === null ? 1 : 0) - (b.year === null ? 1 : 0) ||
                (b.year ?? 0) - (a.year ?? 0) ||
                binary(a.id, b.id)
            : (a, b) => a.byDate - b.byDate;
      const page = [...matching].sort(order).slice(offset, offset + size);
      const highlights = text && page.length ? this.highlightsFor(page.map((r) => r.id), parsed) : undefined;
      const listed = confirmedOnly(req) ? set.column(this.themeKey(req)) : undefined;
      const results: SearchHit[] = page.map((r) => ({
        id: r.id,
        title: r.title,
        year: r.year,
        area: r.area,
        region: r.region,
        review_type: r.review_type as SearchHit['review_type'],
        age_band: r.age_band as SearchHit['age_band'],
        themes: listed ? listed.of[r.index].map((c) => listed.names[c]) : r.themes,
        highlights: highlights ? (highlights.get(r.id) ?? []) : this.themeHighlights(r.id, req.theme ?? []),
      }));
      return {
        total: matching.length,
        results,
        facets: req.facets === false ? this.emptyFacets() : this.facets(set, req, matching, facetOnly),
      };
    });
  }

  private emptyFacets(): Facets {
    return Object.fromEntries(facetFields(this.vocab.fields).map((name) => [name, []])) as unknown as Facets;
  }

  /** Each facet over the matching reviews, and over those that fail only its own any-of filter. */
  private facets(set: ReviewSet, filters: SearchFilters, matching: CachedReview[], facetOnly: Map<string, CachedReview[]>): Facets {
    const facets: Record<string, FacetBucket[]> = {};
    for (const [field, spec] of Object.entries(this.vocab.fields)) {
      if (!spec.facet) continue;
      const column = set.column(keyFor(field, filters, this.vocab));
      const counts = column.count(facetOnly.get(field) ?? [], column.count(matching));
      const buckets: FacetBucket[] = [];
      counts.forEach((count, c) => count && buckets.push({ key: column.names[c], count }));
      facets[field] =
        spec.order === 'value-desc' ? buckets.sort((a, b) => b.key.localeCompare(a.key)) : buckets.sort((a, b) => b.count - a.count || binary(a.key, b.key));
    }
    return facets as Facets;
  }

  /**
   * Snippets of up to three matching passages per review, findings first, for the page alone.
   * The passage match is read once and kept, inside SQLite, to the page's passages (seeking FTS5
   * to each review's rowids costs more than reading the whole match), and snippets are made for
   * the chosen passages only.
   */
  private highlightsFor(reviewIds: string[], parsed: ParsedQuery): Map<string, string[]> {
    const match = matchAlternatives(parsed).map(quote).join(' OR ');
    // A review's passages are written together, so they hold one span of rowids.
    const span = this.prepared('SELECT min(rowid), max(rowid) FROM passages WHERE review_id = ?').raw();
    const onPage: number[] = [];
    for (const id of reviewIds) {
      const [first, last] = span.get(id) as [number | null, number | null];
      if (first !== null) for (let rowid = first; rowid <= last!; rowid++) onPage.push(rowid);
    }
    const candidates = this.prepared(
      `SELECT p.rowid AS rid, p.review_id FROM passages p
       WHERE p.rowid IN (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? AND +rowid IN (SELECT value FROM json_each(?)))
       ORDER BY ${SECTION_ORDER_SQL} DESC, p.rowid`,
    ).all(match, JSON.stringify(onPage)) as { rid: number; review_id: string }[];
    const chosen = new Map<string, number[]>();
    for (const c of candidates) {
      const list = chosen.get(c.review_id) ?? [];
      if (list.length < 3) chosen.set(c.review_id, [...list, c.rid]);
    }
    const rowids = [...chosen.values()].flat();
    const snippets = new Map(
      (
        this.prepared(
          `SELECT rowid AS rid, snippet(passages_fts, 0, @open, @close, '…', 28) AS s FROM passages_fts
           WHERE passages_fts MATCH @match AND +rowid IN (SELECT value FROM json_each(@rowids))`,
        ).all({ open: OPEN, close: CLOSE, match, rowids: JSON.stringify(rowids) }) as { rid: number; s: string }[]
      ).map((r) => [r.rid, markedToHtml(r.s, OPEN, CLOSE)]),
    );
    return new Map(reviewIds.map((id) => [id, (chosen.get(id) ?? []).map((rid) => snippets.get(rid)!).filter(Boolean)]));
  }

  /** Without query words, a theme filter's best evidence is the most useful snippet. */
  private themeHighlights(reviewId: string, themes: string[]): string[] {
    if (!themes.length) return [];
    const rows = this.prepared(
      `SELECT p.text FROM passage_themes t JOIN passages p ON p.rowid = t.passage_rowid
       WHERE t.review_id = ? AND t.theme IN (SELECT value FROM json_each(?))
       ORDER BY ${SECTION_ORDER_SQL} DESC, t.score DESC LIMIT 2`,
    )
      .pluck()
      .all(reviewId, JSON.stringify(themes)) as string[];
    return rows.map((t) => excerptHtml(t));
  }

  /** The column a review's own themes are read from: the editor-confirmed ones under `theme_origin=confirmed`. */
  private themeKey(filters: object): string {
    return fieldUnder('theme', filters, this.vocab.fields);
  }

  themeCounts(by: StatsDimension, filters: SearchFilters): ThemeCount[] {
    return this.read((set) => {
      const themes = set.column(this.themeKey(filters));
      const buckets = set.column(by);
      const cells = new Int32Array(themes.names.length * buckets.names.length);
      for (const r of this.select(set, filters).matching) {
        for (const t of themes.of[r.index]) for (const b of buckets.of[r.index]) cells[t * buckets.names.length + b]++;
      }
      const out: ThemeCount[] = [];
      cells.forEach((count, i) => {
        if (count) out.push({ theme: themes.names[Math.floor(i / buckets.names.length)], bucket: buckets.names[i % buckets.names.length], count });
      });
      return out.sort((a, b) => binary(a.theme, b.theme) || binary(a.bucket, b.bucket));
    });
  }

  themeTotals(filters: SearchFilters): FacetBucket[] {
    return this.read((set) => {
      const themes = set.column(this.themeKey(filters));
      const out: FacetBucket[] = [];
      themes.count(this.select(set, filters).matching).forEach((count, c) => count && out.push({ key: themes.names[c], count }));
      return out.sort((a, b) => b.count - a.count || binary(a.key, b.key));
    });
  }

  coOccurrence(filters: SearchFilters, themes?: string[]): CoOccurrence[] {
    return this.read((set) => {
      const column = set.column(this.themeKey(filters));
      const only = themes?.length ? new Set(themes) : undefined;
      const n = column.names.length;
      const cells = new Int32Array(n * n);
      for (const r of this.select(set, filters).matching) {
        const carried = column.of[r.index].filter((c) => !only || only.has(column.names[c]));
        for (const a of carried) for (const b of carried) if (column.names[a] < column.names[b]) cells[a * n + b]++;
      }
      const out: CoOccurrence[] = [];
      cells.forEach((count, i) => count && out.push({ a: column.names[Math.floor(i / n)], b: column.names[i % n], count }));
      return out.sort((x, y) => y.count - x.count || binary(x.a, y.a) || binary(x.b, y.b));
    });
  }

  themePassages(theme: string, filters: SearchFilters, limit: number): ThemePassage[] {
    return this.read((set) => {
      const selected = new Set(this.select(set, filters).matching.map((r) => r.id));
      const out: ThemePassage[] = [];
      const rows = this.prepared(
        `SELECT r.id AS review_id, r.title, r.year, p.passage_id, p.text, p.page, p.section, t.score
         FROM passage_themes t JOIN passages p ON p.rowid = t.passage_rowid JOIN reviews r ON r.id = t.review_id
         WHERE t.theme = ? ORDER BY ${SECTION_ORDER_SQL} DESC, t.score DESC, r.year DESC, r.id, p.passage_id`,
      ).iterate(theme) as Iterable<ThemePassage>;
      for (const row of rows) {
        if (out.length >= limit) break;
        if (selected.has(row.review_id)) out.push(row);
      }
      return out;
    });
  }
}
