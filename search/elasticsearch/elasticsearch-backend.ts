import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, estypes } from '@elastic/elasticsearch';
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
  facetFields,
  fieldUnder,
  publishedAt,
} from '../../model';
import { isEmptyQuery, type ParsedQuery } from '../query';
import { excerptHtml, markedToHtml } from '../highlight';
import { indexDocument, keyFor, parsedQuery, searchVocabulary, sectionPriority, type SearchVocabulary } from '../fields';
import { asSearchError, createClient, isMissingIndex, isTransient } from './client';
import type { ElasticsearchConfig } from './config';
import { BulkRejectedError, bulkWithRetry, type BulkAction } from './bulk';
import { ANALYSIS, SCHEMA_VERSION, passageMappings, reviewMappings } from './mappings';
import { filterClauses, passageTextQuery, passageThemes, textClauses, themeScoreSort } from './queries';
import { suggestWords } from './suggest';

const OPEN = '\u0001';
const CLOSE = '\u0002';
/** Enough buckets for every area or agency in the country; themes number a few dozen. */
const FACET_SIZE = 1000;
const THEME_SIZE = 500;
/** Reviews' worth of actions per _bulk request while rebuilding. */
const REBUILD_BATCH = 50;
/** themePassages with a text query looks for passages among at most this many matching reviews. */
const MAX_QUERY_REVIEWS = 10_000;

type Query = estypes.QueryDslQueryContainer;
type Kind = 'reviews' | 'passages';
type IndexPair = Record<Kind, string>;

interface ReviewDoc {
  review_id: string;
  title: string;
  year: number | null;
  area: string | null;
  region: string | null;
  review_type: SearchHit['review_type'];
  age_band: SearchHit['age_band'];
  theme: string[];
  confirmed_theme?: string[];
  passage_ids?: string[];
}

type PassageDoc = Omit<ThemePassage, 'score'>;

const passageDocId = (reviewId: string, passageId: string) => `${reviewId}/${passageId}`;

/**
 * The Elasticsearch backend. Reviews and their passages live in two indices, each behind an
 * alias (`<prefix>-reviews`, `<prefix>-passages`); the indices are versioned, so a rebuild loads
 * new ones beside the live pair and swaps both aliases in one atomic step.
 */
export class ElasticsearchBackend implements SearchBackend {
  readonly name = 'elasticsearch' as const;
  readonly client: Client;
  readonly aliases: IndexPair;
  private setup?: Promise<void>;

  constructor(
    readonly config: ElasticsearchConfig,
    private readonly vocab: SearchVocabulary = searchVocabulary(),
  ) {
    this.client = createClient(config);
    this.aliases = { reviews: `${config.indexPrefix}-reviews`, passages: `${config.indexPrefix}-passages` };
  }

  /**
   * Set-up fails here only for what a retry will not fix (credentials, a rejected template). An
   * unreachable cluster is set up on first use instead, so the app starts and recovers by itself.
   */
  async init(): Promise<void> {
    try {
      await this.ready();
    } catch (err) {
      if (!isTransient(err)) throw err;
    }
  }

  private ready(): Promise<void> {
    this.setup ??= this.prepare().catch((err) => {
      this.setup = undefined;
      throw err;
    });
    return this.setup;
  }

  /** Templates always follow the code and the taxonomy; indices are created when missing or of another schema. */
  private async prepare(): Promise<void> {
    const prefix = this.config.indexPrefix;
    const mappings: Record<Kind, estypes.MappingTypeMapping> = { reviews: reviewMappings(this.vocab), passages: passageMappings(this.vocab) };
    for (const kind of ['reviews', 'passages'] as const) {
      await this.client.indices.putIndexTemplate({
        name: `${prefix}-${kind}`,
        index_patterns: [`${prefix}-${kind}-v*`],
        priority: 100,
        _meta: { schema: SCHEMA_VERSION },
        template: {
          settings: { number_of_shards: 1, number_of_replicas: 0, analysis: ANALYSIS },
          mappings: mappings[kind],
        },
      });
    }
    const current = await this.currentIndices();
    const usable = await Promise.all(
      (['reviews', 'passages'] as const).map(async (kind) => {
        if (current[kind].length !== 1) return false;
        const res = await this.client.indices.getMapping({ index: current[kind][0] });
        return Object.values(res)[0]?.mappings?._meta?.schema === SCHEMA_VERSION;
      }),
    );
    if (usable.every(Boolean)) return;
    const pair = await this.createIndices();
    await this.swap(pair, current);
  }

