const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The five predefined XML entities and character references; files that declare others are refused before this (zip-guard.ts). */
export function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref] ?? whole;
  });
}

/**
 * Every text node and attribute value of an XML document of unknown shape (custom XML, an embedded
 * workbook), namespace declarations aside: where nothing says which parts hold text, all may.
 */
export function xmlTexts(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<[^>]*>|[^<]+/g)) {
    const t = m[0];
    if (t[0] !== '<') {
      const text = decodeXml(t).trim();
      if (text) out.push(text);
    } else if (!t.startsWith('<?') && !t.startsWith('<!')) {
      for (const a of t.matchAll(/\s([\w:.-]+)="([^"]*)"/g)) {
        if (a[1].startsWith('xmlns') || !a[2].trim()) continue;
        out.push(decodeXml(a[2]).trim());
      }
    }
  }
  return out;
}
