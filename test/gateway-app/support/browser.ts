import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../../gateway-app/src/config/app-config';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'gateway-app');

/** Debian's chromium, headless, through playwright-core (no browser download). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export const screenshotPath = (name: string) => path.join(ARTIFACTS, `${name}.png`);

/**
 * The steps every browser test takes on the app at `url()` in `page()` (getters: tests open pages and the app
 * later): wait until a view is ready, open a route, sign in as a demo user (waiting for the user's name in the
 * page, hidden in the menu on a phone) and out.
 */
export function uiSteps(page: () => Page, url: () => string, password: string) {
  const ready = () => page().waitForSelector('body[data-ready="true"]');
  const go = async (hash: string) => {
    await page().goto(`${url()}/${hash}`);
    await ready();
  };
  const signIn = async (username: string) => {
    await go('#/login');
    await page().fill('#username', username);
    await page().fill('#password', password);
    await page().click('form button[type=submit]');
    await page().waitForSelector(`#whoami:has-text("${username}")`, { state: 'attached' });
    await ready();
  };
  return { ready, go, signIn };
}

/**
 * Opens the UI in `language` (the app's default is Chinese): the choice the language switch keeps, set before
 * any page script runs. Tests written against English text call this with 'en'.
 */
export async function useLanguage(target: Pick<BrowserContext, 'addInitScript'>, language: 'zh-CN' | 'en') {
  await target.addInitScript({ content: `localStorage.setItem('scenechain.lang', ${JSON.stringify(language)});` });
}

/**
 * Collects what a browser test must not see on `page`: uncaught page errors, console errors, failed requests and
 * HTTP errors other than the statuses the test provokes (`expected()`, read when each response arrives).
 */
export function watchPage(page: Page, expected: () => readonly number[] = () => []): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected().some((s) => message.text().includes(`status of ${s}`)))
      problems.push(`console error: ${message.text()}`);
  });
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400 && !expected().includes(response.status()))
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  return problems;
}

/** How far the page is wider than its viewport (0 when it fits), with the widest elements named. */
export async function pageOverflow(page: Page): Promise<{ excess: number; culprits: string[] }> {
  const [scrollWidth, innerWidth, culprits] = (await page.evaluate(`(() => {
    const width = window.innerWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 && ![...el.children].some((c) => c.getBoundingClientRect().right > width + 0.5))
      .slice(0, 5)
      .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + el.getAttribute('class') + ' ' + Math.round(el.getBoundingClientRect().right));
    return [document.documentElement.scrollWidth, width, wide];
  })()`)) as [number, number, string[]];
  return { excess: Math.max(0, scrollWidth - innerWidth), culprits };
}

/** Fails, naming the widest elements, when the page is wider than its viewport (horizontal scrolling). */
export async function expectFits(page: Page, what: string): Promise<void> {
  const { excess, culprits } = await pageOverflow(page);
  expect(excess, `${what}: ${excess} px wider than the screen; widest: ${culprits.join(', ')}`).to.equal(0);
}

/**
 * A fresh browser context at `viewport` in `language` (downloads accepted), and its page watched by `watchPage`
 * with the statuses the test provokes (`expected()`).
 */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number },
  language: 'zh-CN' | 'en',
  expected?: () => readonly number[],
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, acceptDownloads: true });
  await useLanguage(context, language);
  const page = await context.newPage();
  return { context, page, problems: watchPage(page, expected) };
}
