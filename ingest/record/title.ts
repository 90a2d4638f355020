import { BOARD_WORDS } from '../../model/partnerships';
import { escapeRegExp, evidenceLine, sentencesOf, type Found } from './lines';

const SUBJECT_WORDS = ['Children', 'Child', 'Babies', 'Baby', 'Young People', 'Young Person', 'YP', 'Family', 'Case', 'Siblings', 'Sibling', 'Infant', 'Adolescent'];
/** Capitalised words that follow "Child" or "Case" in other phrases ("Case Review", "Child Sexual Exploitation"). */
const NOT_NAMES = '(?:Reviews?|Reports?|Practice|Safeguarding|Protection|Sexual|Deaths?|Care|Services?|Social|Studies|Study|Conference|Plans?|Panel|Criminal|Exploitation|Abuse|Health|Mental|Learning|Management|Summary|Composition|Background|Involvement|Support|Court|Group|Overview|And|Of|The|In|Who|Was|Is|Has|Had)';
const KEYWORDS = SUBJECT_WORDS.flatMap((w) => [w, w.toUpperCase()]).join('|');
/** A pseudonym as reports give it: "Child X", "Baby Y", "Family Z", "Child LF", "Child H (Case C13)", "AB1 & AB2". */
const PSEUDONYM = new RegExp(
  `(?:\\b(?:${KEYWORDS})\\s+['‘’"“]?(?:[A-Z]{1,4}\\d{0,3}|[A-Z]\\d{1,3}|(?!${NOT_NAMES}\\b)[A-Z][a-z]+)\\b['‘’"”]?(?:\\s*\\((?:Case\\s+)?[A-Z0-9 ]{1,8}\\))?(?:\\s*(?:and|&)\\s*(?:(?:${KEYWORDS})\\s+)?[A-Z]{1,4}\\d{0,3}\\b)?|\\b[A-Z]{1,3}\\d{1,3}(?:\\s*(?:and|&)\\s*[A-Z]{1,3}\\d{1,3})?\\b|['‘][A-Z]{1,4}['’])`,
);

/** Lines of a title page that are not part of the title. */
const NOT_TITLE = new RegExp(
  `^(?:(?:report |lead |independent |overview )?(?:author|reviewer|writer|chair)s?\\b|by\\b|prepared by|report by|date\\b|published|publication|review initiated|criminal proceedings|signed|commissioned|strictly|restricted|confidential|final(?: version| report)?$|draft|version|copyright|©|nb\\b|note\\b|born\\b|died\\b|\\d{1,2}(?:st|nd|rd|th)?\\s+\\w+\\s+\\d{4}|(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\w*\\.?\\s+\\d{4}|\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}|\\d{4}$)|${BOARD_WORDS}$`,
  'i',
);
const KIND_LINE = /^(?:(?:the\s+)?(?:final\s+|full\s+)?(?:overview|executive|full|final|publication)\s+(?:report|summary)(?:\s+for publication)?|executive summary(?: and overview report)?|and|report)$/i;
const REVIEW_WORDS = /\breview\b|\boverview report\b|\bSCR\b|\bL?CSPR\b/i;
/** Words that leave a title open for the next line ("…relating to", "…into the death of", "SUBJECTS"). */
const OPEN_END =
  /(?:\b(?:in respect of|relating to|related to|concerning|regarding|re|into(?: the death of)?|of|of the|on the|for|into a|about|the|a|to|and|in|a child)|:|–|-|\bsubjects?)$/i;
const CONNECTOR_LINE = /^(?:in respect of|relating to|concerning|regarding|re|into the death of|the death of|subjects?|of|about):?$/i;
const KIND_LED = /^(?:(?:final\s+)?overview report|executive summary|report)\s*(?:[-–—:]\s*|\s(?=(?:child|baby|family|young)\b))/i;
/** A line of a board's name that wraps ("SUNDERLAND SAFEGUARDING" / "CHILDREN BOARD"). */
const BOARD_PART = /\b(?:safeguarding|board|partnership|LSCB|LSCP)\b/i;

/** Whether a title line leaves the title open; a line ending in a pseudonym ("Family A") does not. */
function isOpen(line: string): boolean {
  const name = pseudonymIn(line);
  if (name && line.trimEnd().endsWith(name)) return false;
  return OPEN_END.test(line);
}

