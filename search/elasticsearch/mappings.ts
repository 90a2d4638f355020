import type { estypes } from '@elastic/elasticsearch';

/** Bumped when a mapping changes: indices of another version are rebuilt, not reused. */
export const SCHEMA_VERSION = '2';

const keyword = { type: 'keyword' } as const;
const stored = { type: 'keyword', index: false, doc_values: false } as const;

/**
 * English text analysis without stop words, so a phrase or a word list means exactly what it
 * says (as in the embedded backend); the search side adds the taxonomy synonyms before stemming,
 * so a synonym's words are stemmed like the text they match.
 */
export function analysisSettings(synonyms: string[]): estypes.IndicesIndexSettingsAnalysis {
  const base = ['english_possessive', 'lowercase'];
  return {
    filter: {
      english_possessive: { type: 'stemmer', language: 'possessive_english' },
      english_stemmer: { type: 'stemmer', language: 'english' },
      taxonomy_synonyms: { type: 'synonym_graph', synonyms, lenient: false },
    },
    analyzer: {
      text_en: { type: 'custom', tokenizer: 'standard', filter: [...base, 'english_stemmer'] },
      text_en_search: {
        type: 'custom',
        tokenizer: 'standard',
        filter: [...base, ...(synonyms.length ? ['taxonomy_synonyms'] : []), 'english_stemmer'],
      },
    },
  };
}

const text = { type: 'text', analyzer: 'text_en', search_analyzer: 'text_en_search' } as const;

/** Fields both indices carry, so one filter builder serves reviews and passages alike. */
const filterFields: Record<string, estypes.MappingProperty> = {
  review_id: keyword,
  year: { type: 'integer' },
  area: keyword,
  region: keyword,
  review_type: keyword,
  age_band: keyword,
  agency: keyword,
  theme: keyword,
};

export const REVIEW_MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  _meta: { schema: SCHEMA_VERSION },
  _source: { excludes: ['body'] },
  properties: {
    ...filterFields,
    title: { ...text, copy_to: 'all', fields: { sort: keyword } },
    // One value per passage: a phrase never runs from one passage into the next.
    body: { ...text, copy_to: 'all' },
    all: text,
    published_at: { type: 'date' },
    passage_ids: stored,
  },
};

export const PASSAGE_MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  _meta: { schema: SCHEMA_VERSION },
  properties: {
    ...filterFields,
    title: stored,
    passage_id: keyword,
    text,
    page: { type: 'integer' },
    section: keyword,
    section_priority: { type: 'byte' },
    // Nested, so a theme's score is read from the same entry as the theme.
    themes: { type: 'nested', properties: { id: keyword, score: { type: 'float' } } },
  },
};
