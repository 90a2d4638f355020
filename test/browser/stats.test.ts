/**
 * The statistics page in Chromium over the fixture reports: themes picked for the trend, the table
 * beside the chart with every year (zeros too), readable at 390 px, charts downloaded as PNG and SVG.
 */
import fs from 'node:fs';
import { xml2js, type Element } from 'xml-js';
import type { Browser, Download, Locator, Page } from 'playwright-core';
import { accessibilityViolations, launchChromium, startPortal, type Portal } from './portal-harness';

interface Counts {
  buckets: string[];
  rows: { theme: string; label: string; total: number; counts: Record<string, number> }[];
}

let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

const url = (p: string) => portal.base + p;
const counts = async (by: string): Promise<Counts> => (await fetch(url(`/api/stats/themes?by=${by}`))).json();

async function cells(table: Locator): Promise<string[][]> {
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));
}

async function saved(page: Page, figure: Locator, kind: 'PNG' | 'SVG'): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: `Download chart (${kind})` }).click()]);
  return { name: (download as Download).suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
}

describe('statistics in Chromium', () => {
  it('charts the themes picked by year, with every year in the table beside the chart, and downloads the chart', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    try {
      const byYear = await counts('year');
      const present = byYear.rows.filter((r) => r.total > 0).sort((a, b) => a.total - b.total);
      // The two least frequent themes: not the ones picked to begin with, and the likeliest to have empty years.
      const chosen = present.slice(0, 2);
      await page.goto(url('/stats'));
      const picker = page.getByRole('group', { name: /Themes to chart/ });
      await picker.getByRole('checkbox').first().waitFor();
      const ticked = picker.getByRole('checkbox', { checked: true });
      while ((await ticked.count()) > 0) await ticked.first().uncheck();
      for (const t of chosen) await picker.getByRole('checkbox', { name: new RegExp(`^${t.label} \\(`) }).check();

      const table = page.locator('table[data-chart-table="trend"]');
      const headers = table.locator('thead th');
      await expect(headers.allTextContents()).resolves.toEqual(['Year', ...chosen.map((t) => t.label)]);
      const first = Number(byYear.buckets[0]);
      const years = Array.from({ length: Number(byYear.buckets[byYear.buckets.length - 1]) - first + 1 }, (_, i) => String(first + i));
      expect(byYear.buckets).toEqual(years);
      const rows = await cells(table);
      expect(rows.map((r) => r[0])).toEqual(years);
      expect(rows.map((r) => r.slice(1))).toEqual(years.map((y) => chosen.map((t) => String(t.counts[y]))));
      expect(rows.flatMap((r) => r.slice(1))).toContain('0');

      const figure = page.locator('figure', { has: table });
      await expect(figure.locator('[role="img"]').getAttribute('aria-label')).resolves.toContain(chosen[0].label);
      await expect(figure.locator('svg text', { hasText: chosen[1].label }).count()).resolves.toBeGreaterThan(0);
      expect(await accessibilityViolations(page)).toEqual([]);

      const png = await saved(page, figure, 'PNG');
      expect(png.name).toBe(`reviews-a-year-${years[0]}-${years[years.length - 1]}-${chosen.map((t) => t.theme).join('-')}.png`);
      expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.bytes.length).toBeGreaterThan(5000);
      const svg = await saved(page, figure, 'SVG');
      expect(svg.name).toBe(png.name.replace(/\.png$/, '.svg'));
      const root = (xml2js(svg.bytes.toString('utf8')) as Element).elements!.find((e) => e.type === 'element')!;
      expect(root.name).toBe('svg');
      expect(JSON.stringify(root)).toContain(chosen[0].label);
    } finally {
      await page.close();
    }
  });

  it('reads at 390 px: no chart text under 12 px, no sideways scroll, the wide table scrolling in its own box', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const byArea = await counts('area');
      await page.goto(url('/stats?by=area'));
      const bars = page.locator('figure', { has: page.locator('table[data-chart-table="bars"]') });
      await bars.locator('svg text').first().waitFor();
      await page.locator('table[data-chart-table="co-occurrence"]').waitFor();
      await expect(page.locator('.chart-figure svg').count()).resolves.toBe(3);

      const sizes = await page.locator('.chart-figure svg text').evaluateAll((ts) => ts.map((t) => parseFloat(getComputedStyle(t).fontSize)));
      expect(sizes.length).toBeGreaterThan(20);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
      // Names wrap in full, never cut short.
      await expect(page.locator('.chart-figure svg text', { hasText: '…' }).count()).resolves.toBe(0);
      await expect(page.locator('table[data-chart-table="bars"] tbody th').allTextContents()).resolves.toEqual(byArea.buckets);

      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
      const wide = page.locator('.stats__table--wide');
      const box = await wide.evaluate((t) => {
        const scroller = t.parentElement!;
        const first = t.querySelector('tbody th')!;
        return { scrolls: scroller.scrollWidth > scroller.clientWidth, right: scroller.getBoundingClientRect().right, sticky: getComputedStyle(first).position };
      });
      expect(box).toEqual({ scrolls: true, right: expect.any(Number), sticky: 'sticky' });
      expect(box.right).toBeLessThanOrEqual(390);
    } finally {
      await page.close();
    }
  });
});