const COMMON_SHORT =
  /^(?:case|baby|what|when|were|you|was|died|aged|year|from|over|risk|life|home|care|into|this|that|some|them|ways|lost|each|five|four|nine|one|two|six|ten|out|new|not|all|our|who|how|why|more|less|only|also|they|your|lives|left|safe|sleep|harm|help|days|time|death)$/i;
const CONNECTOR_LEAD = /^(?:in respect of|relating to|concerning|regarding|re|into the (?:death|circumstances) of|the death of|into)\b/i;
const SMALL = /^(?:a|an|and|of|the|to|in|on|for|into|re|regarding|relating|concerning|respect|by|at|who|with|her|his|their)$/i;

/** "SERIOUS CASE REVIEW RELATING TO CHILD S" as a reader writes it; pseudonyms and acronyms keep their capitals. */
function readerCase(line: string): string {
  const letters = line.replace(/[^A-Za-z]/g, '');
  if (letters.length < 4 || letters.replace(/[^A-Z]/g, '').length < letters.length * 0.8) return line;
  return line
    .split(' ')
    .map((word, i) => {
      const bare = word.replace(/[^A-Za-z]/g, '');
      if (/\d/.test(word) || /^['‘][A-Z]+['’]$/.test(word)) return word;
      if (SMALL.test(bare)) return i > 0 ? word.toLowerCase() : word.charAt(0) + word.slice(1).toLowerCase();
      // Short capitals are acronyms (SCR, SUDI, YP) or pseudonyms (EML), unless a common word.
      if (bare.length <= 4 && !COMMON_SHORT.test(bare)) return word;
      return word.charAt(0) + word.slice(1).toLowerCase();
    })
    .join(' ');
}

function tidy(title: string): string {
  return (
    title
      .replace(/\s+/g, ' ')
      .replace(/^\d{1,3}\s+(?=\D)/, '')
      .replace(/\s+(?:\d{1,3}|page \d+(?: of \d+)?)$/i, '')
      .replace(/\s+(?:[-–—]\s+)?(?:(?:report |lead |independent )?author|lead reviewer|reviewer|date|published|publication|prepared by|report by|by:)\b.*$/i, '')
      .replace(/\s+(?:overview report|executive summary|final report)$/i, '')
      .replace(/\s+[-–—]\s+\w+\s+\d{4}$/, '')
      .replace(/\s*:\s*/g, ': ')
      .replace(/(?<=\S)\s+:/g, ':')
      .replace(/[.,;:–-]+$/, '')
      .replace(/^(?:final|draft)\s+(?=\S)/i, '')
      .replace(new RegExp(`^(?:the\\s+)?(?:(?:[A-Z][\\w'’-]*|&|and|of|upon|on)\\s+){1,6}${BOARD_WORDS}\\s+(?=\\S)`, 'i'), '')
      .trim()
  );
}

export function pseudonymIn(text: string): string | null {
  return text.match(PSEUDONYM)?.[0] ?? null;
}

/** The subject as a pattern to find the sentences about them, quotes optional ("Family ‘S’" / "Family S"). */
export function subjectPattern(subject: string): RegExp {
  return new RegExp(`\\b${escapeRegExp(subject).replace(/['‘’"“”]/g, "['‘’\"“”]?")}`, 'i');
}

