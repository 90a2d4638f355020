/** Runs of at least this many printable characters count as text in a binary object. */
const MIN_RUN = 4;

/**
 * The text a binary object (an OLE embedding, a legacy package) carries, as `strings` finds it:
 * runs of printable characters, one byte each (Latin-1) or two (UTF-16LE, as Office writes them).
 */
export function printableStrings(data: Buffer): string[] {
  const out: string[] = [];
  const ascii = new RegExp(`[\\x20-\\x7e\\xa0-\\xff\\t]{${MIN_RUN},}`, 'g');
  for (const m of data.toString('latin1').matchAll(ascii)) out.push(m[0].trim());
  for (const offset of [0, 1]) {
    const even = data.subarray(offset, offset + ((data.length - offset) & ~1));
    const wide = new RegExp(`[\\x20-\\x7e\\xa0-\\u024f\\t]{${MIN_RUN},}`, 'g');
    for (const m of even.toString('utf16le').matchAll(wide)) out.push(m[0].trim());
  }
  return out.filter(Boolean);
}
