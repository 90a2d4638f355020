/** Tesseract's TSV output read back into page text (lines, a blank line between paragraphs) and its confidence. */

export interface RecognisedPage {
  text: string;
  /** Mean of the words' confidences, 0-100; null when no word was recognised. */
  confidence: number | null;
  words: number;
}

const WORD_LEVEL = '5';

export function readTsv(tsv: string): RecognisedPage {
  const rows = tsv.split('\n');
  const header = rows.shift()?.split('\t') ?? [];
  const col = (name: string) => header.indexOf(name);
  const [level, block, par, line, conf, text] = ['level', 'block_num', 'par_num', 'line_num', 'conf', 'text'].map(col);
  if ([level, block, par, line, conf, text].some((i) => i < 0)) throw new Error('tesseract gave no TSV header');
  const paragraphs: string[][] = [];
  let lastPar = '';
  let lastLine = '';
  let sum = 0;
  let words = 0;
  for (const row of rows) {
    const cells = row.split('\t');
    if (cells[level] !== WORD_LEVEL) continue;
    const word = (cells[text] ?? '').trim();
    if (!word) continue;
    const parKey = `${cells[block]}/${cells[par]}`;
    const lineKey = `${parKey}/${cells[line]}`;
    if (parKey !== lastPar) paragraphs.push([]);
    const lines = paragraphs[paragraphs.length - 1];
    if (lineKey !== lastLine || !lines.length) lines.push(word);
    else lines[lines.length - 1] += ` ${word}`;
    lastPar = parKey;
    lastLine = lineKey;
    const c = Number(cells[conf]);
    if (c >= 0) {
      sum += c;
      words++;
    }
  }
  return {
    text: paragraphs.map((p) => p.join('\n')).join('\n\n'),
    confidence: words ? Math.round((sum / words) * 10) / 10 : null,
    words,
  };
}
