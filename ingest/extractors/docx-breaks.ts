/**
 * Word records where it broke the pages when it last laid a document out
 * (w:lastRenderedPageBreak, inside runs), and the document itself asks for breaks (w:br
 * w:type="page", w:pageBreakBefore on a paragraph or its style, and sections that start on a new
 * page). mammoth reads only the first kind of explicit break, so document.xml is rewritten with
 * every one of them as a w:br page break before mammoth reads it. A break with no text since the
 * previous one is the same page boundary recorded twice (Word writes a rendered break after each
 * explicit one), and is dropped.
 */

const TOKEN = /<[^>]*>|[^<]+/g;
const PAGE_BREAK = '<w:br w:type="page"/>';
const PAGE_STARTS = new Set(['nextPage', 'oddPage', 'evenPage']);

function tagName(token: string): string {
  return /^<\/?([\w:.-]+)/.exec(token)?.[1] ?? '';
}

function attr(token: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(token)?.[1];
}

function on(token: string): boolean {
  const val = attr(token, 'w:val');
  return val === undefined || !/^(false|0|off)$/i.test(val);
}

/** Paragraph styles that start a new page, following each style's basedOn chain. */
export function pageBreakStyles(stylesXml: string): Set<string> {
  const own = new Map<string, { breaks: boolean | undefined; basedOn?: string }>();
  for (const m of stylesXml.matchAll(/<w:style\b([^>]*)>([\s\S]*?)<\/w:style>/g)) {
    const id = attr(m[1], 'w:styleId');
    if (!id) continue;
    const pbb = /<w:pageBreakBefore\b[^>]*\/?>/.exec(m[2]);
    const basedOn = /<w:basedOn\b[^>]*w:val="([^"]*)"/.exec(m[2])?.[1];
    own.set(id, { breaks: pbb ? on(pbb[0]) : undefined, basedOn });
  }
  const result = new Set<string>();
  for (const id of own.keys()) {
    let cur: string | undefined = id;
    for (let depth = 0; cur && depth < 20; depth++) {
      const s = own.get(cur);
      if (!s) break;
      if (s.breaks !== undefined) {
        if (s.breaks) result.add(id);
        break;
      }
      cur = s.basedOn;
    }
  }
  return result;
}

export interface MarkedBreaks {
  xml: string;
  /** True when the file records where Word broke its pages: the page numbers are then exact. */
  rendered: boolean;
}

interface Para {
  breakBefore: boolean;
  sectIndex?: number;
}

export function markPageBreaks(documentXml: string, breakingStyles: Set<string> = new Set()): MarkedBreaks {
  const tokens = documentXml.match(TOKEN) ?? [];

  // How each section starts is told by its own sectPr, which comes at its end; a section break
  // after a paragraph is therefore of the type of the next sectPr. Nested ones record old settings.
  const sectionTypes: string[] = [];
  let changeDepth = 0;
  let inSect = false;
  for (const t of tokens) {
    const name = tagName(t);
    if (name === 'w:sectPrChange') changeDepth += t.startsWith('</') ? -1 : t.endsWith('/>') ? 0 : 1;
    else if (name === 'w:sectPr' && changeDepth === 0) {
      if (t.startsWith('</')) inSect = false;
      else {
        sectionTypes.push('nextPage');
        inSect = !t.endsWith('/>');
      }
    } else if (name === 'w:type' && inSect && changeDepth === 0 && !t.startsWith('</')) {
      sectionTypes[sectionTypes.length - 1] = attr(t, 'w:val') ?? 'nextPage';
    }
  }

  const out: string[] = [];
  const paras: Para[] = [];
  let rendered = false;
  let textSinceBreak = false;
  let inText = false;
  let pPrDepth = 0;
  let sectSeen = 0;
  let sectDepth = 0;
  const pageBreak = (): string => {
    if (!textSinceBreak) return '';
    textSinceBreak = false;
    return PAGE_BREAK;
  };
  for (const t of tokens) {
    if (t[0] !== '<') {
      if (inText && t.trim()) textSinceBreak = true;
      out.push(t);
      continue;
    }
    const name = tagName(t);
    const closing = t.startsWith('</');
    const empty = t.endsWith('/>');
    switch (name) {
      case 'w:p':
        if (closing) {
          const p = paras.pop();
          const type = p?.sectIndex !== undefined ? sectionTypes[p.sectIndex + 1] : undefined;
          if (type && PAGE_STARTS.has(type)) {
            const br = pageBreak();
            if (br) out.push(`<w:r>${br}</w:r>`);
          }
        } else if (!empty) paras.push({ breakBefore: false });
        break;
      case 'w:pPr':
        if (closing) {
          pPrDepth--;
          const p = paras[paras.length - 1];
          if (pPrDepth === 0 && p?.breakBefore) {
            out.push(t);
            const br = pageBreak();
            if (br) out.push(`<w:r>${br}</w:r>`);
            continue;
          }
        } else if (!empty) pPrDepth++;
        break;
      case 'w:pStyle':
        if (pPrDepth === 1 && paras.length && breakingStyles.has(attr(t, 'w:val') ?? '')) paras[paras.length - 1].breakBefore = true;
        break;
      case 'w:pageBreakBefore':
        if (pPrDepth === 1 && paras.length) paras[paras.length - 1].breakBefore = on(t);
        break;
      case 'w:sectPr':
        if (!closing && sectDepth === 0 && pPrDepth === 1 && paras.length) paras[paras.length - 1].sectIndex = sectSeen;
        if (!closing && sectDepth === 0) sectSeen++;
        if (!empty) sectDepth += closing ? -1 : 1;
        break;
      case 'w:t':
        inText = !closing && !empty;
        break;
      case 'w:br':
        if (attr(t, 'w:type') === 'page') textSinceBreak = false;
        break;
      case 'w:lastRenderedPageBreak':
        rendered = true;
        out.push(pageBreak());
        continue;
    }
    out.push(t);
  }
  return { xml: out.join(''), rendered };
}
