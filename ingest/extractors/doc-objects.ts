/**
 * Text of the objects embedded in a Word 97 file. Each keeps a storage of its own under
 * ObjectPool (a packaged file, an OOXML package, a workbook or a document of its own, and the
 * picture Word shows for it), which word-extractor never opens. Their property sets are read with
 * the document's own (doc-properties.ts).
 */
import * as CFB from 'cfb';
import type { HiddenText } from './extractor';
import { embeddedText } from './docx-hidden';
import { readContainer } from './doc-properties';

/** Streams that say what an object is and how it is linked, not what it holds. */
const DESCRIPTIVE = new Set(['\u0001CompObj', '\u0001Ole', '\u0003ObjInfo']);
const OBJECT_STREAM = /^[^/]+\/ObjectPool\/([^/]+)\/(.+)$/;
const PACKAGE = '\u0001Ole10Native';

/**
 * A packaged file ([MS-OLEDS] 2.3.6, as Windows' Object Packager writes it): its name and where it
 * came from, then its own bytes, read through embeddedText so that a packaged DOCX gives its text.
 * Anything that does not add up is read as plain bytes.
 */
async function packagedText(stream: Buffer): Promise<string> {
  const zString = (at: number) => {
    const end = stream.indexOf(0, at);
    return end < 0 ? null : { text: stream.toString('latin1', at, end), next: end + 1 };
  };
  const name = zString(6);
  const source = name && zString(name.next);
  const tempAt = source ? source.next + 4 : -1;
  const tempLength = tempAt >= 0 && tempAt + 4 <= stream.length ? stream.readUInt32LE(tempAt) : -1;
  const sizeAt = tempAt + 4 + tempLength;
  if (!name || !source || tempLength < 0 || sizeAt + 4 > stream.length) return embeddedText(stream);
  const size = stream.readUInt32LE(sizeAt);
  if (sizeAt + 4 + size > stream.length) return embeddedText(stream);
  const payload = await embeddedText(stream.subarray(sizeAt + 4, sizeAt + 4 + size));
  return [name.text, source.text, payload].filter((s) => s.trim()).join(' | ');
}

/** The text of every embedded object, one entry an object, named by its storage. */
export async function readDocObjects(data: Buffer): Promise<HiddenText[]> {
  let cfb: CFB.CFB$Container;
  try {
    cfb = readContainer(data);
  } catch {
    return [];
  }
  const objects = new Map<string, string[]>();
  for (const [i, entry] of cfb.FileIndex.entries()) {
    const m = OBJECT_STREAM.exec(cfb.FullPaths[i]);
    if (!m || entry.type !== 2 || !entry.content || entry.name.startsWith('\u0005') || DESCRIPTIVE.has(entry.name)) continue;
    const stream = Buffer.from(entry.content as Uint8Array);
    const text = entry.name === PACKAGE ? await packagedText(stream) : await embeddedText(stream);
    if (text.trim()) objects.set(m[1], [...(objects.get(m[1]) ?? []), text]);
  }
  return [...objects].map(([name, texts]) => ({ part: 'embedded-object', where: `ObjectPool/${name}`, text: texts.join(' | ') }));
}
