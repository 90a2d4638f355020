import type { FilePart, FileType, PageBasis } from '../../model';

/**
 * Text of one page as the file gives it: lines separated by "\n", a blank line where the file
 * shows a paragraph break, table cells separated by "\t" (one row per line).
 */
export interface RawPage {
  num: number;
  text: string;
}

export interface RawDocument {
  pages: RawPage[];
  /** Footnote texts in order, "N text", lifted out of the page flow so they neither split paragraphs nor pose as body text. */
  footnotes: { text: string; page: number }[];
  /** How the page numbers were found; 'exact' unless the extractor says otherwise. */
  pageBasis?: PageBasis;
  /** Text the file carries outside its body, read only to be scanned for identifiers. */
  hidden?: HiddenText[];
}

export interface HiddenText {
  part: Exclude<FilePart, 'body'>;
  /** Which one: a part's file name, a property's name, "page 3". */
  where: string;
  text: string;
  page?: number;
  /** The value of a field that holds a person's name (author, last modified by, a comment's author). */
  person?: boolean;
}

export interface Extractor {
  readonly type: FileType;
  extract(data: Buffer): Promise<RawDocument>;
}
