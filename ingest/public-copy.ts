import type { FileType } from '../model';
import { checkWordZip } from './extractors/zip-guard';
import { withoutDocProperties } from './extractors/doc-properties';
import { IngestError } from './errors';

/**
 * Bumped whenever the cleaning changes, so copies made by an older version are made again rather
 * than served.
 */
export const PUBLIC_COPY_VERSION = '3';

/** Parts of a DOCX that the public copy leaves out altogether: none of them is the report's text. */
const DROPPED_PARTS = [
  /^word\/comments\w*\.xml$/,
  /^word\/people\.xml$/,
  /^word\/header\d*\.xml$/,
  /^word\/footer\d*\.xml$/,
  /^word\/embeddings\//,
  /^word\/vbaProject\.bin$/,
  /^word\/vbaData\.xml$/,
  /^word\/glossary\//,
  /^word\/webextensions\//,
  /^customXml\//,
  /^docProps\/custom\.xml$/,
  /^docProps\/thumbnail\.\w+$/,
];

/** Elements of document.xml that go, with all they hold. */
const DROPPED_ELEMENTS = ['w:del', 'w:moveFrom', 'w:object', 'w:rPrChange', 'w:pPrChange', 'w:sectPrChange', 'w:tblPrChange', 'w:trPrChange', 'w:tcPrChange', 'w:numberingChange'];

/** Elements that go where they stand, their content (if any) kept: insertions are accepted. */
const UNWRAPPED_ELEMENTS = ['w:ins', 'w:moveTo'];

/** Empty elements that point at dropped parts or mark what was dropped. */
const DROPPED_MARKERS = /<w:(?:commentRangeStart|commentRangeEnd|commentReference|headerReference|footerReference|endnoteReference|moveFromRangeStart|moveFromRangeEnd|moveToRangeStart|moveToRangeEnd|customXmlDelRangeStart|customXmlDelRangeEnd|customXmlInsRangeStart|customXmlInsRangeEnd)\b[^>]*\/>/g;

const CORE_PROPERTIES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>';
const APP_PROPERTIES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>';

function removeElements(xml: string, name: string): string {
  // Not nested in themselves (a deletion holds no deletion), so the nearest end closes each.
  const open = new RegExp(`<${name}\\b[^>]*?/>|<${name}\\b[^>]*>[\\s\\S]*?</${name}>`, 'g');
  return xml.replace(open, '');
}

function unwrapElements(xml: string, name: string): string {
  return xml.replace(new RegExp(`<${name}\\b[^>]*?/>|<${name}\\b[^>]*>|</${name}>`, 'g'), '');
}

/** Deleted paragraph marks and the like are recorded inside run and paragraph properties as empty w:del/w:ins. */
function cleanDocumentXml(xml: string): string {
  let out = xml;
  for (const name of DROPPED_ELEMENTS) out = removeElements(out, name);
  for (const name of UNWRAPPED_ELEMENTS) out = unwrapElements(out, name);
  return out
    .replace(DROPPED_MARKERS, '')
    // Who made a change, and alt text of pictures, which no reader of the page sees.
    .replace(/\s(?:w:author|w:initials|w15:author|descr|title)="[^"]*"/g, '');
}

