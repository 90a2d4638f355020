/**
 * `text` shortened to at most about `max` characters at the end of a word, with an ellipsis, so a
 * reader never sees half a word; unchanged when it already fits. A single word longer than `max`
 * is cut where it must be.
 */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  // One character beyond the limit tells whether the limit falls just after a whole word.
  const head = text.slice(0, max + 1).replace(/\s+\S*$/, '');
  const cut = head.length && head.length <= max ? head : text.slice(0, max);
  return cut.replace(/[\s,;:.\-–—]+$/, '') + '…';
}
