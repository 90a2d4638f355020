import type { FileType } from '../../model';

/** Raw text of one page as the file gives it, lines separated by "\n". */
export interface RawPage {
  num: number;
  text: string;
}

export interface Extractor {
  readonly type: FileType;
  extract(data: Buffer): Promise<RawPage[]>;
}