async function cleanDocx(data: Buffer): Promise<Buffer> {
  const zip = await checkWordZip(data);
  const names = Object.keys(zip.files);
  const dropped = names.filter((name) => DROPPED_PARTS.some((re) => re.test(name)));
  // A dropped part's own relationships go with it.
  dropped.push(...names.filter((name) => dropped.some((d) => name === d.replace(/([^/]+)$/, '_rels/$1.rels'))));
  const droppedTargets = new Set(dropped.map((n) => `/${n}`));
  for (const name of dropped) zip.remove(name);
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const name = entry.name;
    if (name.endsWith('.rels')) {
      // Relationships are resolved against the folder of the part they belong to.
      const base = `/${name.replace(/_rels\/[^/]*\.rels$/, '')}`;
      const xml = await entry.async('string');
      zip.file(
        name,
        xml.replace(/<Relationship\b[^>]*\/>/g, (rel) => {
          const target = /\sTarget="([^"]*)"/.exec(rel)?.[1] ?? '';
          // Web links stay; any other outside target (a mail address, a linked picture's path with a
          // user's name in it, a template on someone's drive) is replaced by a name that says nothing.
          if (/\sTargetMode="External"/.test(rel)) {
            if (/\/hyperlink"/.test(rel) && /^https?:/i.test(target)) return rel;
            const ext = /\.(\w{1,5})$/.exec(target)?.[1];
            return rel.replace(/\sTarget="[^"]*"/, ` Target="removed${ext ? `.${ext}` : ''}"`);
          }
          const resolved = target.startsWith('/') ? target : new URL(target, `http://x${base}`).pathname;
          return droppedTargets.has(decodeURIComponent(resolved)) ? '' : rel;
        }),
      );
    } else if (name === '[Content_Types].xml') {
      const xml = await entry.async('string');
      zip.file(name, xml.replace(/<Override\b[^>]*PartName="([^"]*)"[^>]*\/>/g, (o, part: string) => (droppedTargets.has(part) ? '' : o)));
    } else if (name === 'word/document.xml') zip.file(name, cleanDocumentXml(await entry.async('string')));
    else if (name === 'word/footnotes.xml') zip.file(name, cleanDocumentXml(await entry.async('string')));
    // Kept, since settings.xml refers to its separators, but with no word of its notes.
    else if (name === 'word/endnotes.xml') zip.file(name, cleanDocumentXml(await entry.async('string')).replace(/(<w:t\b[^>]*>)[^<]*(<\/w:t>)/g, '$1$2'));
    else if (name === 'word/settings.xml') {
      const xml = await entry.async('string');
      zip.file(name, removeElements(removeElements(removeElements(xml, 'w:docVars'), 'w:attachedTemplate'), 'w:rsids'));
    } else if (name === 'docProps/core.xml') zip.file(name, CORE_PROPERTIES);
    else if (name === 'docProps/app.xml') zip.file(name, APP_PROPERTIES);
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

/** Page entries that carry something other than what the page shows: notes and fields, actions, metadata, thumbnails. */
const PAGE_KEYS = ['Annots', 'AA', 'Metadata', 'PieceInfo', 'B', 'Thumb'];

/**
 * A new PDF with the original's pages and nothing else: pdf-lib copies only what the pages
 * reference, and the annotations go from each page before it is copied. No form (AcroForm),
 * Info or XMP metadata, outline, attached files, names tree, or open action comes with them.
 */
async function cleanPdf(data: Buffer): Promise<Buffer> {
  // Loaded here, not with the server: only a public copy of a PDF needs it.
  const { PDFDict, PDFDocument, PDFName, PDFStream } = await import('pdf-lib');
  const src = await PDFDocument.load(data, { updateMetadata: false });
  for (const page of src.getPages()) for (const key of PAGE_KEYS) page.node.delete(PDFName.of(key));
  // Images and forms drawn on a page can carry metadata of their own.
  for (const [, obj] of src.context.enumerateIndirectObjects()) {
    const dict = obj instanceof PDFStream ? obj.dict : obj instanceof PDFDict ? obj : undefined;
    dict?.delete(PDFName.of('Metadata'));
    dict?.delete(PDFName.of('PieceInfo'));
  }
  const out = await PDFDocument.create({ updateMetadata: false });
  const pages = await out.copyPages(src, src.getPageIndices());
  for (const page of pages) out.addPage(page);
  return Buffer.from(await out.save());
}

/**
 * The copy of a file the public may download: a DOCX or PDF rebuilt without the parts that carry
 * text outside the body (see the extractors' hidden-part readers), a .doc without its document
 * properties and embedded objects. The headers, comments and the like of a .doc stay in its text stream, and a text
 * file has no other parts, so whether either may be given out at all is decided by its flags
 * (fileWithheld).
 */
export async function buildPublicCopy(data: Buffer, type: FileType): Promise<Buffer> {
  try {
    if (type === 'docx') return await cleanDocx(data);
    if (type === 'pdf') return await cleanPdf(data);
    if (type === 'doc') return withoutDocProperties(data);
    return data;
  } catch (err) {
    // A file the readers coped with can still be too damaged to rebuild: it is then not given out.
    const reason = err instanceof IngestError ? err.message : (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new IngestError(`the ${type.toUpperCase()} could not be rebuilt as a clean copy (${reason})`);
  }
}