  private async currentIndices(): Promise<Record<Kind, string[]>> {
    const out: Record<Kind, string[]> = { reviews: [], passages: [] };
    const res = (await this.client.indices.getAlias({ name: [this.aliases.reviews, this.aliases.passages] }, { ignore: [404] })) as Record<
      string,
      { aliases?: Record<string, unknown> }
    >;
    for (const [index, value] of Object.entries(res)) {
      for (const kind of ['reviews', 'passages'] as const) {
        if (value?.aliases && this.aliases[kind] in value.aliases) out[kind].push(index);
      }
    }
    return out;
  }

  private async createIndices(settings: estypes.IndicesIndexSettings = {}): Promise<IndexPair> {
    const version = `v${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    const pair: IndexPair = { reviews: `${this.aliases.reviews}-${version}`, passages: `${this.aliases.passages}-${version}` };
    for (const index of Object.values(pair)) {
      await this.client.indices.create({ index, settings, wait_for_active_shards: 1 });
    }
    return pair;
  }

  /** Point both aliases at the new pair in one request, then drop the old indices. */
  private async swap(pair: IndexPair, current: Record<Kind, string[]>): Promise<void> {
    const actions: estypes.IndicesUpdateAliasesAction[] = [];
    for (const kind of ['reviews', 'passages'] as const) {
      for (const index of current[kind]) actions.push({ remove: { index, alias: this.aliases[kind] } });
      actions.push({ add: { index: pair[kind], alias: this.aliases[kind] } });
    }
    await this.client.indices.updateAliases({ actions });
    const old = [...current.reviews, ...current.passages];
    if (old.length) await this.client.indices.delete({ index: old, ignore_unavailable: true });
  }

  /**
   * Runs an operation once the indices exist. If they vanished (a wiped cluster), set-up runs
   * again and the operation is retried once; unreachable or overloaded becomes SearchUnavailableError.
   */
  private async run<T>(operation: () => Promise<T>): Promise<T> {
    try {
      await this.ready();
      try {
        return await operation();
      } catch (err) {
        if (!isMissingIndex(err) && !(err instanceof BulkRejectedError && err.missingIndex)) throw err;
        this.setup = undefined;
        await this.ready();
        return await operation();
      }
    } catch (err) {
      throw asSearchError(err);
    }
  }

  /** Retries a transient failure with the same backoff as bulk writes: writes wait out a short outage. */
  private async retrying<T>(operation: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await operation();
      } catch (err) {
        if (!isTransient(err) || attempt >= this.config.bulkRetries) throw err;
        await sleep(this.config.retryBackoffMs * 2 ** attempt);
      }
    }
  }

  private bulk(actions: BulkAction[], refresh: boolean, requireAlias: boolean): Promise<void> {
    return bulkWithRetry(this.client, actions, {
      retries: this.config.bulkRetries,
      backoffMs: this.config.retryBackoffMs,
      refresh,
      requireAlias,
    });
  }

  private actionsFor(review: ReviewRecord, target: IndexPair): BulkAction[] {
    const m = review.metadata;
    const shared = { review_id: review.id, ...indexDocument(review, this.vocab) };
    const reviewThemes = new Set(review.themes.map((t) => t.id));
    const actions: BulkAction[] = [
      {
        op: 'index',
        index: target.reviews,
        id: review.id,
        doc: {
          ...shared,
          title: m.title,
          body: review.passages.map((p) => p.text),
          published_at: publishedAt(review),
          passage_ids: review.passages.map((p) => passageDocId(review.id, p.id)),
        },
      },
    ];
    for (const p of review.passages) {
      actions.push({
        op: 'index',
        index: target.passages,
        id: passageDocId(review.id, p.id),
        doc: {
          ...shared,
          title: m.title,
          passage_id: p.id,
          text: p.text,
          page: p.page,
          section: p.section,
          section_priority: sectionPriority(p.section),
          themes: p.themes.filter((t) => reviewThemes.has(t.id)).map((t) => ({ id: t.id, score: t.score })),
        },
      });
    }
    return actions;
  }

  /** A GET is real-time: the passages last indexed for a review, even before a refresh. */
  private async storedPassageIds(id: string): Promise<string[] | undefined> {
    const res = await this.retrying(() =>
      this.client.get<{ passage_ids?: string[] }>({ index: this.aliases.reviews, id, _source_includes: ['passage_ids'] }, { ignore: [404] }),
    );
    if ((res as { error?: { type?: string } }).error?.type === 'index_not_found_exception') {
      throw new BulkRejectedError([{ id, type: 'index_not_found_exception', reason: 'alias missing' }]);
    }
    return res.found ? (res._source?.passage_ids ?? []) : undefined;
  }

  async index(review: ReviewRecord): Promise<void> {
    await this.run(async () => {
      const previous = (await this.storedPassageIds(review.id)) ?? [];
      const actions = this.actionsFor(review, this.aliases);
      const current = new Set(review.passages.map((p) => passageDocId(review.id, p.id)));
      for (const id of previous) if (!current.has(id)) actions.push({ op: 'delete', index: this.aliases.passages, id });
      // Refreshed before returning: the next search sees the review.
      await this.bulk(actions, true, true);
    });
  }

  async remove(id: string): Promise<void> {
    await this.run(async () => {
      const passages = await this.storedPassageIds(id);
      if (passages === undefined) return;
      await this.bulk(
        [{ op: 'delete', index: this.aliases.reviews, id }, ...passages.map((p) => ({ op: 'delete' as const, index: this.aliases.passages, id: p }))],
        true,
        true,
      );
    });
  }

  async clear(): Promise<void> {
    await this.rebuild([]);
  }

  /** Loads a new pair of indices beside the live one and swaps; a failed load leaves the live pair untouched. */
  async rebuild(reviews: Iterable<ReviewRecord> | AsyncIterable<ReviewRecord>): Promise<number> {
    return this.run(async () => {
      const pair = await this.createIndices({ refresh_interval: '-1' });
      try {
        let n = 0;
        let batch: BulkAction[] = [];
        for await (const review of reviews) {
          batch.push(...this.actionsFor(review, pair));
          if (++n % REBUILD_BATCH === 0) {
            await this.bulk(batch, false, false);
            batch = [];
          }
        }
        if (batch.length) await this.bulk(batch, false, false);
        // Both are safe to repeat; a freshly loaded index can take longer than a search is allowed.
        await this.retrying(() => this.client.indices.putSettings({ index: Object.values(pair), settings: { refresh_interval: '1s' } }));
        await this.retrying(() => this.client.indices.refresh({ index: Object.values(pair) }));
        await this.swap(pair, await this.currentIndices());
        return n;
      } catch (err) {
        await this.client.indices.delete({ index: Object.values(pair), ignore_unavailable: true }).catch(() => undefined);
        throw err;
      }
    });
  }

  async count(): Promise<number> {
    return this.run(async () => (await this.client.count({ index: this.aliases.reviews })).count);
  }

  /** The reviews matching the query words and the filters; words score, filters do not. */
  private reviewQuery(filters: SearchFilters, parsed: ParsedQuery, withFilters = true): Query {
    return { bool: { must: textClauses(parsed), filter: withFilters ? filterClauses(filters, this.vocab) : [] } };
  }

  async search(req: SearchRequest): Promise<SearchResponse> {
    const parsed = parsedQuery(req, this.vocab);
    const text = !isEmptyQuery(parsed);
    const size = req.size ?? 20;
    const from = ((req.page ?? 1) - 1) * size;
    const withFacets = req.facets !== false;
    const sort: estypes.SortCombinations[] =
      req.sort === 'added'
        ? [{ published_at: { order: 'desc' } }, { 'title.sort': 'asc' }, { review_id: 'asc' }]
        : req.sort === 'date' || !text
          ? [{ year: { order: 'desc', missing: '_last' } }, { 'title.sort': 'asc' }, { review_id: 'asc' }]
          : [{ _score: { order: 'desc' } }, { year: { order: 'desc', missing: '_last' } }, { review_id: 'asc' }];

    return this.run(async () => {
      const themeKey = this.themeKey(req);
      // With facets, filters go to post_filter: each facet then counts under every filter but its own.
      const res = await this.client.search<ReviewDoc>({
        index: this.aliases.reviews,
        query: this.reviewQuery(req, parsed, !withFacets),
        post_filter: withFacets ? { bool: { filter: filterClauses(req, this.vocab) } } : undefined,
        aggs: withFacets ? this.facetAggregations(req) : undefined,
        track_total_hits: true,
        from,
        size,
        sort,
        _source: ['review_id', 'title', 'year', 'area', 'region', 'review_type', 'age_band', themeKey],
        // Only what is read: less for the node to write and for this process to parse.
        filter_path: ['hits.total.value', 'hits.hits._source', 'aggregations.*.values.buckets.key', 'aggregations.*.values.buckets.doc_count'],
      });
      // filter_path leaves out an empty list of hits altogether.
      const docs = (res.hits.hits ?? []).map((h) => h._source!);
      const ids = docs.map((d) => d.review_id);
      const highlights = text ? await this.textHighlights(ids, parsed) : await this.themeHighlights(ids, req.theme ?? []);
      const results: SearchHit[] = docs.map((d) => ({
        id: d.review_id,
        title: d.title,
        year: d.year ?? null,
        area: d.area ?? null,
        region: d.region ?? null,
        review_type: d.review_type,
        age_band: d.age_band,
        themes: d[themeKey] ?? [],
        highlights: highlights.get(d.review_id) ?? [],
      }));
      return { total: totalOf(res.hits.total), results, facets: this.facetBuckets(res.aggregations) };
    });
  }

  /** The best passages of each review for the query words, findings first, matches marked. */
  private async textHighlights(ids: string[], parsed: ParsedQuery): Promise<Map<string, string[]>> {
    const hits = await this.bestPassages(ids, passageTextQuery(parsed), 3, [{ section_priority: 'desc' }, '_score'], {
      _source: false,
      highlight: { pre_tags: [OPEN], post_tags: [CLOSE], fields: { text: { number_of_fragments: 1, fragment_size: 200 } } },
    });
    return mapValues(hits, (hit) => {
      const fragment = hit.highlight?.text?.[0];
      return fragment === undefined ? undefined : markedToHtml(fragment, OPEN, CLOSE);
    });
  }

  /** Without query words, a theme filter's best evidence is the most useful snippet. */
  private async themeHighlights(ids: string[], themes: string[]): Promise<Map<string, string[]>> {
    if (!themes.length) return new Map();
    const hits = await this.bestPassages(ids, passageThemes(themes), 2, [{ section_priority: 'desc' }, themeScoreSort(themes)], { _source: ['text'] });
    return mapValues(hits, (hit) => excerptHtml((hit._source as { text: string }).text));
  }

  /**
   * The top passages of each of these reviews for a query, in one pass over the passages: a
   * top_hits aggregation per review rather than collapse's inner hits, which cost a search each.
   */
  private async bestPassages(
    ids: string[],
    query: Query,
    perReview: number,
    sort: estypes.SortCombinations[],
    fetch: Pick<estypes.AggregationsTopHitsAggregation, '_source' | 'highlight'>,
  ): Promise<Map<string, estypes.SearchHit[]>> {
    if (!ids.length) return new Map();
    const res = await this.client.search({
      index: this.aliases.passages,
      size: 0,
      query: { bool: { filter: [{ terms: { review_id: ids } }], must: [query] } },
      aggs: { reviews: { terms: { field: 'review_id', size: ids.length }, aggs: { best: { top_hits: { size: perReview, sort, ...fetch } } } } },
      filter_path: ['aggregations.reviews.buckets.key', 'aggregations.reviews.buckets.best.hits.hits._source', 'aggregations.reviews.buckets.best.hits.hits.highlight'],
    });
    const out = new Map<string, estypes.SearchHit[]>();
    for (const b of bucketsOf(res.aggregations?.reviews)) {
      out.set(String(b.key), (b.best as estypes.AggregationsTopHitsAggregate | undefined)?.hits.hits ?? []);
    }
    return out;
  }

  /** The field a review's own themes are read from: the editor-confirmed ones under `theme_origin=confirmed`. */
  private themeKey(filters: object): 'theme' | 'confirmed_theme' {
    return fieldUnder('theme', filters, this.vocab.fields) as 'theme' | 'confirmed_theme';
  }

  async themeCounts(by: StatsDimension, filters: SearchFilters): Promise<ThemeCount[]> {
    return this.run(async () => {
      const res = await this.client.search({
        index: this.aliases.reviews,
        size: 0,
        query: this.reviewQuery(filters, parsedQuery(filters, this.vocab)),
        aggs: { by: { terms: { field: by, size: FACET_SIZE }, aggs: { theme: { terms: { field: this.themeKey(filters), size: THEME_SIZE } } } } },
      });
      const counts: ThemeCount[] = [];
      for (const b of bucketsOf(res.aggregations?.by)) {
        for (const t of bucketsOf(b.theme)) counts.push({ theme: String(t.key), bucket: String(b.key), count: t.doc_count });
      }
      return counts.sort((x, y) => compare(x.theme, y.theme) || compare(x.bucket, y.bucket));
    });
  }

  async themeTotals(filters: SearchFilters): Promise<FacetBucket[]> {
    return this.run(async () => {
      const res = await this.client.search({
        index: this.aliases.reviews,
        size: 0,
        query: this.reviewQuery(filters, parsedQuery(filters, this.vocab)),
        aggs: { theme: { terms: { field: this.themeKey(filters), size: THEME_SIZE, order: [{ _count: 'desc' }, { _key: 'asc' }] } } },
      });
      return bucketsOf(res.aggregations?.theme).map((b) => ({ key: String(b.key), count: b.doc_count }));
    });
  }

  async coOccurrence(filters: SearchFilters, themes?: string[]): Promise<CoOccurrence[]> {
    return this.run(async () => {
      const only = themes?.length ? { include: themes } : {};
      const res = await this.client.search({
        index: this.aliases.reviews,
        size: 0,
        query: this.reviewQuery(filters, parsedQuery(filters, this.vocab)),
        aggs: { a: { terms: { field: this.themeKey(filters), size: THEME_SIZE, ...only }, aggs: { b: { terms: { field: this.themeKey(filters), size: THEME_SIZE, ...only } } } } },
      });
      const pairs: CoOccurrence[] = [];
      for (const a of bucketsOf(res.aggregations?.a)) {
        for (const b of bucketsOf(a.b)) {
          if (String(a.key) < String(b.key)) pairs.push({ a: String(a.key), b: String(b.key), count: b.doc_count });
        }
      }
      return pairs.sort((x, y) => y.count - x.count || compare(x.a, y.a) || compare(x.b, y.b));
    });
  }

  async themePassages(theme: string, filters: SearchFilters, limit: number): Promise<ThemePassage[]> {
    return this.run(async () => {
      const clauses = [passageThemes([theme]), ...filterClauses(filters, this.vocab)];
      const parsed = parsedQuery(filters, this.vocab);
      if (!isEmptyQuery(parsed)) {
        // Query words apply to the whole review, so the passages come from the reviews that match.
        const matching = await this.client.search({
          index: this.aliases.reviews,
          size: MAX_QUERY_REVIEWS,
          _source: false,
          query: this.reviewQuery(filters, parsed),
        });
        clauses.push({ terms: { review_id: matching.hits.hits.map((h) => h._id!) } });
      }
      const res = await this.client.search<PassageDoc>({
        index: this.aliases.passages,
        size: limit,
        query: { bool: { filter: clauses } },
        sort: [{ section_priority: 'desc' }, themeScoreSort([theme]), { year: { order: 'desc', missing: '_last' } }, { review_id: 'asc' }, { passage_id: 'asc' }],
        _source: ['review_id', 'title', 'year', 'passage_id', 'text', 'page', 'section'],
      });
      return res.hits.hits.map((h) => {
        const d = h._source!;
        return {
          review_id: d.review_id,
          title: d.title,
          year: d.year ?? null,
          passage_id: d.passage_id,
          text: d.text,
          page: d.page,
          section: d.section,
          score: Number(h.sort?.[1] ?? 0),
        };
      });
    });
  }

  async suggestWords(words: string[]): Promise<(string | null)[]> {
    return this.run(() => suggestWords(this.client, this.aliases.reviews, words));
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** Each facet counts under every filter but its own (see conditions in search/fields.ts). */
  private facetAggregations(req: SearchFilters): Record<string, estypes.AggregationsAggregationContainer> {
    return Object.fromEntries(
      facetFields(this.vocab.fields).map((field) => [
        field,
        {
          filter: { bool: { filter: filterClauses(req, this.vocab, field) } },
          aggs: { values: { terms: { field: keyFor(field, req, this.vocab), size: FACET_SIZE, order: [{ _count: 'desc' }, { _key: 'asc' }] } } },
        },
      ]),
    );
  }

  private facetBuckets(aggs: Record<string, unknown> | undefined): Facets {
    const facets: Record<string, FacetBucket[]> = {};
    for (const field of facetFields(this.vocab.fields)) {
      const agg = aggs?.[field] as { values?: unknown } | undefined;
      const buckets = bucketsOf(agg?.values).map((b) => ({ key: String(b.key), count: b.doc_count }));
      facets[field] = this.vocab.fields[field].order === 'value-desc' ? buckets.sort((a, b) => compare(b.key, a.key)) : buckets;
    }
    return facets as Facets;
  }
}

interface TermsBucket {
  key: string | number;
  doc_count: number;
  [sub: string]: unknown;
}

function bucketsOf(agg: unknown): TermsBucket[] {
  return ((agg as { buckets?: TermsBucket[] } | undefined)?.buckets ?? []) as TermsBucket[];
}

function totalOf(total: estypes.SearchTotalHits | number | undefined): number {
  return typeof total === 'number' ? total : (total?.value ?? 0);
}

/** Each review's passages turned into snippets, those without one left out. */
function mapValues(hits: Map<string, estypes.SearchHit[]>, snippet: (hit: estypes.SearchHit) => string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [id, list] of hits) out.set(id, list.map(snippet).filter((s): s is string => s !== undefined));
  return out;
}

/** Code-unit order, as the embedded backend's SQLite sorts text. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
