import type { estypes } from '@elastic/elasticsearch';
import { indexKeys, type SearchVocabulary } from '../fields';

/** Bumped when a mapping changes: indices of another version are rebuilt, not reused. */
export const SCHEMA_VERSION = '4';

const keyword = { type: 'keyword' } as const;
const stored = { type: 'keyword', index: false, doc_values: false } as const;

/**
 * English text analysis without stop words, so a phrase or a word list means exactly what it
 * says (as in the embedded backend). Synonyms are not the analyser's: queries arrive already
 * widened by the taxonomy's search terms (search/query.ts), the same as on the embedded engine.
 */
export const ANALYSIS: estypes.IndicesIndexSettingsAnalysis = {
  filter: {
    english_possessive: { type: 'stemmer', language: 'possessive_english' },
    english_stemmer: { type: 'stemmer', language: 'english' },
  },
  analyzer: {
    text_en: { type: 'custom', tokenizer: 'standard', filter: ['english_possessive', 'lowercase', 'english_stemmer'] },
  },
};

const text = { type: 'text', analyzer: 'text_en' } as const;

/** Fields both indices carry, from the field table, so one filter builder serves reviews and passages alike. */
function filterFields(vocab: SearchVocabulary): Record<string, estypes.MappingProperty> {
  return {
    review_id: keyword,
    ...Object.fromEntries(indexKeys(vocab).map((key) => [key, vocab.fields[key]?.range ? { type: 'integer' } : keyword])),
  };
}

export const reviewMappings = (vocab: SearchVocabulary): estypes.MappingTypeMapping => ({
  dynamic: 'strict',
  _meta: { schema: SCHEMA_VERSION },
  _source: { excludes: ['body'] },
  properties: {
    ...filterFields(vocab),
    title: { ...text, copy_to: 'all', fields: { sort: keyword } },
    // One value per passage: a phrase never runs from one passage into the next.
    body: { ...text, copy_to: 'all' },
    // The words as written (the standard analyser: no stemming), which spelling suggestions are made of.
    all: { ...text, fields: { plain: { type: 'text', analyzer: 'standard' } } },
    published_at: { type: 'date' },
    passage_ids: stored,
  },
});

export const passageMappings = (vocab: SearchVocabulary): estypes.MappingTypeMapping => ({
  dynamic: 'strict',
  _meta: { schema: SCHEMA_VERSION },
  properties: {
    ...filterFields(vocab),
    title: stored,
    passage_id: keyword,
    text,
    page: { type: 'integer' },
    section: keyword,
    section_priority: { type: 'byte' },
    // Nested, so a theme's score is read from the same entry as the theme.
    themes: { type: 'nested', properties: { id: keyword, score: { type: 'float' } } },
  },
});
