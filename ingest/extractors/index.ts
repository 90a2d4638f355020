import type { FileType } from '../../model';
import type { Extractor, RawDocument } from './extractor';
import { detectType } from './detect-type';
import { pdfExtractor } from './pdf';
import { docxExtractor } from './docx';
import { docExtractor } from './doc';
import { textExtractor } from './text';
import { IngestError } from '../errors';

export type { RawPage, RawDocument } from './extractor';
export { detectType } from './detect-type';

const EXTRACTORS: Record<FileType, Extractor> = {
  pdf: pdfExtractor,
  docx: docxExtractor,
  doc: docExtractor,
  txt: textExtractor,
};

export interface Extraction extends RawDocument {
  type: FileType;
}

/** Pick the extractor from the file's content (magic bytes), never from its name. */
export async function extractPages(data: Buffer): Promise<Extraction> {
  if (data.length === 0) throw new IngestError('file is empty (0 bytes)');
  const type = detectType(data);
  if (!type) throw new IngestError('unrecognised file type: not a PDF, Word or text file');
  return { type, ...(await EXTRACTORS[type].extract(data)) };
}
