/** The type comes from the content: damaged PDF headers, UTF-16 text, binary junk and markup posing as text. */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../lib/paths';
import { detectType, refuseMarkup } from './detect-type';
import { textExtractor } from './text';

const bad = (name: string) => fs.readFileSync(path.join(projectRoot(), 'fixtures', 'bad', name));

describe('detectType', () => {
  it('finds a PDF behind leading garbage or a broken header line', () => {
    expect(detectType(bad('garbage-before-header.pdf'))).toBe('pdf');
    expect(detectType(bad('broken-header.pdf'))).toBe('pdf');
  });

  it('takes a zip for Word and an OLE file for DOC before looking for PDF bytes inside them', () => {
    expect(detectType(bad('zip-not-docx.docx'))).toBe('docx');
    expect(detectType(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.from('%PDF-1.4')]))).toBe('doc');
  });

  it('reads UTF-16 text, and text with NUL characters through it, as text', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Child A lived with Mother in Area X.\n', 'utf16le')]);
    expect(detectType(utf16)).toBe('txt');
    expect((await textExtractor.extract(utf16)).pages[0].text).toBe('Child A lived with Mother in Area X.\n');
    expect(detectType(bad('nul-filled.txt'))).toBe('txt');
  });

  it('refuses binary junk that is mostly NUL bytes', () => {
    expect(detectType(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2000, 0)]))).toBeNull();
    expect(detectType(Buffer.alloc(5019, 0))).toBeNull();
  });
});

describe('refuseMarkup', () => {
  it('says what RTF, HTML, web archives and XML are', () => {
    expect(() => refuseMarkup(bad('rtf-named.doc').toString())).toThrow(/RTF/);
    expect(() => refuseMarkup(bad('html-named.doc').toString())).toThrow(/HTML/);
    expect(() => refuseMarkup('MIME-Version: 1.0\nContent-Type: multipart/related; boundary="x"\n')).toThrow(/MHTML/);
    expect(() => refuseMarkup('<?xml version="1.0"?><w:wordDocument/>')).toThrow(/XML/);
  });

  it('lets plain text through', () => {
    expect(() => refuseMarkup('Serious Case Review: Child A\n\nThe review found <some> gaps.')).not.toThrow();
  });
});
