/**
 * User query text is parsed into plain words and quoted phrases before any engine sees it,
 * so no engine's query syntax (operators, field names, wildcards) can be injected.
 */
export interface ParsedQuery {
  terms: string[];
  phrases: string[];
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

function words(text: string): string[] {
  return (text.match(WORD) ?? []).map((w) => w.toLowerCase().replace(/’/g, "'"));
}

export function parseQuery(q: string | undefined): ParsedQuery {
  const terms: string[] = [];
  const phrases: string[] = [];
  if (!q) return { terms, phrases };
  const rest = q.replace(/"([^"]*)"/g, (_m, inner: string) => {
    const phraseWords = words(inner);
    if (phraseWords.length > 1) phrases.push(phraseWords.join(' '));
    else terms.push(...phraseWords);
    return ' ';
  });
  terms.push(...words(rest));
  return { terms: [...new Set(terms)].slice(0, 32), phrases: [...new Set(phrases)].slice(0, 8) };
}

export function isEmptyQuery(parsed: ParsedQuery): boolean {
  return parsed.terms.length === 0 && parsed.phrases.length === 0;
}
