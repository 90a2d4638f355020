import type { FileType } from '../../model';

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
}

export interface Extractor {
  readonly type: FileType;
  extract(data: Buffer): Promise<RawDocument>;
}
