import type Database from 'better-sqlite3';
import { indexKeys, type SearchVocabulary } from '../fields';

/** One indexed review as searches need it, held in memory. */
export interface CachedReview {
  /** Its place in ReviewSet.reviews, and so in every column. */
  index: number;
  rowid: number;
  id: string;
  title: string;
  year: number | null;
  area: string | null;
  region: string | null;
  review_type: string;
  age_band: string;
  themes: string[];
  /** Its place in each fixed order: by year (newest first, then title) and by when it was added. */
  byDate: number;
  byAdded: number;
}

/**
 * The values of one index key (a field, or a hierarchical field with its broader values), each
 * coded as a small number, so counting them is adding into an array.
 */
export class Column {
  readonly names: string[] = [];
  readonly codes = new Map<string, number>();
  /** Each review's value codes, by its index. */
  readonly of: number[][];

  constructor(reviews: number) {
    this.of = Array.from({ length: reviews }, () => []);
  }

  add(review: number, value: string): void {
    let code = this.codes.get(value);
    if (code === undefined) this.codes.set(value, (code = this.names.push(value) - 1));
    this.of[review].push(code);
  }

  /** How many of these reviews carry each value. */
  count(reviews: Iterable<CachedReview>, into: Int32Array = new Int32Array(this.names.length)): Int32Array {
    for (const r of reviews) for (const c of this.of[r.index]) into[c]++;
    return into;
  }
}

/** Binary order, as SQLite compares text by default. */
export const binary = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every indexed review with its field values, loaded in two queries and kept until the index
 * changes: filters, facets and statistics are counted over it in memory, so each request asks
 * SQLite for the text match alone.
 */
export class ReviewSet {
  readonly reviews: CachedReview[];
  private readonly byRowid: Map<number, CachedReview>;
  readonly byId: Map<string, CachedReview>;
  private readonly columns: Map<string, Column>;

  constructor(db: Database.Database, vocab: SearchVocabulary) {
    const rows = db
      .prepare('SELECT rowid, id, title, year, area, region, review_type, age_band, themes, published_at FROM reviews')
      .all() as (Omit<CachedReview, 'themes' | 'values' | 'byDate' | 'byAdded'> & { themes: string; published_at: string })[];
    const published = new Map<CachedReview, string>();
    this.reviews = rows.map((r, index) => {
      const review: CachedReview = {
        index,
        rowid: r.rowid,
        id: r.id,
        title: r.title,
        year: r.year,
        area: r.area,
        region: r.region,
        review_type: r.review_type,
        age_band: r.age_band,
        themes: JSON.parse(r.themes) as string[],
        byDate: 0,
        byAdded: 0,
      };
      published.set(review, r.published_at);
      return review;
    });
    this.byRowid = new Map(this.reviews.map((r) => [r.rowid, r]));
    this.byId = new Map(this.reviews.map((r) => [r.id, r]));
    this.columns = new Map(indexKeys(vocab).map((k) => [k, new Column(this.reviews.length)]));
    const values = db.prepare('SELECT review_id, field, value FROM review_values').raw().iterate() as Iterable<[string, string, string]>;
    for (const [id, field, value] of values) {
      const review = this.byId.get(id);
      if (review) this.columns.get(field)?.add(review.index, value);
    }
    // Year newest first with unknown years last, then title; added newest first, then title; ties by id, as on Elasticsearch.
    [...this.reviews]
      .sort((a, b) => (a.year === null ? 1 : 0) - (b.year === null ? 1 : 0) || (b.year ?? 0) - (a.year ?? 0) || binary(a.title, b.title) || binary(a.id, b.id))
      .forEach((r, i) => (r.byDate = i));
    [...this.reviews]
      .sort((a, b) => binary(published.get(b)!, published.get(a)!) || binary(a.title, b.title) || binary(a.id, b.id))
      .forEach((r, i) => (r.byAdded = i));
  }

  at(rowid: number): CachedReview | undefined {
    return this.byRowid.get(rowid);
  }

  column(key: string): Column {
    return this.columns.get(key) ?? new Column(this.reviews.length);
  }
}
