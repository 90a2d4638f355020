import mammoth from 'mammoth';
import type { Extractor, RawDocument } from './extractor';
import { checkWordZip } from './zip-guard';
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
  pages: string[][];
  notes: { resolve(ref: DocNode): DocNode | null };
  footnotes: RawDocument['footnotes'];
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
        const text = (note.body ?? []).map((b) => blockText(b, w)).join(' ').replace(/\s+/g, ' ').trim();
        if (text) w.footnotes.push({ text: `${w.footnotes.length + 1} ${text}`, page: w.pages.length });
      }
      return '';
    }
    default:
      return (node.children ?? []).map((c) => inline(c, w, onPageBreak)).join('');
  }
}

function blockText(node: DocNode, w: Walk): string {
  return inline(node, w, () => undefined);
}

/** One line per paragraph; tabs stay, since contents entries are told by the tab before their page number. */
function squeeze(text: string): string {
  return text.replace(/[^\S\t]+/g, ' ').trim();
}

function walkBlocks(nodes: DocNode[], w: Walk): void {
  for (const node of nodes) {
    if (node.type === 'paragraph') {
      let text = '';
      for (const child of node.children ?? []) {
        text += inline(child, w, () => {
          // A page break mid-paragraph: what came before stays on the old page.
          if (text.trim()) w.pages[w.pages.length - 1].push(squeeze(text), '');
          text = '';
          w.pages.push([]);
        });
      }
      const clean = squeeze(text);
      if (clean) w.pages[w.pages.length - 1].push(clean, '');
    } else if (node.type === 'table') {
      const rows = (node.children ?? []).filter((r) => r.type === 'tableRow');
      const page = w.pages[w.pages.length - 1];
      for (const row of rows) {
        const cells = (row.children ?? []).map((cell) =>
          (cell.children ?? []).map((b) => blockText(b, w)).join(' ').replace(/\s+/g, ' ').trim(),
        );
        page.push(cells.join('\t'));
      }
      page.push('');
    } else if (node.children) {
      walkBlocks(node.children, w);
    }
  }
}

/**
 * Word files through mammoth's document model rather than its raw text: paragraphs stay
 * paragraphs, tables keep rows and cells, footnotes are collected, and explicit page breaks start
 * a new page (Word lays out the rest itself, so other page boundaries are unknown). Headers and
 * footers live in their own parts, which mammoth does not read into the body.
 */
export const docxExtractor: Extractor = {
  type: 'docx',
  async extract(data: Buffer): Promise<RawDocument> {
    await checkWordZip(data);
    const w: Walk = { pages: [[]], notes: { resolve: () => null }, footnotes: [] };
    try {
      await mammoth.convertToHtml(
        { buffer: data },
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
    return { pages: w.pages.map((lines, i) => ({ num: i + 1, text: lines.join('\n') })), footnotes: w.footnotes };
  },
};
