/**
 * An editor confirms, removes and adds review themes in Chromium against the real server, publishes,
 * and the public review page and search follow the decisions. Needs `npm run build:web`.
 */
import type { Browser, Page } from 'playwright-core';
import type { ReviewRecord } from '../../model';
import { authConfigFromEnv } from '../../server/auth/config';
import { TEST_ADMIN_PASSWORD } from '../editor-app';
import { accessibilityViolations, launchChromium, signInAsAdmin, startPortal, type Portal } from './portal-harness';

let portal: Portal;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal({ auth: authConfigFromEnv({ SCR_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD }), security: { rateLimit: false } }), launchChromium()]);
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signInAsAdmin(page, portal.base);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

/** Three words in a row from the passage, as an editor would type them to find it. */
function wordsFrom(text: string): string {
  const words = text.split(/\s+/).filter((w) => /^[a-z]{4,}$/i.test(w));
  return words.slice(2, 5).join(' ');
}

describe('editor theme decisions in Chromium', () => {
  it('confirms one theme, removes another, adds a missing one with its passage, and the public review and search follow', async () => {
    const record: ReviewRecord = [...portal.repo.store.all()].find((r) => r.status === 'published' && r.themes.length >= 3)!;
    const label = (id: string) => portal.repo.taxonomy.get(id)!.label;
    const [kept, dropped] = record.themes.map((t) => t.id);
    const missing = portal.repo.taxonomy.themes.find((t) => !record.themes.some((r) => r.id === t.id))!.id;
    const evidence = record.passages.find((p) => p.section === 'analysis' && wordsFrom(p.text).split(' ').length === 3)!;
    const item = (id: string) => page.getByTestId(`theme-${id}`);

    await page.goto(`${portal.base}/editor/reviews/${record.id}`);
    await page.getByRole('heading', { name: 'Themes', exact: true }).waitFor();
    await page.getByLabel('Reason for withdrawing').fill('Themes to check');
    await page.getByRole('button', { name: 'Withdraw' }).click();
    await page.getByText(/Status: Withdrawn/).waitFor();

    const first = record.passages.find((p) => p.id === record.themes[0].passages[0])!;
    await expect(item(kept).getByText(`Page ${first.page}:`).first().isVisible()).resolves.toBe(true);
    await item(kept).getByRole('button', { name: `Confirm ${label(kept)}` }).click();
    await item(kept).getByTestId('theme-origin').filter({ hasText: /^Confirmed by admin/ }).waitFor();
    await item(dropped).getByRole('button', { name: `Remove ${label(dropped)}` }).click();
    await item(dropped).getByTestId('theme-origin').filter({ hasText: /^Removed by admin.*not public/ }).waitFor();

    await page.getByLabel('Theme', { exact: true }).selectOption(missing);
    await page.getByLabel('Find the passage that shows it').fill(wordsFrom(evidence.text));
    await page.getByRole('button', { name: 'Find passages' }).click();
    await page.getByRole('radio', { name: new RegExp(`Page ${evidence.page}: ${evidence.text.slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).check();
    await page.getByRole('button', { name: 'Add the theme with this passage' }).click();
    await item(missing).getByTestId('theme-origin').filter({ hasText: /^Added by admin/ }).waitFor();
    await expect(item(missing).getByText(`Page ${evidence.page}:`).count()).resolves.toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText(/Status: Published/).waitFor();
    await expect(page.getByRole('cell', { name: 'Theme added', exact: true }).count()).resolves.toBe(1);

    await page.getByRole('link', { name: 'Tagger agreement' }).click();
    await expect(page.getByTestId('agreement-summary').textContent()).resolves.toMatch(/3 decisions on 1 review, .*precision 0\.50, recall 0\.50/);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.goto(`${portal.base}/reviews/${record.id}`);
    const themes = page.getByRole('region', { name: 'Themes and the passages that carry them' });
    await themes.getByRole('heading', { name: label(missing), exact: true }).waitFor();
    await expect(themes.getByRole('heading', { name: label(kept), exact: true }).count()).resolves.toBe(1);
    await expect(themes.getByRole('heading', { name: label(dropped), exact: true }).count()).resolves.toBe(0);
    await expect(themes.getByText(evidence.text.slice(0, 60)).count()).resolves.toBeGreaterThan(0);

    const titles = async (query: string) => {
      await page.goto(`${portal.base}/?${query}`);
      await page.locator('.results__count').filter({ hasText: /^\d+ reviews?/ }).waitFor().catch(async (err) => {
        throw new Error(`${err.message}\n${await page.locator('main').innerText()}`);
      });
      return page.locator('.result__title').allTextContents();
    };
    const title = record.metadata.title;
    expect((await titles(`theme=${missing}&narrower=false&size=100`)).map((t) => t.trim())).toContain(title);
    expect((await titles(`theme=${dropped}&narrower=false&size=100`)).map((t) => t.trim())).not.toContain(title);

    // Statistics counting confirmed themes only: the one decided review's confirmed and added themes, nothing else.
    await page.goto(`${portal.base}/stats`);
    await page.getByLabel('Count only themes an editor has confirmed').check();
    await page.waitForURL(/theme_origin=confirmed/);
    const expected = [label(kept), label(missing)].sort();
    const rowThemes = () =>
      page.evaluate(() => [...document.querySelectorAll('[aria-labelledby="table-heading"] tbody th')].map((th) => th.textContent!.trim()).sort());
    await page.waitForFunction(
      (want) => JSON.stringify([...document.querySelectorAll('[aria-labelledby="table-heading"] tbody th')].map((th) => th.textContent!.trim()).sort()) === want,
      JSON.stringify(expected),
    ).catch(async (err) => {
      throw new Error(`${err.message}: the table shows ${JSON.stringify(await rowThemes())}`);
    });
    await expect(page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).resolves.toMatch(/theme_origin=confirmed/);
  });
});
