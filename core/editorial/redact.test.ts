import type { ReviewRecord } from '../../model';
import { sampleRecords } from '../../search/testing/sample-records';
import { REDACTION_MARK, fileWithheld, redactPhrase } from './redact';

/** A record whose text is its passages joined as the pipeline lays them out, with a flag on a name. */
function recordWith(texts: string[]): ReviewRecord {
  const base = sampleRecords()[0];
  let offset = 0;
  const passages = texts.map((text, i) => {
    const p = { ...base.passages[0], id: `p${i + 1}`, text, offset, themes: [{ id: 'neglect', score: 0.9, evidence: [text] }] };
    offset += text.length + 2;
    return p;
  });
  const text = texts.join('\n\n');
  const at = text.indexOf('Jane Smithson');
  return {
    ...base,
    text,
    summary: texts[0],
    passages,
    pages: [{ num: 1, start: 0, end: text.length }],
    sections: [{ kind: 'analysis', title: 'Analysis', start: 0, end: text.length, page: 1 }],
    recommendations: [{ id: 'r1', text: texts.at(-1)!, page: 1, themes: [] }],
    // A theme an editor removed keeps the tagger's evidence, never public but redacted all the same.
    removedThemes: [{ id: 'hidden-men', score: 0.6, passages: ['p2'], evidence: [texts[1]], origin: 'removed', machine: true, decidedBy: 'ed', decidedAt: '2026-01-01T00:00:00.000Z' }],
    flags: [
      { kind: 'name', text: 'Jane Smithson', page: 1, offset: at, status: 'open' },
      { kind: 'postcode', text: 'QX4 7QT', page: 1, offset: text.indexOf('QX4 7QT'), status: 'open' },
    ],
  };
}

describe('redactPhrase', () => {
  const texts = [
    'Child A lived with the mother, Jane Smithson, at an address in QX4 7QT.',
    'Professionals did not ask JANE SMITHSON about the new partner.',
    'Agencies should record who lives in the household; Jane\nSmithson was never asked.',
  ];

  it('replaces every occurrence everywhere the text is kept, whatever the case or line breaks', () => {
    const { record, replaced } = redactPhrase(recordWith(texts), 'Jane Smithson');
    expect(replaced).toBe(3);
    const everywhere = JSON.stringify({ ...record, flags: [] });
    expect(everywhere).not.toMatch(/smithson/i);
    expect(record.removedThemes![0].evidence).toEqual([`Professionals did not ask ${REDACTION_MARK} about the new partner.`]);
    expect(record.passages.map((p) => p.text)).toEqual([
      `Child A lived with the mother, ${REDACTION_MARK}, at an address in QX4 7QT.`,
      `Professionals did not ask ${REDACTION_MARK} about the new partner.`,
      `Agencies should record who lives in the household; ${REDACTION_MARK} was never asked.`,
    ]);
  });

  it('keeps every offset pointing at the same text', () => {
    const { record } = redactPhrase(recordWith(texts), 'Jane Smithson');
    for (const p of record.passages) expect(record.text.slice(p.offset, p.offset + p.text.length)).toBe(p.text);
    expect(record.pages[0].end).toBe(record.text.length);
    expect(record.sections[0].end).toBe(record.text.length);
    const postcode = record.flags[1];
    expect(record.text.slice(postcode.offset, postcode.offset + postcode.text.length)).toBe('QX4 7QT');
    expect(record.text.slice(record.flags[0].offset, record.flags[0].offset + REDACTION_MARK.length)).toBe(REDACTION_MARK);
  });

  it('marks a flag redacted once its text is gone, leaves the others open, and treats the phrase literally', () => {
    const { record } = redactPhrase(recordWith(texts), 'Jane Smithson');
    expect(record.flags.map((f) => f.status)).toEqual(['redacted', 'open']);
    expect(fileWithheld(record)).toBe(true);
    expect(fileWithheld(recordWith(texts))).toBe(false);
    expect(redactPhrase(recordWith(texts), '.*').replaced).toBe(0);
  });
});

describe('flags outside the body', () => {
  const texts = ['Child A lived with the mother, Jane Smithson, at an address in QX4 7QT.', 'Agencies should share what they know.'];
  const withHidden = (type: ReviewRecord['source']['type']): ReviewRecord => {
    const record = recordWith(texts);
    return {
      ...record,
      source: { ...record.source, type },
      flags: [
        ...record.flags.map((f) => ({ ...f, part: 'body' as const })),
        { kind: 'name', text: 'Helen Marsh', page: 1, offset: 0, status: 'open', part: 'properties', where: 'creator' },
      ],
    };
  };

  it('stay open and keep their place when the body is redacted: their text was never in it', () => {
    const { record } = redactPhrase(withHidden('docx'), 'Jane Smithson');
    expect(record.flags.map((f) => [f.part, f.status, f.offset])).toEqual([
      ['body', 'redacted', expect.any(Number)],
      ['body', 'open', expect.any(Number)],
      ['properties', 'open', 0],
    ]);
  });

  it('withhold nothing of a DOCX or PDF once redacted, as the public copy never has them', () => {
    for (const type of ['docx', 'pdf'] as const) {
      const record = withHidden(type);
      const redacted = { ...record, flags: record.flags.map((f) => (f.part === 'properties' ? { ...f, status: 'redacted' as const } : { ...f, status: 'dismissed' as const })) };
      expect(fileWithheld(redacted)).toBe(false);
    }
  });

  it('withhold a text file that had any flag, and a .doc that had one in its text, since neither can be rebuilt without it', () => {
    for (const type of ['doc', 'txt'] as const) {
      const record = withHidden(type);
      expect(fileWithheld({ ...record, flags: record.flags.map((f) => ({ ...f, status: 'dismissed' as const })) })).toBe(true);
      expect(fileWithheld({ ...record, flags: [] })).toBe(false);
    }
  });

  it('give out a .doc whose only flags were in its document properties, which its public copy leaves out', () => {
    const record = withHidden('doc');
    const onlyProperties = record.flags.filter((f) => f.part === 'properties').map((f) => ({ ...f, status: 'dismissed' as const }));
    expect(fileWithheld({ ...record, flags: onlyProperties })).toBe(false);
    expect(fileWithheld({ ...record, flags: [...onlyProperties, { ...onlyProperties[0], part: 'header' as const, where: 'headers' }] })).toBe(true);
  });
});
