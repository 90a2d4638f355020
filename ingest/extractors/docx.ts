import mammoth from 'mammoth';
import type { Extractor, RawPage } from './extractor';
import { IngestError } from '../errors';

export const docxExtractor: Extractor = {
  type: 'docx',
  async extract(data: Buffer): Promise<RawPage[]> {
    try {
      const { value } = await mammoth.extractRawText({ buffer: data });
      return [{ num: 1, text: value }];
    } catch (err) {
      throw new IngestError(`DOCX could not be read (${err instanceof Error ? err.message : String(err)})`);
    }
  },
};
