/** The public copy of a file: its text kept, every other part that could carry an identifier gone, in every byte. */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import * as CFB from 'cfb';
import { PDFDocument, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { PDFParse } from 'pdf-parse';
import type { FileType } from '../model';
import { projectRoot } from '../lib/paths';
import type { HiddenFixture } from '../scripts/fixtures/hidden-parts';
import { FIXTURE_REPORTS } from '../test/fixture-repository';
import { wordOverlap } from '../test/word-overlap';
import { extractDocument } from './pipeline';
import { buildPublicCopy } from './public-copy';

const HIDDEN = path.join(projectRoot(), 'fixtures', 'hidden');
const fixtures: Omit<HiddenFixture, 'data'>[] = JSON.parse(fs.readFileSync(path.join(HIDDEN, 'expected.json'), 'utf8'));

/** Every form a string can take in a file's bytes: as written, UTF-16 either way (as Office and PDF write it), and as hex. */
function encodings(secret: string): string[] {
  const utf8 = Buffer.from(secret, 'utf8');
  const be = Buffer.from(secret, 'utf16le').swap16();
  return [secret, Buffer.from(secret, 'utf16le').toString('latin1'), be.toString('latin1'), utf8.toString('hex'), be.toString('hex')];
}

function foundIn(bytes: Buffer, secret: string): string | null {
  const text = bytes.toString('latin1').toLowerCase();
  return encodings(secret).find((form) => text.includes(form.toLowerCase())) ?? null;
}

function expectNoneIn(bytes: Buffer, secrets: string[], where: string): void {
  for (const secret of secrets) expect({ where, secret, found: foundIn(bytes, secret) }).toEqual({ where, secret, found: null });
}

/** Every part of a DOCX, inflated; and the parts of any zip inside it. */
async function docxParts(data: Buffer): Promise<[string, Buffer][]> {
  const zip = await JSZip.loadAsync(data);
  const out: [string, Buffer][] = [];
  for (const entry of Object.values(zip.files)) if (!entry.dir) out.push([entry.name, await entry.async('nodebuffer')]);
  return out;
}

/** Every stream of a Word 97 file, as stored (its text is not compressed). */
function docStreams(data: Buffer): [string, Buffer][] {
  const cfb = CFB.read(data, { type: 'buffer' });
  return cfb.FileIndex.flatMap((e, i): [string, Buffer][] => (e.type === 2 && e.content ? [[cfb.FullPaths[i], Buffer.from(e.content as Uint8Array)]] : []));
}

const partsOf = (data: Buffer, type: FileType) => (type === 'docx' ? docxParts(data) : type === 'doc' ? docStreams(data) : pdfObjects(data));

/** Every object of a PDF, its streams decompressed. */
async function pdfObjects(data: Buffer): Promise<[string, Buffer][]> {
  const doc = await PDFDocument.load(data, { updateMetadata: false });
  return doc.context.enumerateIndirectObjects().map(([ref, obj]) => {
    const body = obj instanceof PDFRawStream ? Buffer.concat([Buffer.from(obj.dict.toString(), 'latin1'), Buffer.from(decodePDFRawStream(obj).decode())]) : Buffer.from(obj.toString(), 'latin1');
    return [ref.toString(), body];
  });
}

async function textOf(data: Buffer): Promise<string> {
  return (await extractDocument(data)).layout.text;
}

describe.each(fixtures.map((f) => [f.file, f] as const))('the public copy of %s', (file, expected) => {
  const original = fs.readFileSync(path.join(HIDDEN, file));
  const type = path.extname(file).slice(1) as FileType;
  let copy: Buffer;
  beforeAll(async () => {
    copy = await buildPublicCopy(original, type);
  });

  it('starts from a file that holds every identifier', async () => {
    const parts = await partsOf(original, type);
    const all = Buffer.concat(parts.map(([, b]) => b));
    for (const secret of expected.secrets) expect({ secret, found: foundIn(all, secret) }).toEqual({ secret, found: expect.any(String) });
  });

  it('has none of them in any byte, compressed or not', async () => {
    expectNoneIn(copy, expected.secrets, 'the file as served');
    const parts = await partsOf(copy, type);
    expect(parts.length).toBeGreaterThan(0);
    for (const [name, bytes] of parts) expectNoneIn(bytes, expected.secrets, name);
  });

  it('keeps the text of the report', async () => {
    const before = await textOf(original);
    const after = await textOf(copy);
    expect(wordOverlap(before, after)).toBe(1);
    expect(wordOverlap(after, before)).toBe(1);
  });
});

describe('the public copy of a PDF', () => {
  it('has no annotation, form, metadata, bookmark, attachment or script left for a reader to find', async () => {
    const copy = await buildPublicCopy(fs.readFileSync(path.join(HIDDEN, 'hidden-parts.pdf')), 'pdf');
    const parser = new PDFParse({ data: new Uint8Array(copy), verbosity: 0 });
    try {
      const doc = await (parser as unknown as { load(): Promise<any> }).load();
      const { info, metadata } = await doc.getMetadata();
      expect(Object.keys(info).filter((k) => !/^(PDFFormatVersion|Is\w+|Language|EncryptFilterName)$/.test(k))).toEqual([]);
      expect(metadata).toBeNull();
      expect(await (await doc.getPage(1)).getAnnotations()).toEqual([]);
      expect(await doc.getOutline()).toBeNull();
      expect(await doc.getAttachments()).toBeNull();
      expect(await doc.getFieldObjects()).toBeNull();
      expect(await doc.getJSActions()).toBeNull();
    } finally {
      await parser.destroy();
    }
    const raw = Buffer.concat((await pdfObjects(copy)).map(([, b]) => b)).toString('latin1');
    for (const key of ['/Annots', '/AcroForm', '/OpenAction', '/JavaScript', '/EmbeddedFiles', '/Outlines', '/Metadata']) expect(raw).not.toContain(key);
  });
});

describe('the public copy of a bundled report', () => {
  it.each(['child-b-2014.docx', 'child-a-2012.pdf'])('%s reads as the original does, without its header, footer or properties', async (file) => {
    const original = fs.readFileSync(path.join(FIXTURE_REPORTS, file));
    const copy = await buildPublicCopy(original, file.endsWith('.pdf') ? 'pdf' : 'docx');
    const before = await extractDocument(original);
    const after = await extractDocument(copy);
    expect(wordOverlap(before.layout.text, after.layout.text)).toBeGreaterThanOrEqual(0.99);
    expect(after.pageCount).toBe(before.pageCount);
    expect(after.hidden).toEqual([]);
  });

  it('child-h-2011.doc reads as the original does, without its document properties', async () => {
    const original = fs.readFileSync(path.join(FIXTURE_REPORTS, 'child-h-2011.doc'));
    const copy = await buildPublicCopy(original, 'doc');
    const before = await extractDocument(original);
    const after = await extractDocument(copy);
    expect(before.hidden.some((h) => h.part === 'properties')).toBe(true);
    expect(after.layout.text).toBe(before.layout.text);
    expect(after.pageCount).toBe(before.pageCount);
    // Headers, footers and the like are in the text stream, which is kept whole: a .doc with any flag is withheld instead.
    expect(after.hidden).toEqual(before.hidden.filter((h) => h.part !== 'properties'));
  });
});
