import mammoth from 'mammoth';
import type { Extractor, RawDocument } from './extractor';
import { readWordZip, type WordZip } from './zip-guard';
import { markPageBreaks, pageBreakStyles } from './docx-breaks';
import { paginate, wordPageNumbers, type WordBlock } from './word-pages';
import { readDocxHidden } from './docx-hidden';
import { IngestError } from '../errors';

/** The parts of mammoth's document model (see its transformDocument option) read here. */
interface DocNode {
  type: string;
  children?: DocNode[];
  value?: string;
  breakType?: string;
  styleName?: string | null;
  noteType?: string;
  noteId?: string;
  body?: DocNode[];
}

interface Walk {
  blocks: WordBlock[];
  /** A page break seen since the last block was finished: the next block starts a page. */
  pendingBreak: boolean;
  notes: { resolve(ref: DocNode): DocNode | null };
  footnotes: { text: string; block: number }[];
}

function inline(node: DocNode, w: Walk, onPageBreak: () => void): string {
  switch (node.type) {
    case 'text':
      return node.value ?? '';
    case 'tab':
      return '\t';
    case 'break':
      if (node.breakType === 'page') onPageBreak();
      return node.breakType === 'line' ? ' ' : '';
    case 'noteReference': {
      // Footnotes follow the body, numbered in the order they are first referred to.
      const note = w.notes.resolve(node);
      if (note && node.noteType === 'footnote') {
        const text = (note.body ?? []).map((b) => blockText(b, w, () => undefined)).join(' ').replace(/\s+/g, ' ').trim();
        if (text) w.footnotes.push({ text: `${w.footnotes.length + 1} ${text}`, block: w.blocks.length });
      }
      return '';
    }
    default:
      return (node.children ?? []).map((c) => inline(c, w, onPageBreak)).join('');
  }
}

function blockText(node: DocNode, w: Walk, onPageBreak: () => void): string {
  return inline(node, w, onPageBreak);
}

/** One line per paragraph; tabs stay, since contents entries are told by the tab before their page number. */
function squeeze(text: string): string {
  return text.replace(/[^\S\t]+/g, ' ').trim();
}

function push(w: Walk, lines: string[]): void {
  w.blocks.push({ lines, breakBefore: w.pendingBreak });
  w.pendingBreak = false;
}

function walkBlocks(nodes: DocNode[], w: Walk): void {
  for (const node of nodes) {
    if (node.type === 'paragraph') {
      let text = '';
      for (const child of node.children ?? []) {
        // Read into its own variable first: the break callback resets `text` while inline() runs.
        const part = inline(child, w, () => {
          // A page break mid-paragraph: what came before stays on the old page.
          if (text.trim()) push(w, [squeeze(text)]);
          text = '';
          w.pendingBreak = true;
        });
        text += part;
      }
      const clean = squeeze(text);
      if (clean) push(w, [clean]);
    } else if (node.type === 'table') {
      // Rows are kept together: a row that breaks across pages goes to the page it starts on.
      let rows: string[] = [];
      const flush = () => {
        if (rows.length) push(w, rows);
        rows = [];
      };
      for (const row of (node.children ?? []).filter((r) => r.type === 'tableRow')) {
        let breaks = false;
        const cells = (row.children ?? []).map((cell) =>
          (cell.children ?? []).map((b) => blockText(b, w, () => (breaks = true))).join(' ').replace(/\s+/g, ' ').trim(),
        );
        if (breaks && rows.length) {
          flush();
          w.pendingBreak = true;
        }
        rows.push(cells.join('\t'));
      }
      flush();
    } else if (node.children) {
      walkBlocks(node.children, w);
    }
  }
}

/** document.xml with every page break the file records made explicit, for mammoth to see. */
function withPageBreaks({ xml }: WordZip): { document: string; rendered: boolean } {
  const styles = xml.get('word/styles.xml');
  const marked = markPageBreaks(xml.get('word/document.xml')!, styles ? pageBreakStyles(styles) : undefined);
  return { document: marked.xml, rendered: marked.rendered };
}

/**
 * The zip as mammoth reads it (its `file` input: exists, read, write), serving the XML parts the
 * check already inflated and document.xml with its page breaks marked, so that nothing is
 * inflated twice nor the zip written again.
 */
function mammothFile({ zip, xml }: WordZip, document: string) {
  const parts = new Map(xml).set('word/document.xml', document);
  return {
    exists: (name: string) => parts.has(name) || zip.file(name) !== null,
    async read(name: string, encoding?: string): Promise<string | Uint8Array> {
      const text = parts.get(name);
      if (text !== undefined) return encoding ? text : new TextEncoder().encode(text);
      const bytes = await zip.file(name)!.async('uint8array');
      return encoding ? new TextDecoder(encoding).decode(bytes) : bytes;
    },
    write(name: string, contents: string) {
      parts.set(name, contents);
    },
  };
}

/**
 * Word files through mammoth's document model rather than its raw text: paragraphs stay
 * paragraphs, tables keep rows and cells, footnotes are collected. Pages come from the breaks Word
 * recorded when it last laid the file out, else from a layout by LibreOffice, else an estimate
 * (see word-pages.ts). Headers, footers, comments, tracked deletions and properties live outside
 * the body; they are read only to be scanned (docx-hidden.ts).
 */
export const docxExtractor: Extractor = {
  type: 'docx',
  async extract(data: Buffer): Promise<RawDocument> {
    const word = await readWordZip(data);
    const hidden = await readDocxHidden(word);
    const { document, rendered } = withPageBreaks(word);
    const w: Walk = { blocks: [], pendingBreak: false, notes: { resolve: () => null }, footnotes: [] };
    try {
      await mammoth.convertToHtml(
        // mammoth's own input for an opened zip, missing from its type declarations.
        { file: mammothFile(word, document) } as unknown as { buffer: Buffer },
        {
          transformDocument: (doc: DocNode & { notes: Walk['notes'] }) => {
            w.notes = doc.notes;
            walkBlocks(doc.children ?? [], w);
            return { ...doc, children: [] };
          },
        } as Parameters<typeof mammoth.convertToHtml>[1],
      );
    } catch (err) {
      if (err instanceof IngestError) throw err;
      throw new IngestError(`DOCX is corrupt or unreadable (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
    }
    const { pageOf, pageBasis } = await wordPageNumbers(w.blocks, data, 'docx', rendered);
    const last = pageOf.length ? pageOf[pageOf.length - 1] : 1;
    return {
      pages: paginate(w.blocks, pageOf),
      footnotes: w.footnotes.map((f) => ({ text: f.text, page: pageOf[f.block] ?? last })),
      pageBasis,
      hidden,
    };
  },
};
