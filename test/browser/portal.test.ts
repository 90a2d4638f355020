/**
 * The portal in a real browser (Debian's Chromium through playwright-core) against the real
 * server over the fixture reports. Needs the built portal: `npm run build:web` (npm test does it).
 */
import fs from 'node:fs';
import mammoth from 'mammoth';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Download, Page, Request, Route } from 'playwright-core';
import { SEARCH_FIELDS, publishedAt } from '../../model';
import { accessibilityViolations, launchChromium, settled, startPortal, trackRequests, type Portal } from './portal-harness';

let portal: Portal;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

const url = (p: string) => portal.base + p;

async function expectAccessible(p: Page = page) {
  expect(await accessibilityViolations(p)).toEqual([]);
}

async function downloadedText(download: Download): Promise<Buffer> {
  return fs.readFileSync(await download.path());
}

async function api(p: string) {
  return (await fetch(url(p))).json();
}

describe('portal in Chromium', () => {
  it('shows a usable first screen: results listed and the query box ready', async () => {
    // How quickly is measured by `npm run bench:portal`, not here.
    const fresh = await browser.newPage();
    try {
      await fresh.goto(url('/'));
      await fresh.locator('.result').first().waitFor();
      await expect(fresh.getByLabel('Search reviews by words or phrases').isEditable()).resolves.toBe(true);
      await expectAccessible(fresh);
    } finally {
      await fresh.close();
    }
  });

  it('searches, with highlighted passages', async () => {
    await page.goto(url('/'));
    await page.getByLabel('Search reviews by words or phrases').fill('neglect');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/q=neglect/);
    const total = (await api('/api/search?q=neglect&size=1')).total;
    // The status line still counts the home page's results until the search has answered.
    await page.getByRole('status').filter({ hasText: `${total} review` }).waitFor();
    await page.locator('.result__snippet mark').first().waitFor();
    await expectAccessible();
  });

  it('sorts by the newest additions to the repository', async () => {
    await page.goto(url('/'));
    await page.locator('.result').first().waitFor();
    await page.getByLabel('Sort by').selectOption({ label: 'Newest additions' });
    await page.waitForURL(/sort=added/);
    const expected = (await api('/api/search?sort=added&size=3')).results.map((h: { title: string }) => h.title);
    await page.locator('.result__title').first().filter({ hasText: expected[0] }).waitFor();
    const titles = (await page.locator('.result__title').allTextContents()).slice(0, 3).map((t) => t.trim());
    expect(titles).toEqual(expected);
  });

  it('filters by a facet, shows a chip, and narrows the results', async () => {
    await page.goto(url('/?q=neglect'));
    await page.locator('.result').first().waitFor();
    const theme = page.getByRole('group', { name: 'Theme' }).getByRole('checkbox').first();
    const label = (await page.getByRole('group', { name: 'Theme' }).locator('label').first().textContent())!.replace(/\s*\(.*$/s, '').trim();
    await theme.check();
    await page.waitForURL(/theme=/);
    const themeId = new URL(page.url()).searchParams.get('theme')!;
    const expected = (await api(`/api/search?q=neglect&theme=${themeId}&size=1`)).total;
    await page.getByRole('status').filter({ hasText: `${expected} review` }).waitFor();
    await expect(page.getByText(`Theme: ${label}`).count()).resolves.toBeGreaterThan(0);
    await expectAccessible();
  });

  it('filters by agency and by area, as the API counts them', async () => {
    await page.goto(url('/'));
    await page.locator('.result').first().waitFor();
    const agency = page.getByRole('group', { name: 'Agency' }).getByRole('checkbox').first();
    await agency.check();
    await page.waitForURL(/agency=/);
    const agencyName = new URL(page.url()).searchParams.get('agency')!;
    const byAgency = (await api(`/api/search?agency=${encodeURIComponent(agencyName)}&size=1`)).total;
    await page.getByRole('status').filter({ hasText: `${byAgency} review` }).waitFor();
    await page.getByRole('group', { name: SEARCH_FIELDS.area.label }).getByRole('checkbox').first().check();
    await page.waitForURL(/area=/);
    const area = new URL(page.url()).searchParams.get('area')!;
    const both = (await api(`/api/search?agency=${encodeURIComponent(agencyName)}&area=${encodeURIComponent(area)}&size=1`)).total;
    expect(both).toBeLessThanOrEqual(byAgency);
    await page.getByRole('status').filter({ hasText: `${both} review` }).waitFor();
    await expectAccessible();
  });

  it('explains under each facet how its ticked values combine, from the field table', async () => {
    await page.goto(url('/'));
    await page.locator('.result').first().waitFor();
    const facets = await api('/api/search?size=1');
    const shown = Object.entries(SEARCH_FIELDS).filter(([name, f]) => f.facet && facets.facets[name]?.length);
    expect(shown.length).toBeGreaterThan(3);
    for (const [, f] of shown) {
      const group = page.getByRole('group', { name: f.label, exact: true });
      await expect(group.getByText(f.explain).isVisible()).resolves.toBe(true);
      // Read out with each checkbox, not only seen.
      const described = await group.getByRole('checkbox').first().getAttribute('aria-describedby');
      await expect(page.locator(`[id="${described}"]`).textContent()).resolves.toBe(f.explain);
    }
    await expectAccessible();
  });

  it('takes a broader theme alone when "include narrower themes" is switched off', async () => {
    // A theme whose narrower themes bring in reviews that do not carry it themselves.
    let theme: string | undefined;
    let counts: { withNarrower: number; alone: number } | undefined;
    for (const t of portal.repo.taxonomy.themes.filter((x) => x.narrower.length)) {
      const withNarrower = (await api(`/api/search?theme=${t.id}&size=1`)).total;
      const alone = (await api(`/api/search?theme=${t.id}&narrower=false&size=1`)).total;
      if (withNarrower !== alone) {
        [theme, counts] = [t.id, { withNarrower, alone }];
        break;
      }
    }
    expect(theme).toBeDefined();
    await page.goto(url(`/?theme=${theme}`));
    await page.getByRole('status').filter({ hasText: `${counts!.withNarrower} review` }).waitFor();
    const narrower = page.getByLabel('Include narrower themes');
    await expect(narrower.isChecked()).resolves.toBe(true);
    await narrower.uncheck();
    await page.waitForURL(/narrower=false/);
    await page.getByRole('status').filter({ hasText: `${counts!.alone} review` }).waitFor();
    await expect(page.getByLabel('Include narrower themes').isChecked()).resolves.toBe(false);
    await expectAccessible();
    // The switch is part of the search: going back takes the narrower themes in again.
    await page.goBack();
    await page.getByRole('status').filter({ hasText: `${counts!.withNarrower} review` }).waitFor();
  });

  it('explains an empty result in the filter panel and offers to clear the filters', async () => {
    const theme = (await api('/api/search?size=1')).facets.theme[0].key;
    const q = 'zzqxv';
    expect((await api(`/api/search?q=${q}&theme=${theme}&size=1`)).total).toBe(0);
    await page.goto(url(`/?q=${q}&theme=${theme}`));
    const panel = page.locator('.filters');
    await panel.getByText('No review matches, so there is nothing to filter by.').waitFor();
    // The ticked theme stays listed, so it can be unticked where it was ticked.
    await expect(page.getByRole('group', { name: SEARCH_FIELDS.theme.label }).getByRole('checkbox', { checked: true }).count()).resolves.toBe(1);
    await expectAccessible();
    await panel.getByRole('button', { name: 'Clear all filters' }).click();
    await page.waitForURL((u) => !u.searchParams.has('theme') && u.searchParams.get('q') === q);
  });

  it('offers "did you mean" for a misspelt query, and the suggested query finds reviews', async () => {
    const q = 'neglectt';
    const found = await api(`/api/search?q=${q}&size=1`);
    expect(found.suggestions?.did_you_mean).toBe('neglect');
    await page.goto(url(`/?q=${q}`));
    await page.getByRole('status').filter({ hasText: `${found.total} review` }).waitFor();
    await expect(page.getByText('Did you mean').isVisible()).resolves.toBe(true);
    await page.getByRole('link', { name: 'neglect', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === 'neglect');
    const total = (await api('/api/search?q=neglect&size=1')).total;
    expect(total).toBeGreaterThan(0);
    await page.getByRole('status').filter({ hasText: `${total} review` }).waitFor();
  });

  it('shows only the last query’s results when a new search starts before the previous one answers', async () => {
    const fresh = await context.newPage();
    const held: Route[] = [];
    let firstHeld!: () => void;
    const holding = new Promise<void>((resolve) => (firstHeld = resolve));
    // The first search is held back on its way to the server until the second has been answered.
    await fresh.route(/\/api\/search\?.*q=neglect/, (route) => {
      held.push(route);
      firstHeld();
    });
    // How the first search ended: given up by the portal, or answered once released.
    const first = (r: Request) => r.url().includes('/api/search?') && r.url().includes('q=neglect');
    const settled = new Promise<string>((resolve) => {
      fresh.on('requestfailed', (r) => first(r) && resolve(r.failure()?.errorText ?? 'failed'));
      fresh.on('requestfinished', (r) => first(r) && resolve('answered'));
    });
    try {
      await fresh.goto(url('/?q=neglect'));
      await holding;
      const box = fresh.getByLabel('Search reviews by words or phrases');
      await box.fill('bruising');
      await box.press('Enter');
      const expected = await api('/api/search?q=bruising&size=100');
      await fresh.getByRole('status').filter({ hasText: `${expected.total} review` }).waitFor();
      await Promise.all(held.map((r) => r.continue().catch(() => undefined)));
      // The portal gave up the stale request itself, as soon as the newer one began.
      expect(await settled).toMatch(/ABORTED/);
      const titles = (await fresh.locator('.result__title').allTextContents()).map((t) => t.trim());
      expect(titles).toEqual(expected.results.slice(0, titles.length).map((h: { title: string }) => h.title));
      expect(new URL(fresh.url()).searchParams.get('q')).toBe('bruising');
    } finally {
      await fresh.close();
    }
  });

  it('opens a review with themed passages linked to their pages, and similar reviews', async () => {
    await page.goto(url('/?q=bruising'));
    const first = page.locator('.result__title a').first();
    const title = (await first.textContent())!.trim();
    await first.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const id = page.url().split('/reviews/')[1];
    const record = portal.repo.store.get(id)!;
    if (record.source.type === 'pdf') {
      const href = await page.locator('.passage__source a').first().getAttribute('href');
      expect(href).toMatch(new RegExp(`/api/reviews/${id}/file#page=\\d+$`));
    }
    const similar = page.getByRole('region', { name: 'Similar reviews' }).getByRole('listitem');
    await similar.first().waitFor();
    expect(await similar.count()).toBeGreaterThan(0);
    await expectAccessible();
  });

  it('opens a theme digest from the themes page, with passages, trend and a Word download', async () => {
    await page.goto(url('/themes'));
    await page.getByRole('link', { name: 'Neglect', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Neglect' }).waitFor();
    const digest = await api('/api/themes/neglect/digest');
    await page.getByRole('heading', { name: `${digest.review_count} published reviews carry this theme` }).waitFor();
    await expect(page.locator('.passage').count()).resolves.toBe(digest.key_passages.length);
    await page.locator('.chart-figure svg').waitFor();
    await expect(page.locator('.chart-figure table tbody th').allTextContents()).resolves.toEqual(digest.by_year.map((y: { year: number }) => String(y.year)));
    await expectAccessible();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the digest (Word)' }).click()]);
    const { value } = await mammoth.extractRawText({ buffer: await downloadedText(download) });
    expect(value).toContain('Theme digest: Neglect');
    expect(value).toContain(digest.key_passages[0].text.slice(0, 60));
  });

  it('links an Atom feed from the theme page that parses and lists the newest additions first', async () => {
    await page.goto(url('/themes/domestic-abuse'));
    await page.getByRole('link', { name: /^Follow new reviews/ }).click();
    const href = await page.getByRole('link', { name: /Atom feed/ }).getAttribute('href');
    const xml = await (await fetch(url(href!))).text();
    const entries = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      if (doc.querySelector('parsererror')) return null;
      return [...doc.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'entry')].map((e) => e.getElementsByTagName('link')[0].getAttribute('href')!);
    }, xml);
    expect(entries).not.toBeNull();
    expect(entries!.length).toBe((await api('/api/search?theme=domestic-abuse&size=1')).total);
    const records = entries!.map((h) => portal.repo.store.get(h.split('/reviews/')[1])!);
    const added = records.map(publishedAt);
    expect(added).toEqual([...added].sort().reverse());
    // The fixtures are ingested in file-name order, not year order, so the two orders differ.
    const years = records.map((r) => r.metadata.year ?? 0);
    expect(years).not.toEqual([...years].sort((a, b) => b - a));
  });

  it('builds a case-study pack from search results and downloads it as one Word document', async () => {
    await page.goto(url('/?theme=domestic-abuse&sort=date'));
    const results = page.locator('.result');
    await results.first().waitFor();
    const titles: string[] = [];
    for (const i of [0, 1]) {
      titles.push((await results.nth(i).locator('.result__title').textContent())!.trim());
      await results.nth(i).getByRole('button', { name: /Add to case-study pack/ }).click();
    }
    await expect(results.first().getByRole('button', { name: /In case-study pack/ }).getAttribute('aria-pressed')).resolves.toBe('true');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Case-study pack \(2/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Case-study pack' }).waitFor();
    await page.getByLabel(/^Domestic abuse/).check();
    await expectAccessible();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the pack (Word)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const { value } = await mammoth.extractRawText({ buffer: await downloadedText(download) });
    for (const t of titles) expect(value).toContain(t);
    expect(value).toContain(portal.repo.taxonomy.get('domestic-abuse')!.questions[0]);
  });

  it('says what is missing when a pack is asked for without a theme', async () => {
    // The pack is kept in the browser: start this one empty.
    await page.evaluate(() => localStorage.clear());
    await page.goto(url('/pack'));
    await page.getByRole('button', { name: 'Download the pack (Word)' }).click();
    await page.getByRole('alert').getByText('Choose at least one theme.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/pack');
  });

  it('starts a pack from a theme page with its reviews to read and the theme ticked', async () => {
    await page.goto(url('/themes/hidden-men'));
    await page.getByRole('link', { name: 'Make a case-study pack' }).click();
    await page.getByRole('heading', { level: 1, name: 'Case-study pack' }).waitFor();
    await expect(page.getByLabel('Hidden men', { exact: true }).isChecked()).resolves.toBe(true);
    const digest = await api('/api/themes/hidden-men/digest');
    for (const r of digest.reviews.slice(0, 5)) await page.locator('.pack__review', { hasText: r.title }).first().waitFor();
  });

  it('prints a digest without the site navigation or the buttons', async () => {
    await page.goto(url('/themes/neglect'));
    await page.locator('.passage').first().waitFor();
    await page.emulateMedia({ media: 'print' });
    try {
      await expect(page.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(false);
      await expect(page.getByRole('link', { name: 'Download the digest (Word)' }).isVisible()).resolves.toBe(false);
      await expect(page.locator('.passage').first().isVisible()).resolves.toBe(true);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('shows statistics under the search filters and downloads the same counts as CSV', async () => {
    await page.goto(url('/stats?region=Wales&by=review_type'));
    await page.getByRole('heading', { name: /Every theme by review type/ }).waitFor();
    await page.getByText(`${SEARCH_FIELDS.region.label}: Wales`).waitFor();
    const json = await api('/api/stats/themes?by=review_type&region=Wales');
    const present = json.rows.filter((r: { total: number }) => r.total > 0);
    await expect(page.locator('.stats__table--wide tbody tr').count()).resolves.toBe(present.length);
    await page.locator('.stats__matrix').waitFor();
    await expectAccessible();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    const rows = parse(await downloadedText(download), { columns: true }) as Record<string, string>[];
    expect(rows.every((r) => r.query_url === 'region=Wales' && r.query === `${SEARCH_FIELDS.region.label}: Wales`)).toBe(true);
    for (const row of json.rows) {
      for (const [bucket, n] of Object.entries(row.counts)) {
        expect(rows.find((r) => r.theme === row.theme && r.review_type === bucket)?.reviews).toBe(String(n));
      }
    }
  });

  it('passes the accessibility check on the themes page and a missing page', async () => {
    await page.goto(url('/themes'));
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    await expectAccessible();
    await page.goto(url('/no/such/page'));
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible();
  });

  it('works by keyboard: the skip link moves focus to the main content', async () => {
    await page.goto(url('/themes'));
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to main content');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    trackRequests(phone);
    try {
      for (const p of ['/?q=neglect', '/themes/neglect', '/stats', '/pack']) {
        await phone.goto(url(p));
        await phone.locator('h1').first().waitFor();
        await settled(phone);
        const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect({ page: p, overflow }).toEqual({ page: p, overflow: 0 });
      }
      await expectAccessible(phone);
    } finally {
      await phone.close();
    }
  });
});
