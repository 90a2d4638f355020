import JSZip from 'jszip';
import type { HiddenText } from './extractor';
import { decodeXml, xmlTexts } from './xml-text';
import { printableStrings } from './binary-strings';
import type { WordZip } from './zip-guard';

/** An embedded object larger than this is read only this far: its identifiers sit in its text, not its bulk. */
const EMBEDDED_BYTES = 8 * 1024 * 1024;

const TOKEN = /<[^>]*>|[^<]+/g;

/** A WordprocessingML part's text, one line per paragraph, deleted text included. */
export function wordPartText(xml: string): string {
  let out = '';
  let inText = false;
  for (const t of xml.match(TOKEN) ?? []) {
    if (t[0] !== '<') {
      if (inText) out += decodeXml(t);
    } else if (/^<w:(t|delText|instrText)[\s>]/.test(t)) inText = true;
    else if (/^<\/w:(t|delText|instrText)>/.test(t)) inText = false;
    else if (/^<\/w:p>/.test(t)) out += '\n';
    else if (/^<w:(tab|br)\b/.test(t)) out += ' ';
  }
  return out.replace(/[^\S\n]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
}

/** Text that tracked changes took out (deletions, the old place of moved text), one string per paragraph. */
function deletedText(xml: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inText = false;
  let current = '';
  for (const t of xml.match(TOKEN) ?? []) {
    if (t[0] !== '<') {
      if (inText && depth > 0) current += decodeXml(t);
      continue;
    }
    const m = /^<(\/?)w:(del|moveFrom|delText|t|p)\b/.exec(t);
    if (!m) {
      if (depth > 0 && /^<w:tab\b/.test(t)) current += ' ';
      continue;
    }
    const [, closing, name] = m;
    if (name === 'del' || name === 'moveFrom') {
      if (closing) depth = Math.max(0, depth - 1);
      else if (!t.endsWith('/>')) depth++;
    } else if (name === 'delText' || name === 't') inText = !closing && !t.endsWith('/>');
    else if (name === 'p' && closing && current.trim()) {
      out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

function unescapeUrl(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/** Who wrote the comments and tracked changes: Word records each author by name. */
function authors(xml: string): string[] {
  return [...new Set([...xml.matchAll(/\s(?:w|w15):author="([^"]*)"/g)].map((m) => decodeXml(m[1]).trim()).filter(Boolean))];
}

/** Descriptions and titles of pictures and shapes (alt text), which no reader of the body sees. */
function altTexts(xml: string): string[] {
  return [...xml.matchAll(/<(?:wp|pic):cNvPr\b[^>]*|<wp:docPr\b[^>]*/g)]
    .flatMap((m) => [...m[0].matchAll(/\s(?:descr|title)="([^"]*)"/g)].map((a) => decodeXml(a[1]).trim()))
    .filter(Boolean);
}

/** Properties that hold a person's name: core and extended ones, and custom ones named so (Outlook's _AuthorEmailDisplayName). */
export const PERSON_PROPERTY = /^(creator|lastModifiedBy|Manager)$|(Author|Owner|DisplayName|Editor|Reviewer)$/;

/** A number in a property named as an id (Outlook's _AdHocReviewCycleID) is a machine's, not a person's. */
export const MACHINE_ID = (name: string, value: string) => /id$/i.test(name) && /^[\d\s-]+$/.test(value);

/** Each property of a properties part: core (Dublin Core), extended (app.xml) or custom. */
function properties(xml: string, file: string): HiddenText[] {
  const out: HiddenText[] = [];
  if (file.endsWith('custom.xml')) {
    for (const m of xml.matchAll(/<property\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/property>/g)) {
      const name = decodeXml(m[1]);
      const value = decodeXml(m[2].replace(/<[^>]*>/g, ' ')).trim();
      if (value && !MACHINE_ID(name, value)) out.push({ part: 'properties', where: name, text: value, ...(PERSON_PROPERTY.test(name) ? { person: true } : {}) });
    }
    return out;
  }
  for (const m of xml.matchAll(/<(?:[\w]+:)?([\w]+)\b[^>/]*>([^<]+)<\//g)) {
    const value = decodeXml(m[2]).trim();
    if (!value || /^(TotalTime|Pages|Words|Characters|CharactersWithSpaces|Lines|Paragraphs|DocSecurity|revision|AppVersion|ScaleCrop|LinksUpToDate|SharedDoc|HyperlinksChanged|created|modified|lastPrinted)$/.test(m[1])) continue;
    out.push({ part: 'properties', where: m[1], text: value, ...(PERSON_PROPERTY.test(m[1]) ? { person: true } : {}) });
  }
  return out;
}

/** The text an embedded object carries: an Office package's XML text, else the strings of its bytes. */
export async function embeddedText(data: Buffer): Promise<string> {
  if (data.subarray(0, 2).toString('latin1') === 'PK') {
    try {
      const inner = await JSZip.loadAsync(data);
      const parts = Object.values(inner.files).filter((e) => !e.dir && /\.xml$/i.test(e.name));
      const texts: string[] = [];
      for (const part of parts) {
        const xml = await part.async('string');
        texts.push(...(/^word\//.test(part.name) ? [wordPartText(xml)] : xmlTexts(xml)));
      }
      // Cells and nodes kept apart, so that neighbouring numbers do not read as one phone number.
      return texts.join(' | ');
    } catch {
      // Not a readable Office file after all: its strings are all there is.
    }
  }
  return printableStrings(data.subarray(0, EMBEDDED_BYTES))
    .filter((s) => (s.match(/\p{L}/gu) ?? []).length >= 3)
    .join(' | ');
}

/**
 * Text of a chart's or SmartArt diagram's part: titles, labels and cached cell values (a:t, c:v),
 * each its own sentence, so that neither the scan's name finder nor its number patterns run one
 * label into the next.
 */
function drawingTexts(xml: string): string {
  return [...xml.matchAll(/<(?:a:t|c:v)(?:\s[^>]*)?>([^<]*)</g)]
    .map((m) => decodeXml(m[1]).trim())
    .filter(Boolean)
    .join('. ');
}

/**
 * Everything a Word file carries outside its body that could hold an identifier: headers,
 * footers, endnotes, comments and their authors, tracked deletions and their authors, document
 * properties, custom XML, document variables, alt text, charts and SmartArt diagrams, and
 * embedded objects (a chart's workbook among them). Footnotes, text boxes and tracked insertions
 * are part of the body as mammoth reads it, and scanned there.
 */
export async function readDocxHidden({ zip, xml: parts }: WordZip): Promise<HiddenText[]> {
  const out: HiddenText[] = [];
  const add = (h: HiddenText) => {
    if (h.text.trim()) out.push(h);
  };
  for (const entry of Object.values(zip.files).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.dir) continue;
    const name = entry.name;
    const where = name.split('/').pop()!;
    if (/^word\/embeddings\//.test(name)) {
      add({ part: 'embedded-object', where, text: await embeddedText(await entry.async('nodebuffer')) });
      continue;
    }
    const xml = parts.get(name);
    if (xml === undefined) continue;
    if (/^word\/header\d*\.xml$/.test(name)) add({ part: 'header', where, text: wordPartText(xml) });
    else if (/^word\/footer\d*\.xml$/.test(name)) add({ part: 'footer', where, text: wordPartText(xml) });
    else if (name === 'word/endnotes.xml') add({ part: 'endnote', where, text: wordPartText(xml) });
    else if (/^word\/comments\w*\.xml$/.test(name) || name === 'word/people.xml') {
      add({ part: 'comment', where, text: wordPartText(xml) });
      for (const a of authors(xml)) add({ part: 'comment', where: `${where} author`, text: a, person: true });
    } else if (name === 'word/document.xml') {
      for (const d of deletedText(xml)) add({ part: 'tracked-change', where: 'deleted text', text: d });
      for (const a of authors(xml)) add({ part: 'tracked-change', where: 'author', text: a, person: true });
      for (const alt of altTexts(xml)) add({ part: 'embedded-object', where: 'alt text', text: alt });
    } else if (name === 'word/settings.xml') {
      for (const m of xml.matchAll(/<w:docVar\b[^>]*w:name="([^"]*)"[^>]*w:val="([^"]*)"/g)) {
        add({ part: 'properties', where: decodeXml(m[1]), text: decodeXml(m[2]) });
      }
    } else if (/^docProps\/(core|app|custom)\.xml$/.test(name)) out.push(...properties(xml, name));
    else if (/^word\/_rels\/[^/]+\.rels$/.test(name)) {
      // Where links and linked pictures point: mail addresses, and paths with a user's name in them.
      for (const m of xml.matchAll(/<Relationship\b[^>]*\sTarget="([^"]*)"[^>]*TargetMode="External"/g)) {
        add({ part: 'link', where, text: unescapeUrl(decodeXml(m[1])).replace(/^mailto:/i, '') });
      }
    } else if (/^word\/(charts\/chart(?:Ex)?|diagrams\/(?:data|drawing))\d*\.xml$/.test(name)) {
      add({ part: 'embedded-object', where: name.replace(/^word\//, ''), text: drawingTexts(xml) });
    } else if (/^customXml\/item\d*\.xml$/.test(name)) add({ part: 'custom-xml', where, text: xmlTexts(xml).join('\n') });
  }
  return out;
}
