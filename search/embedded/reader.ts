import type Database from 'better-sqlite3';
import type {
  CoOccurrence,
  FacetBucket,
  Facets,
  SearchFilters,
  SearchHit,
  SearchRequest,
  SearchResponse,
  StatsDimension,
  ThemeCount,
  ThemePassage,
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
  scores?: Map<number, number>;
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
  private cache: { generation: unknown; set: ReviewSet } = { generation: undefined, set: ReviewSet.empty };
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
      if (this.cache?.generation !== generation) this.cache = { generation, set: new ReviewSet(this.db, this.vocab) };
      return fn(this.cache.set);
    })();
  }

  private tests(filters: object): Test[] {
    const { lists, ranges } = conditions(filters, this.vocab);
    const field = (key: string) => this.fieldOfKey.get(key) ?? key;
    const drops = (key: string) => this.vocab.fields[field(key)]?.combine === 'any';
    return [
      ...ranges.map((range) => ({
        field: field(range.key),
        dropsForOwnFacet: drops(range.key),
        passes: (r: CachedReview) =>
          (r.values.get(range.key) ?? []).some((v) => {
            const n = Number(v);
            return (range.from === undefined || n >= range.from) && (range.to === undefined || n <= range.to);
          }),
      })),
      ...lists.map((list) => {
        const wanted = new Set(list.values);
        return {
          field: field(list.key),
          dropsForOwnFacet: drops(list.key),
          passes:
            list.combine === 'all'
              ? (r: CachedReview) => {
                  const have = r.values.get(list.key) ?? [];
                  return list.values.every((v) => have.includes(v));
                }
              : (r: CachedReview) => (r.values.get(list.key) ?? []).some((v) => wanted.has(v)),
        };
      }),
    ];
  }

  private select(set: ReviewSet, filters: SearchFilters, withScores = false, parsed = parsedQuery(filters, this.vocab)): Selection {
    let candidates: Iterable<CachedReview> = set.reviews;
    let scores: Map<number, number> | undefined;
    if (!isEmptyQuery(parsed)) {
      const match = ftsExpression(parsed);
      const found: CachedReview[] = [];
      if (withScores) {
        scores = new Map();
        const rows = this.prepared('SELECT rowid, bm25(reviews_fts, 5.0, 1.0) FROM reviews_fts WHERE reviews_fts MATCH ?').raw().all(match) as [number, number][];
        for (const [rowid, score] of rows) {
          const r = set.at(rowid);
          if (r) (found.push(r), scores.set(rowid, score));
        }
      } else {
        const rowids = this.prepared('SELECT rowid FROM reviews_fts WHERE reviews_fts MATCH ?').pluck().all(match) as number[];
        for (const rowid of rowids) {
          const r = set.at(rowid);
          if (r) found.push(r);
        }
      }
      candidates = found;
    }
    const tests = this.tests(filters);
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
                scores!.get(a.rowid)! - scores!.get(b.rowid)! ||
                (a.year === null ? 1 : 0) - (b.year === null ? 1 : 0) ||
                (b.year ?? 0) - (a.year ?? 0) ||
                a.rowid - b.rowid
            : (a, b) => a.byDate - b.byDate;
      const page = [...matching].sort(order).slice(offset, offset + size);
      const highlights = text ? this.highlightsFor(page.map((r) => r.id), parsed) : undefined;
      const results: SearchHit[] = page.map((r) => ({
        id: r.id,
        title: r.title,
        year: r.year,
        area: r.area,
        region: r.region,
        review_type: r.review_type as SearchHit['review_type'],
        age_band: r.age_band as SearchHit['age_band'],
        themes: r.themes,
        highlights: highlights ? (highlights.get(r.id) ?? []) : this.themeHighlights(r.id, req.theme ?? []),
      }));
      return {
        total: matching.length,
        results,
        facets: req.facets === false ? this.emptyFacets() : this.facets(req, matching, facetOnly),
      };
    });
  }

  private emptyFacets(): Facets {
    return Object.fromEntries(Object.entries(this.vocab.fields).filter(([, f]) => f.facet).map(([name]) => [name, []])) as unknown as Facets;
  }

  /** Each facet over the matching reviews, and over those that fail only its own any-of filter. */
  private facets(filters: SearchFilters, matching: CachedReview[], facetOnly: Map<string, CachedReview[]>): Facets {
    const facets: Record<string, FacetBucket[]> = {};
    for (const [field, spec] of Object.entries(this.vocab.fields)) {
      if (!spec.facet) continue;
      const key = keyFor(field, filters, this.vocab);
      const counts = new Map<string, number>();
      const add = (reviews: CachedReview[]) => {
        for (const r of reviews) for (const v of r.values.get(key) ?? []) counts.set(v, (counts.get(v) ?? 0) + 1);
      };
      add(matching);
      add(facetOnly.get(field) ?? []);
      const buckets = [...counts].map(([k, count]) => ({ key: k, count }));
      facets[field] =
        spec.order === 'value-desc' ? buckets.sort((a, b) => b.key.localeCompare(a.key)) : buckets.sort((a, b) => b.count - a.count || binary(a.key, b.key));
    }
    return facets as Facets;
  }

  /**
   * Snippets of up to three matching passages per review, findings first, for a page of hits at
   * once. Both steps keep FTS5 from seeking row by row (each seek re-runs the query) and from
   * ranking every match in the corpus: the match is evaluated once, as a set, and snippets are
   * made for the chosen passages only.
   */
  private highlightsFor(reviewIds: string[], parsed: ParsedQuery): Map<string, string[]> {
    const match = matchAlternatives(parsed).map(quote).join(' OR ');
    const candidates = this.prepared(
      `SELECT p.rowid AS rid, p.review_id FROM passages p
       WHERE p.review_id IN (SELECT value FROM json_each(@ids))
       AND +p.rowid IN (SELECT rowid FROM passages_fts WHERE passages_fts MATCH @match)
       ORDER BY ${SECTION_ORDER_SQL} DESC, p.rowid`,
    ).all({ ids: JSON.stringify(reviewIds), match }) as { rid: number; review_id: string }[];
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

  themeCounts(by: StatsDimension, filters: SearchFilters): ThemeCount[] {
    return this.read((set) => {
      const counts = new Map<string, Map<string, number>>();
      for (const r of this.select(set, filters).matching) {
        for (const theme of r.values.get('theme') ?? []) {
          const row = counts.get(theme) ?? new Map<string, number>();
          counts.set(theme, row);
          for (const bucket of r.values.get(by) ?? []) row.set(bucket, (row.get(bucket) ?? 0) + 1);
        }
      }
      return [...counts]
        .sort(([a], [b]) => binary(a, b))
        .flatMap(([theme, row]) => [...row].sort(([a], [b]) => binary(a, b)).map(([bucket, count]) => ({ theme, bucket, count })));
    });
  }

  themeTotals(filters: SearchFilters): FacetBucket[] {
    return this.read((set) => {
      const counts = new Map<string, number>();
      for (const r of this.select(set, filters).matching) {
        for (const theme of r.values.get('theme') ?? []) counts.set(theme, (counts.get(theme) ?? 0) + 1);
      }
      return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || binary(a.key, b.key));
    });
  }

  coOccurrence(filters: SearchFilters, themes?: string[]): CoOccurrence[] {
    return this.read((set) => {
      const only = themes?.length ? new Set(themes) : undefined;
      const counts = new Map<string, CoOccurrence>();
      for (const r of this.select(set, filters).matching) {
        const carried = (r.values.get('theme') ?? []).filter((t) => !only || only.has(t));
        for (const a of carried) {
          for (const b of carried) {
            if (!(a < b)) continue;
            const k = `${a}\u0000${b}`;
            const pair = counts.get(k);
            if (pair) pair.count++;
            else counts.set(k, { a, b, count: 1 });
          }
        }
      }
      return [...counts.values()].sort((x, y) => y.count - x.count || binary(x.a, y.a) || binary(x.b, y.b));
    });
  }

  themePassages(theme: string, filters: SearchFilters, limit: number): ThemePassage[] {
    return this.read((set) => {
      const selected = new Set(this.select(set, filters).matching.map((r) => r.id));
      const out: ThemePassage[] = [];
      const rows = this.prepared(
        `SELECT r.id AS review_id, r.title, r.year, p.passage_id, p.text, p.page, p.section, t.score
         FROM passage_themes t JOIN passages p ON p.rowid = t.passage_rowid JOIN reviews r ON r.id = t.review_id
         WHERE t.theme = ? ORDER BY ${SECTION_ORDER_SQL} DESC, t.score DESC, r.year DESC`,
      ).iterate(theme) as Iterable<ThemePassage>;
      for (const row of rows) {
        if (out.length >= limit) break;
        if (selected.has(row.review_id)) out.push(row);
      }
      return out;
    });
  }
}
