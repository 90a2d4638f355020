/** The theme taxonomy and the tagger: the only entry point other modules import. */
export { loadTaxonomy, defaultTaxonomyFile, REQUIRED_THEME_IDS, type Taxonomy } from './load';
export { createTagger, type Tagger } from './tagger';
export { tagStream } from './stream';
export { evaluate, formatReport, readLabelled, type EvaluationReport, type LabelledPassage, type ThemeScore } from './evaluate';
