import { PDFParse } from 'pdf-parse';
import type { Extractor, RawPage } from './extractor';
import { IngestError } from '../errors';

export const pdfExtractor: Extractor = {
  type: 'pdf',
  async extract(data: Buffer): Promise<RawPage[]> {
    const parser = new PDFParse({ data: new Uint8Array(data), verbosity: 0 });
    try {
      const result = await parser.getText({ pageJoiner: '' });
      return result.pages.map((p) => ({ num: p.num, text: p.text }));
    } catch (err) {
      throw new IngestError(describePdfError(err));
    } finally {
      await parser.destroy();
    }
  },
};

function describePdfError(err: unknown): string {
  const name = (err as { name?: string })?.name ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'PasswordException' || /password/i.test(message)) return 'PDF is encrypted (password protected)';
  if (name === 'InvalidPDFException' || /invalid pdf/i.test(message)) return `PDF is corrupt or truncated (${message})`;
  return `PDF could not be read (${message})`;
}
