import type { estypes } from '@elastic/elasticsearch';
import { indexKeys, type SearchVocabulary } from '../fields';

/** Bumped when a mapping changes: indices of another version are rebuilt, not reused. */
export const SCHEMA_VERSION = '5';

const keyword = { type: 'keyword' } as const;
const stored = { type: 'keyword', index: false, doc_values: false } as const;

/**
 * Text analysis that reads words as the embedded engine's FTS5 `porter unicode61` tokenizer does,
 * so both engines find the same reviews: a word is a run of letters and digits (apostrophes,
 * hyphens and all other marks split words: "child's" is "child" then "s"), folded to lower case
 * without diacritics, then Porter-stemmed (the `porter` stemmer is the algorithm FTS5 uses). No stop
 * words, so a phrase means exactly what it says. Synonyms are not the analyser's: queries arrive
 * already widened by the taxonomy's search terms (search/query.ts), the same as on the embedded engine.
 */
export const ANALYSIS: estypes.IndicesIndexSettingsAnalysis = {
  tokenizer: {
    letters_digits: { type: 'pattern', pattern: '[^\\p{L}\\p{N}]+' },
  },
  filter: {
    porter: { type: 'stemmer', language: 'porter' },
  },
  analyzer: {
    text_en: { type: 'custom', tokenizer: 'letters_digits', filter: ['lowercase', 'asciifolding', 'porter'] },
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
    title: { ...text, copy_to: 'words', fields: { sort: keyword } },
    // Passages end to end, as the embedded engine's FTS5 body column holds them: no gap between values.
    body: { ...text, position_increment_gap: 0, copy_to: 'words' },
    // The words as written (the standard analyser: no stemming), which spelling suggestions are made of; never searched.
    words: { type: 'text', analyzer: 'standard' },
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
    // Offsets in the postings: snippets are marked from the index, without analysing passages again.
    text: { ...text, index_options: 'offsets' as const },
    page: { type: 'integer' },
    section: keyword,
    section_priority: { type: 'byte' },
    // Nested, so a theme's score is read from the same entry as the theme.
    themes: { type: 'nested', properties: { id: keyword, score: { type: 'float' } } },
  },
});
