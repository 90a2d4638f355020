/**
 * A trainer builds a case-study pack across pages in Chromium: a theme chosen first, cases added
 * from search results and from a review page, and the pack downloaded as Word and as PDF.
 * Needs the built portal: `npm run build:web` (npm test does it).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import mammoth from 'mammoth';
import type { Browser, Download, Page } from 'playwright-core';
import { accessibilityViolations, launchChromium, startPortal, type Portal } from './portal-harness';

let portal: Portal;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

const url = (p: string) => portal.base + p;

async function save(download: Download): Promise<string> {
  const file = await download.path();
  expect(fs.statSync(file).size).toBeGreaterThan(0);
  return file;
}

/** What a trainer must find in the pack, whichever format it came in. */
function expectUsable(text: string, titles: string[], question: string) {
  const flat = text.replace(/\s+/g, ' ');
  for (const line of ['Case-study pack: Neglect', 'Prepared from the Case Review Repository', '2 cases', 'Session outline', 'How to use the cases']) {
    expect(flat).toContain(line);
  }
  for (const t of titles) expect(flat).toContain(t);
  expect(flat.split(question).length - 1).toBe(1);
  for (const part of ['review=', 'theme=', '%2']) expect(flat).not.toContain(part);
}

describe('a case-study pack built across pages', () => {
  it('keeps its theme and cases from page to page and downloads as Word and PDF', async () => {
    await page.goto(url('/pack'));
    await page.getByLabel('Neglect', { exact: true }).check();

    // A fresh page load: what the pack holds comes from the browser's storage.
    await page.goto(url('/?q=neglect'));
    const first = page.locator('.result').first();
    await first.waitFor();
    const titles = [(await first.locator('.result__title').textContent())!.trim()];
    await first.getByRole('button', { name: /Add to case-study pack/ }).click();
    const bar = page.getByRole('complementary', { name: 'Your case-study pack' });
    await bar.getByText('1 case · themes: Neglect').waitFor();

    const other = page.locator('.result').nth(2);
    titles.push((await other.locator('.result__title').textContent())!.trim());
    await other.locator('.result__title a').click();
    await page.getByRole('heading', { level: 1, name: titles[1] }).waitFor();
    await page.getByRole('button', { name: /Add to case-study pack/ }).click();
    await bar.getByText('2 cases · themes: Neglect').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await bar.getByRole('link', { name: 'Open the pack' }).click();
    await page.getByRole('heading', { level: 1, name: 'Case-study pack' }).waitFor();
    await expect(page.getByLabel('Neglect', { exact: true }).isChecked()).resolves.toBe(true);
    for (const t of titles) await page.locator('.pack__review', { hasText: t }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    const question = portal.repo.taxonomy.get('neglect')!.questions[0];
    const [word] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the pack (Word)' }).click()]);
    expect(word.suggestedFilename()).toMatch(/\.docx$/);
    expectUsable((await mammoth.extractRawText({ path: await save(word) })).value, titles, question);

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the pack (PDF)' }).click()]);
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    const pages = execFileSync('pdftotext', ['-enc', 'UTF-8', await save(pdf), '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
    expectUsable(pages.join('\n'), titles, question);
    pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${pages.length}`));
  });
});
