/** The real server over the fixture reports with the built portal, and Debian's Chromium to drive it. */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { buildApp, type AppOptions } from '../../server/app';
import { projectRoot } from '../../lib/paths';
import { fixtureRepository } from '../fixture-repository';
import type { Repository } from '../../ingest/repository';
import { TEST_ADMIN_PASSWORD } from '../editor-app';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_DIR = path.join(projectRoot(), 'dist', 'web');

export interface Portal {
  base: string;
  repo: Repository;
  dataDir: string;
  close(): Promise<void>;
}

/** `options` adds to the app's (the editor pages need `auth`); `files` names the fixture reports to ingest, all of them by default. */
export async function startPortal(options: Partial<AppOptions> = {}, files?: string[]): Promise<Portal> {
  if (!fs.existsSync(path.join(WEB_DIR, 'index.html'))) throw new Error('dist/web is missing: run `npm run build:web` first');
  const { repo, dataDir } = await fixtureRepository('embedded', files);
  const app: FastifyInstance = await buildApp({ ...repo, webDir: WEB_DIR, ...options });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    base,
    repo,
    dataDir,
    async close() {
      await app.close();
      await repo.backend.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.1 A and AA violations on the page as it stands, as readable lines (empty when none). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol, so the portal's Content Security Policy stays as served.
  await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate(() =>
    (window as unknown as { axe: { run(o: object): Promise<unknown> } }).axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      // Only violations are reported, so axe need not detail every passing node.
      resultTypes: ['violations'],
    }),
  )) as AxeResults;
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

const inFlight = new WeakMap<Page, Set<Request>>();

/** Counts the page's requests from now on, so that `settled` knows when none is left unanswered. */
export function trackRequests(page: Page): void {
  if (inFlight.has(page)) return;
  const pending = new Set<Request>();
  inFlight.set(page, pending);
  page.on('request', (r) => pending.add(r));
  page.on('requestfinished', (r) => pending.delete(r));
  page.on('requestfailed', (r) => pending.delete(r));
}

/**
 * Resolves once the page has no request of its own unanswered and nothing marked aria-busy, read
 * after a frame has been drawn and its tasks run (a request that rendering starts is announced by
 * then): what the page shows is what it will show, with no quiet spell waited out.
 */
export async function settled(page: Page): Promise<void> {
  const pending = inFlight.get(page);
  if (!pending) throw new Error('settled(page) needs trackRequests(page) before the page loads');
  for (;;) {
    const busy = await page.evaluate(
      () => new Promise<boolean>((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(document.querySelector('[aria-busy="true"]') !== null)))),
    );
    if (!busy && pending.size === 0) return;
  }
}

/** Signs in on the editor's login page as the environment's admin (the app needs `auth` with TEST_ADMIN_PASSWORD). */
export async function signInAsAdmin(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/editor/login`);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(TEST_ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/editor(\?|$)/);
}
