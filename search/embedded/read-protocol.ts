import type { SearchFieldRegistry, SearchFieldSpec } from '../../model';
import type { SearchVocabulary } from '../fields';
import type { IndexReader } from './reader';

/** The reader's methods a worker answers. */
export type ReadMethod = 'search' | 'themeCounts' | 'themeTotals' | 'coOccurrence' | 'themePassages';

export interface ReadRequest {
  id: number;
  method: ReadMethod;
  args: unknown[];
}

/** An error keeps its name and code (SQLite's, say) across the thread boundary. */
export type ReadReply = { id: number; result: unknown } | { id: number; error: { message: string; name: string; code?: string } };

export interface ReaderData {
  file: string;
  vocab: PortableVocabulary;
}

type ReaderMethods = Pick<IndexReader, ReadMethod>;
export type ReadArgs<M extends ReadMethod> = Parameters<ReaderMethods[M]>;
export type ReadResult<M extends ReadMethod> = ReturnType<ReaderMethods[M]>;

/** A field as it crosses to a reader thread: a function or a value schema does not cross, and reading needs neither. */
export type PortableField = Omit<SearchFieldSpec, 'of' | 'value'>;

export interface PortableVocabulary extends Omit<SearchVocabulary, 'fields'> {
  fields: Record<string, PortableField>;
}

export function portableVocabulary(vocab: SearchVocabulary): PortableVocabulary {
  const fields: Record<string, PortableField> = {};
  for (const [name, spec] of Object.entries(vocab.fields)) {
    const { of: _of, value: _value, ...rest } = spec;
    fields[name] = rest;
  }
  return { fields, broader: vocab.broader, terms: vocab.terms };
}

/** The vocabulary a reader thread works with: how values combine, count and order; review values are computed where reviews are written. */
export function readerVocabulary(portable: PortableVocabulary): SearchVocabulary {
  const fields: Record<string, SearchFieldSpec> = {};
  for (const [name, spec] of Object.entries(portable.fields)) fields[name] = { ...spec, value: {} as SearchFieldSpec['value'], of: notOnReader };
  return { fields: fields as SearchFieldRegistry, broader: portable.broader, terms: portable.terms };
}

function notOnReader(): never {
  throw new Error('review values are computed where reviews are written');
}
