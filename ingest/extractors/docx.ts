import mammoth from 'mammoth';
import type { Extractor, RawDocument } from './extractor';
import type JSZip from 'jszip';
import { checkWordZip } from './zip-guard';
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
async function withPageBreaks(zip: JSZip): Promise<{ data: Buffer; rendered: boolean }> {
  const styles = await zip.file('word/styles.xml')?.async('string');
  const marked = markPageBreaks(await zip.file('word/document.xml')!.async('string'), styles ? pageBreakStyles(styles) : undefined);
  zip.file('word/document.xml', marked.xml);
  return { data: await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' }), rendered: marked.rendered };
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
    const zip = await checkWordZip(data);
    const hidden = await readDocxHidden(zip);
    const { data: marked, rendered } = await withPageBreaks(zip);
    const w: Walk = { blocks: [], pendingBreak: false, notes: { resolve: () => null }, footnotes: [] };
    try {
      await mammoth.convertToHtml(
        { buffer: marked },
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
