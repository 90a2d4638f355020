/**
 * The search vocabulary, declared once. Each entry is one search field: its wire name (the key),
 * how a review yields its values, how ticked values combine, whether it is a facet and a
 * statistics dimension, and its labels. Route validation, the OpenAPI document, the server's
 * types, both engines' index, filter and facet code and the portal's filter panel all derive
 * from this table: adding a filter with a facet is one entry here (and its value labels).
 */
import Type from 'typebox';
import { AGE_BANDS, OUTCOMES, REVIEW_TYPES, editorConfirmed, type ReviewRecord } from './review';
import { AGE_BAND_LABELS, OUTCOME_LABELS, REVIEW_TYPE_LABELS } from './labels';

export interface SearchFieldSpec {
  /** What the portal calls the field. */
  label: string;
  /** The JSON schema of one value on the wire. */
  value: Type.TSchema;
  /** How many values a list filter accepts. */
  maxValues?: number;
  /** A review's values. Range fields yield numbers; all others strings. */
  of(review: ReviewRecord): (string | number)[];
  /** A review may have several values (otherwise one at most). */
  multi?: boolean;
  /** 'all': a review must carry every ticked value; 'any': at least one of them. */
  combine: 'any' | 'all';
  /** Filtered as a span (`<name>_from`, `<name>_to`) instead of by a list of values. */
  range?: boolean;
  facet: boolean;
  /** A dimension statistics count themes by (a field with one value per review). */
  stats: boolean;
  /** Values have narrower values (the theme taxonomy): a ticked value also matches its narrower ones. */
  hierarchy?: boolean;
  /** Facet buckets newest first instead of commonest first. */
  order?: 'count' | 'value-desc';
  /** Labels for coded values; fields without them show values as they are (or, for themes, the taxonomy's labels). */
  labels?: Readonly<Record<string, string>>;
  /** How ticked values combine, in the words the filter panel uses. */
  explain: string;
  /**
   * The field holding only the values an editor has confirmed: under `theme_origin=confirmed` this
   * field is matched, counted and listed from that one instead.
   */
  confirmed?: string;
}

const freeText = Type.String({ minLength: 1, maxLength: 200 });

/** Declared with `satisfies`, so each entry keeps its own value schema for the wire types below. */
export const SEARCH_FIELDS = {
  theme: {
    label: 'Theme',
    value: Type.String({ pattern: '^[a-z0-9-]{1,60}$' }),
    of: (r) => r.themes.map((t) => t.id),
    multi: true,
    combine: 'all',
    facet: true,
    stats: false,
    hierarchy: true,
    explain: 'Reviews with every theme ticked (a narrower theme counts for a broader one)',
    confirmed: 'confirmed_theme',
  },
  confirmed_theme: {
    label: 'Theme confirmed by an editor',
    value: Type.String({ pattern: '^[a-z0-9-]{1,60}$' }),
    of: (r) => r.themes.filter(editorConfirmed).map((t) => t.id),
    multi: true,
    combine: 'all',
    facet: false,
    stats: false,
    hierarchy: true,
    explain: 'Reviews where an editor confirmed (or added) every theme ticked',
  },
  year: {
    label: 'Year of publication',
    value: Type.Integer({ minimum: 1900, maximum: 2100 }),
    of: (r) => (r.metadata.year === null ? [] : [r.metadata.year]),
    combine: 'any',
    range: true,
    facet: true,
    stats: true,
    order: 'value-desc',
    explain: 'Reviews published in the years ticked, as one span',
  },
  review_type: {
    label: 'Review type',
    value: Type.Enum(REVIEW_TYPES),
    maxValues: REVIEW_TYPES.length,
    of: (r) => [r.metadata.reviewType],
    combine: 'any',
    facet: true,
    stats: true,
    labels: REVIEW_TYPE_LABELS,
    explain: 'Reviews of any type ticked',
  },
  region: {
    label: 'Region',
    value: freeText,
    of: (r) => (r.metadata.region ? [r.metadata.region] : []),
    combine: 'any',
    facet: true,
    stats: true,
    explain: 'Reviews from any region ticked',
  },
  area: {
    label: 'Safeguarding partnership',
    value: freeText,
    of: (r) => (r.metadata.area ? [r.metadata.area] : []),
    combine: 'any',
    facet: true,
    stats: true,
    explain: 'Reviews from any area ticked',
  },
  age_band: {
    label: 'Child’s age',
    value: Type.Enum(AGE_BANDS),
    maxValues: AGE_BANDS.length,
    of: (r) => [r.metadata.ageBand],
    combine: 'any',
    facet: true,
    stats: true,
    labels: AGE_BAND_LABELS,
    explain: 'Reviews of a child in any age band ticked',
  },
  outcome: {
    label: 'Outcome',
    value: Type.Enum(OUTCOMES),
    maxValues: OUTCOMES.length,
    of: (r) => [r.metadata.outcome],
    combine: 'any',
    facet: true,
    stats: true,
    labels: OUTCOME_LABELS,
    explain: 'Reviews with any outcome ticked',
  },
  agency: {
    label: 'Agency',
    value: freeText,
    of: (r) => r.metadata.agencies,
    multi: true,
    combine: 'any',
    facet: true,
    stats: false,
    explain: 'Reviews naming any agency ticked',
  },
} satisfies Record<string, SearchFieldSpec>;

