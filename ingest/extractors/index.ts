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

/** NUL and other control characters (C0 but tab and newline, DEL, C1): no format has any use for them in text. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]+/g;

export function withoutControlCharacters(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, (run) => (run.includes('\u000B') || run.includes('\f') ? '\n' : ''));
}

/** "PDF is corrupt or truncated (Invalid Root reference.)": what follows in brackets is the parser's, not the user's. */
const LIBRARY_DETAIL = /^(PDF|DOCX|DOC) is corrupt or (?:truncated|unreadable) \(.*\)$/s;

function inUserWords(err: unknown): unknown {
  const match = err instanceof IngestError ? LIBRARY_DETAIL.exec(err.message) : null;
  if (!match) return err;
  const kind = match[1] === 'PDF' ? 'PDF' : 'Word document';
  return new IngestError(`${match[1]} is corrupt or truncated and cannot be read; it may be damaged or not a real ${kind}: ask the publisher for a good copy`);
}

/** Pick the extractor from the file's content (magic bytes), never from its name. */
export async function extractPages(data: Buffer): Promise<Extraction> {
  if (data.length === 0) throw new IngestError('file is empty (0 bytes)');
  const type = detectType(data);
  if (!type) throw new IngestError('unrecognised file type: not a PDF, Word or text file');
  const raw = await EXTRACTORS[type].extract(data).catch((err: unknown) => {
    throw inUserWords(err);
  });
  return {
    ...raw,
    type,
    pages: raw.pages.map((p) => ({ ...p, text: withoutControlCharacters(p.text) })),
    footnotes: raw.footnotes.map((f) => ({ ...f, text: withoutControlCharacters(f.text) })).filter((f) => f.text.trim()),
  };
}
