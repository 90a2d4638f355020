import type { FileType } from '../../model';
import type { Extractor, RawPage } from './extractor';
import { detectType } from './detect-type';
import { pdfExtractor } from './pdf';
import { docxExtractor } from './docx';
import { textExtractor } from './text';
import { IngestError } from '../errors';

export type { RawPage } from './extractor';
export { detectType } from './detect-type';

const EXTRACTORS: Partial<Record<FileType, Extractor>> = {
  pdf: pdfExtractor,
  docx: docxExtractor,
  txt: textExtractor,
};

export interface Extraction {
  type: FileType;
  pages: RawPage[];
}

export async function extractPages(data: Buffer): Promise<Extraction> {
  if (data.length === 0) throw new IngestError('file is empty (0 bytes)');
  const type = detectType(data);
  if (!type) throw new IngestError('unrecognised file type: not a PDF, Word or text file');
  const extractor = EXTRACTORS[type];
  if (!extractor) throw new IngestError(`no extractor for ${type} files`);
  return { type, pages: await extractor.extract(data) };
}
