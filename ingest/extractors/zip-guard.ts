import JSZip from 'jszip';
import { IngestError } from '../errors';

/** Limits for a Word file's zip, checked before anything is inflated in full. */
export const ZIP_LIMITS = {
  /** Sum of the declared uncompressed sizes of all parts. */
  totalBytes: 256 * 1024 * 1024,
  /** Any one XML part, declared or actually inflated. */
  xmlPartBytes: 64 * 1024 * 1024,
  /** Declared uncompressed size over compressed size, for parts big enough to matter. */
  ratio: 200,
};

interface ZipEntryData {
  compressedSize: number;
  uncompressedSize: number;
}

/** JSZip keeps each entry's central-directory sizes on `_data` until the entry is first read. */
function declaredSizes(entry: JSZip.JSZipObject): ZipEntryData {
  const data = (entry as unknown as { _data?: Partial<ZipEntryData> })._data;
  return { compressedSize: data?.compressedSize ?? 0, uncompressedSize: data?.uncompressedSize ?? 0 };
}

interface ZipStream {
  on(event: 'data', fn: (chunk: Uint8Array) => void): ZipStream;
  on(event: 'error', fn: (err: Error) => void): ZipStream;
  on(event: 'end', fn: () => void): ZipStream;
  pause(): ZipStream;
  resume(): ZipStream;
}

/** Inflate one part as a stream and stop as soon as it outgrows the limit, whatever its header claimed. */
function readCapped(entry: JSZip.JSZipObject, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // internalStream is JSZip's documented streaming reader, missing from its type declarations.
    const stream = (entry as unknown as { internalStream(type: 'uint8array'): ZipStream }).internalStream('uint8array');
    stream
      .on('data', (chunk: Uint8Array) => {
        size += chunk.length;
        if (size > limit) {
          stream.pause();
          reject(new IngestError(`DOCX is too large: ${entry.name} inflates beyond ${limit} bytes (zip bomb?)`));
          return;
        }
        chunks.push(Buffer.from(chunk));
      })
      .on('error', () => reject(new IngestError(`DOCX is corrupt or truncated: ${entry.name} cannot be unpacked`)))
      .on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
      .resume();
  });
}

const DTD = /<!DOCTYPE|<!ENTITY/i;

/** What a zip that is not a Word file holds, when it says (OpenDocument and EPUB name their type in "mimetype"). */
function packageKind(zip: JSZip): string {
  const names = Object.keys(zip.files);
  if (names.includes('xl/workbook.xml')) return ' (it is an Excel workbook)';
  if (names.includes('ppt/presentation.xml')) return ' (it is a PowerPoint presentation)';
  if (names.includes('mimetype')) return ' (it is an OpenDocument or similar package: save it as DOCX or PDF)';
  return '';
}

/** A Word file's zip, checked, with the text of its XML parts as the check inflated them. */
export interface WordZip {
  zip: JSZip;
  /** Every .xml and .rels part by name, inflated once: the rest of the reading takes them from here. */
  xml: Map<string, string>;
}

/**
 * Refuse a Word file that could hurt the reader: a zip bomb (declared sizes or ratios beyond the
 * limits, or an XML part that inflates past its limit) or XML that declares a DTD or entities
 * (XXE). Runs before mammoth sees the file; entities are never resolved.
 */
export async function checkWordZip(data: Buffer): Promise<JSZip> {
  return (await readWordZip(data)).zip;
}

/** The checks of checkWordZip, giving back the zip and its XML parts for the rest of the reading. */
export async function readWordZip(data: Buffer): Promise<WordZip> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data, { checkCRC32: false });
  } catch {
    throw new IngestError('DOCX is corrupt or truncated: it is not a complete zip file');
  }
  const entries = Object.values(zip.files).filter((e) => !e.dir);
  if (!entries.some((e) => e.name === 'word/document.xml')) throw new IngestError(`not a Word document: the zip has no word/document.xml${packageKind(zip)}`);
  let total = 0;
  for (const e of entries) {
    const { compressedSize, uncompressedSize } = declaredSizes(e);
    total += uncompressedSize;
    const xml = /\.(xml|rels)$/i.test(e.name);
    if (xml && uncompressedSize > ZIP_LIMITS.xmlPartBytes) throw new IngestError(`DOCX is too large: ${e.name} declares ${uncompressedSize} bytes`);
    if (uncompressedSize > 1024 * 1024 && uncompressedSize / Math.max(compressedSize, 1) > ZIP_LIMITS.ratio)
      throw new IngestError(`DOCX is too large: ${e.name} would inflate ${Math.round(uncompressedSize / Math.max(compressedSize, 1))} times (zip bomb?)`);
  }
  if (total > ZIP_LIMITS.totalBytes) throw new IngestError(`DOCX is too large: ${total} bytes uncompressed`);
  const xml = new Map<string, string>();
  for (const e of entries.filter((x) => /\.(xml|rels)$/i.test(x.name))) {
    const text = await readCapped(e, ZIP_LIMITS.xmlPartBytes);
    if (DTD.test(text)) throw new IngestError(`DOCX refused: ${e.name} declares a DTD or XML entity (possible XXE)`);
    xml.set(e.name, text);
  }
  return { zip, xml };
}
