import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractDocument } from '../pipeline';
import { inferMetadata } from '../metadata';

/**
 * Report openings written for the project in the shapes real ones take (a web copy's preview line,
 * the board on lines of its own, "in respect of", a publication date at the end of a long line),
 * laid out by LibreOffice as PDF and DOCX as published text is, then read as any upload is.
 */

const OPENING = [
  'Upload',
  'Download',
  'Page 1: Harlowmere Safeguarding Children Partnership Local Child Safeguarding Practice Review in respect of Child K Lead Reviewer: A Reviewer Published: October 2022',
  'Harlowmere Safeguarding',
  'Children Partnership',
  'Local Child Safeguarding Practice Review',
  'In respect of',
  'Child K',
  'Lead Reviewer: A Reviewer, Independent Safeguarding Consultant          Published: October 2022',
  '',
  'Contents',
  '1. Introduction .................................................................... 3',
  '2. Family background ............................................................ 4',
  '',
  '1. Introduction',
  '1.1 This local child safeguarding practice review concerns Child K, who was aged 16 years 9 months when she died in the summer of 2021 after',
  'taking an overdose. The review was commissioned under Working Together to Safeguard Children 2018 by the Harlowmere Safeguarding Children Partnership.',
  '1.2 Child K lived with her mother and two younger brothers, aged 9 and 12, in a town in the North West of England.',
].join('\n');

function hasSoffice(): boolean {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function layOut(text: string, to: string): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laid-out-'));
  try {
    fs.writeFileSync(path.join(dir, 'opening.txt'), text);
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', to, '--outdir', dir, path.join(dir, 'opening.txt')], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    return fs.readFileSync(path.join(dir, `opening.${to.split(':')[0]}`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const soffice = hasSoffice();
if (!soffice) console.warn('LibreOffice (soffice) is not installed: the laid-out PDF and DOCX openings were not read.');

describe.each([
  ['pdf', 'pdf'],
  ['docx', 'docx:MS Word 2007 XML'],
])('a report opening laid out as %s', (_name, to) => {
  it('gives the whole record', async () => {
    if (!soffice) return;
    const doc = await extractDocument(layOut(OPENING, to));
    const meta = inferMetadata(doc.frontText, doc.layout.text, `opening.${_name}`, new Date('2026-01-01T00:00:00Z'));
    expect(meta).toMatchObject({
      title: 'Local Child Safeguarding Practice Review in respect of Child K',
      area: 'Harlowmere Safeguarding Children Partnership',
      areaMatched: false,
      region: 'North West',
      nation: 'England',
      year: 2022,
      reviewType: 'lcspr',
      documentKind: 'report',
      ageBand: '16-17',
      gender: 'female',
      outcome: 'died',
    });
    for (const field of ['title', 'area', 'year', 'reviewType', 'ageBand', 'outcome', 'gender']) expect(meta.evidence?.[field]).toBeTruthy();
  }, 180_000);
});