/** Who the review is about, from its title: the pseudonym, else the name after "relating to", "re", a colon. */
export function subjectOf(title: string): string | null {
  const named = pseudonymIn(title);
  if (named) return named;
  const after = /(?:in respect of|relating to|concerning|regarding|\bre|into the death of|:)\s+['‘’"“]?([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)['’"”]?$/.exec(title);
  return after?.[1] ?? null;
}

/** A line that is nothing but a name given to the child or family: "Holly", "Re Daniel Pelka", "Abigail and her siblings…". */
function nameLine(line: string): boolean {
  if (NOT_TITLE.test(line) || KIND_LINE.test(line) || REVIEW_WORDS.test(line)) return false;
  if (new RegExp(`^(?:re\\s+)?${PSEUDONYM.source}`).test(line)) return true;
  const words = line.replace(/^re\s+/i, '').split(/\s+/);
  if (/\b(?:reviewer|author|independent|consultant|chair|ltd|limited|associates|director|report|board|partnership|council|version|final|contents)\b/i.test(line)) return false;
  return words.length <= 9 && /^[A-Z][a-z]+/.test(words[0]) && words.every((w) => /^[A-Z][a-z]+[,']?s?$|^(?:and|&|her|his|their|siblings?|brothers?|sisters?)$/.test(w));
}

/** The title block starting at one line: the line, then what completes it (connectors, the pseudonym). */
function blockAt(lines: string[], start: number): { title: string; subject: boolean; evidence: string } {
  const parts = [lines[start]];
  let subject = pseudonymIn(lines[start]) !== null;
  let i = start + 1;
  let skipped = 0;
  while (i < lines.length && (!subject || isOpen(parts[parts.length - 1])) && parts.length < 6) {
    const line = lines[i];
    const open = isOpen(parts[parts.length - 1]);
    const kindLed = KIND_LED.exec(line);
    const led = CONNECTOR_LEAD.test(line) && pseudonymIn(line) !== null;
    if (CONNECTOR_LINE.test(line) || led || (open && !NOT_TITLE.test(line) && !KIND_LINE.test(line))) {
      parts.push(line);
      subject ||= pseudonymIn(line) !== null || nameLine(line);
    } else if (nameLine(line)) {
      parts.push(open || /^re\s/i.test(line) ? line.replace(/^re\s/i, 're ') : `: ${line}`);
      subject = true;
    } else if (kindLed && pseudonymIn(line.slice(kindLed[0].length))) {
      parts.push(`: ${line.slice(kindLed[0].length)}`);
      subject = true;
    } else if ((KIND_LINE.test(line) || NOT_TITLE.test(line) || BOARD_PART.test(line) || /^for$/i.test(line)) && skipped < 4) {
      skipped++;
    } else break;
    i++;
  }
  const joined = parts.map((p, n) => (n > 0 && CONNECTOR_LINE.test(p) ? p.toLowerCase() : readerCase(p))).join(' ').replace(/\bsubjects?\s*:?\s*(?=\S)/i, ': ').replace(/\s+:\s+/g, ': ');
  return { title: readerCase(tidy(joined)), subject, evidence: evidenceLine(lines.slice(start, i).join(' / ')) };
}

/** A running header repeated on every page: "Final Overview Report SCR YP F – November 2017", "… Page 1". */
const RUNNING_HEADER = /\s[-–—]\s+\w+\s+\d{4}$|\bpage \d+$|^final\b.*\breport\b/i;

/** The NSPCC repository's cover sheet: "Title: … LSCB: … Author: … Date of publication: 2014". */
const COVER_SHEET = /^Title:\s*(.+?)\.?\s+LSCB:/;

/**
 * The title as a reader would cite it: the title page's review wording with the child's or family's
 * pseudonym, joined across lines and across "in respect of" / "relating to" / "into the death of".
 * A title naming no one takes the pseudonym the introduction gives ("referred to as Baby F").
 */
export function titleOf(titlePage: string[], introduction: string): Found<string> | null {
  for (const line of titlePage) {
    const cover = COVER_SHEET.exec(line);
    if (cover) return { value: tidy(readerCase(cover[1])), evidence: evidenceLine(line) };
  }
  const lines = titlePage.filter((l) => l.length <= 140);
  const blocks = lines.flatMap((l, i) =>
    REVIEW_WORDS.test(l) && l.split(/\s+/).length <= 18 && !/[.;]\s+\S/.test(l) && !new RegExp(`^[^,]*${BOARD_WORDS}$`, 'i').test(l)
      ? [{ ...blockAt(lines, i), header: RUNNING_HEADER.test(l) }]
      : [],
  );
  const best = blocks.find((b) => b.subject && !b.header) ?? blocks.find((b) => b.subject) ?? blocks.find((b) => !b.header) ?? blocks[0];
  if (best) {
    if (best.subject) return { value: best.title, evidence: best.evidence };
    const named = introductionPseudonym(introduction);
    return { value: named ? `${best.title}: ${named.value}` : best.title, evidence: named ? `${best.evidence} / ${named.evidence}` : best.evidence };
  }
  const named = lines.find((l) => new RegExp(`^${PSEUDONYM.source}$`).test(l));
  return named ? { value: tidy(readerCase(named)), evidence: evidenceLine(named) } : null;
}

function introductionPseudonym(introduction: string): Found<string> | null {
  for (const s of sentencesOf(introduction.slice(0, 6000))) {
    const m = s.match(/\b(?:referred to|known|called|named)\s+(?:as|in this report as|here as)\s+['‘"“]?([^'’"”,.;]{2,30})/i);
    const name = m ? pseudonymIn(m[1]) ?? (/^[A-Z][a-z]+$/.test(m[1].trim()) ? m[1].trim() : null) : null;
    if (name) return { value: name, evidence: evidenceLine(s) };
  }
  return null;
}