export type SearchFieldRegistry = Readonly<Record<string, SearchFieldSpec>>;
type Fields = typeof SEARCH_FIELDS;
export type SearchFieldName = keyof Fields & string;

type RangeName<F> = { [K in keyof F & string]: F[K] extends { range: true } ? K : never }[keyof F & string];
type ListName<F> = Exclude<keyof F & string, RangeName<F>>;
type FacetName<F> = { [K in keyof F & string]: F[K] extends { facet: true } ? K : never }[keyof F & string];
type StatsName<F> = { [K in keyof F & string]: F[K] extends { stats: true } ? K : never }[keyof F & string];

export type FacetField = FacetName<Fields>;
export type StatsDimension = StatsName<Fields>;

const names = <P extends (f: SearchFieldSpec) => boolean>(fields: SearchFieldRegistry, p: P) =>
  Object.entries(fields)
    .filter(([, f]) => p(f))
    .map(([name]) => name);

export const facetFields = (fields: SearchFieldRegistry) => names(fields, (f) => f.facet);
export const statsDimensions = (fields: SearchFieldRegistry) => names(fields, (f) => f.stats);
export const FACET_FIELDS = facetFields(SEARCH_FIELDS) as FacetField[];
export const STATS_DIMENSIONS = statsDimensions(SEARCH_FIELDS) as StatsDimension[];

/** The wire parameters a range field is filtered by. */
export const rangeKeys = (name: string) => ({ from: `${name}_from`, to: `${name}_to` }) as const;

type FilterProperties<F> = {
  [K in ListName<F>]: Type.TOptional<Type.TArray<F[K] extends { value: infer V extends Type.TSchema } ? V : never>>;
} & {
  [K in RangeName<F> as `${K}_from` | `${K}_to`]: Type.TOptional<Type.TInteger>;
};

/** The filter parameters of a field table, as JSON schema properties. */
export function filterProperties<F extends SearchFieldRegistry>(fields: F): FilterProperties<F> {
  const props: Record<string, Type.TSchema> = {};
  for (const [name, f] of Object.entries(fields)) {
    if (f.range) {
      const keys = rangeKeys(name);
      props[keys.from] = Type.Optional(f.value);
      props[keys.to] = Type.Optional(f.value);
    } else {
      props[name] = Type.Optional(Type.Array(f.value, { maxItems: f.maxValues ?? 50 }));
    }
  }
  return props as FilterProperties<F>;
}

/** Which review themes a request reads: every public theme (the tagger's, with editors' decisions laid over), or only those an editor confirmed or added. */
export const THEME_ORIGIN_FILTERS = ['any', 'confirmed'] as const;
export type ThemeOriginFilter = (typeof THEME_ORIGIN_FILTERS)[number];

/** Parameters that are not fields: the words, whether a theme takes in its narrower themes, and which themes count. */
export const QUERY_PROPERTIES = {
  q: Type.Optional(Type.String({ maxLength: 500 })),
  narrower: Type.Optional(Type.Boolean({ description: 'false takes each ticked theme alone, without its narrower themes (taken in by default)' })),
  theme_origin: Type.Optional(
    Type.Enum(THEME_ORIGIN_FILTERS, {
      description: "confirmed: themes are filtered, counted and listed from those an editor confirmed or added only (every public theme by default)",
    }),
  ),
};

/** Whether a request reads editor-confirmed themes only. */
export const confirmedOnly = (filters: object) => (filters as { theme_origin?: ThemeOriginFilter }).theme_origin === 'confirmed';

/** The field a request reads a field's values from: its `confirmed` field under `theme_origin=confirmed`, itself otherwise. */
export function fieldUnder(name: string, filters: object, fields: SearchFieldRegistry = SEARCH_FIELDS): string {
  const confirmed = fields[name]?.confirmed;
  return confirmed && confirmedOnly(filters) ? confirmed : name;
}

/** What every search-like request filters by (search, statistics, exports, feeds, digests), for a field table. */
export function searchFiltersSchema<F extends SearchFieldRegistry>(fields: F) {
  return Type.Object({ ...QUERY_PROPERTIES, ...filterProperties(fields) }, { additionalProperties: false });
}

export const SearchFiltersSchema = searchFiltersSchema(SEARCH_FIELDS);
export type SearchFilters = Type.Static<typeof SearchFiltersSchema>;

/** The filter parameter names in a fixed order, so the same filters always read the same as a query string. */
export function filterKeys(fields: SearchFieldRegistry = SEARCH_FIELDS): string[] {
  return [...Object.keys(QUERY_PROPERTIES), ...Object.keys(filterProperties(fields))];
}

/** A field's ticked values in a request, whatever table the request was built from. */
export function listValues(filters: object, name: string): string[] {
  const v = (filters as Record<string, unknown>)[name];
  return Array.isArray(v) ? v.map(String) : [];
}

/** A range field's span in a request; either end may be open. */
export function rangeValues(filters: object, name: string): { from?: number; to?: number } {
  const keys = rangeKeys(name);
  const f = filters as Record<string, unknown>;
  return { from: f[keys.from] as number | undefined, to: f[keys.to] as number | undefined };
}

/** A field table's facets as a response schema. */
export function facetsSchema(fields: SearchFieldRegistry = SEARCH_FIELDS) {
  return Type.Object(Object.fromEntries(facetFields(fields).map((n) => [n, Type.Array(FacetBucketSchema)])));
}

export const FacetBucketSchema = Type.Object({ key: Type.String(), count: Type.Integer() });
