import { summaryOf } from './summary';

const passage = (section: 'executive-summary' | 'introduction' | 'chronology' | 'analysis', text: string, i = 0) => ({ id: `p${i}`, text, section, page: 2, offset: i * 100 });

describe('summaryOf', () => {
  it('takes what happened and what the review found from the executive summary, not its boilerplate', () => {
    const { summary, source } = summaryOf([
      passage('executive-summary', 'This report sets out the findings of the review commissioned by the Oakhollow partnership.', 1),
      passage('executive-summary', 'Child V died at the age of four months after an unsafe sleep on a sofa. The review found that safer sleep advice was never given to her father.', 2),
      passage('chronology', 'In March the health visitor saw Child V at home and found her well.', 3),
    ]);
    expect(source).toBe('executive-summary');
    expect(summary).toBe('Child V died at the age of four months after an unsafe sleep on a sofa. The review found that safer sleep advice was never given to her father.');
  });

  it('falls back to the introduction, never the chronology', () => {
    const { summary, source } = summaryOf([
      passage('chronology', 'Child V was admitted to hospital with a fractured arm in May.', 1),
      passage('introduction', 'The purpose of this review is to identify improvements to practice.', 2),
      passage('introduction', 'Child V, aged eight, was seriously injured by her stepfather after police had been called to the home six times.', 3),
    ]);
    expect(source).toBe('introduction');
    expect(summary).toBe('Child V, aged eight, was seriously injured by her stepfather after police had been called to the home six times.');
  });

  it('leaves out a sentence that leans on one not taken', () => {
    const { summary } = summaryOf([
      passage('executive-summary', 'Child V was seven weeks old when he died. The review was commissioned by the board. It also found that the bruise was not referred.', 1),
    ]);
    expect(summary).toBe('Child V was seven weeks old when he died.');
  });

  it('gives nothing when there is nothing to summarise from', () => {
    expect(summaryOf([passage('chronology', 'Child V was seen at clinic.', 1)])).toEqual({ summary: '', source: null });
  });
});
