/** `scr tag`: JSON lines of passages in, JSON lines of asserted themes out. */
import { once } from 'node:events';
import readline from 'node:readline';
import type { SectionKind } from '../model';
import type { Tagger } from './tagger';

const SECTION_KINDS: ReadonlySet<string> = new Set<SectionKind>([
  'contents', 'executive-summary', 'introduction', 'terms-of-reference', 'methodology', 'family-background',
  'chronology', 'analysis', 'recommendations', 'response', 'appendix', 'other',
]);

type Outcome = { id: string; themes: ReturnType<Tagger['tagPassage']> } | { id?: string; error: string };

function tagLine(line: string, tagger: Tagger): Outcome {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    return { error: 'line is not valid JSON' };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { error: 'line is not a JSON object' };
  const { id, text, section } = input as Record<string, unknown>;
  if (typeof id !== 'string' || !id) return { error: '"id" must be a non-empty string' };
  if (typeof text !== 'string') return { id, error: '"text" must be a string' };
  if (section !== undefined && (typeof section !== 'string' || !SECTION_KINDS.has(section))) {
    return { id, error: `"section" must be one of ${[...SECTION_KINDS].join(', ')}` };
  }
  return { id, themes: tagger.tagPassage(text, section as SectionKind | undefined) };
}

/**
 * Reads {"id","text"[,"section"]} lines and writes {"id","themes":[{"id","score","evidence"}]}
 * lines in the same order. Blank lines are skipped. A line that cannot be tagged yields
 * {"id"?, "error"} (id when it could be read) and tagging carries on with the next line.
 * The output stream is left open for the caller.
 */
export async function tagStream(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, tagger: Tagger): Promise<void> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    if (!output.write(JSON.stringify(tagLine(line, tagger)) + '\n')) await once(output, 'drain');
  }
}
