import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { INFRA } from '../support/infra.ts';

/** Debian's chromium (apt-get install chromium); never a browser downloaded by playwright. */
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

/**
 * Whether the browser suites run: true with chromium installed; without it, an error when
 * YUQING_REQUIRE_INFRA=1 (CI installs it in .ci/run), else a one-line reason and a skip.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const reason = `${CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)`;
  if (INFRA.required) throw new Error(`${reason}, and YUQING_REQUIRE_INFRA=1`);
  process.stdout.write(`skipping browser suites: ${reason}; YUQING_REQUIRE_INFRA=1 makes this an error\n`);
  return false;
}

/** Playwright gives each launch a fresh temporary profile (its own --user-data-dir). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--no-zygote',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A console tab in its own cookie jar, recording what the page complained about (CSP violations, errors). */
export async function openConsole(browser: Browser, baseUrl: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  // Fail a step within the test's time, naming what was awaited.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(`csp: ${msg.text()}`);
  });
  return { context, page, problems };
}

/** Logs in through the form; `newPassword` answers the first-login password change. */
export async function loginThroughForm(page: Page, username: string, password: string, newPassword?: string): Promise<void> {
  await page.goto('/');
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  if (newPassword) {
    await page.locator('input[name="new-password"]').fill(newPassword);
    await page.locator('input[name="confirm-password"]').fill(newPassword);
    await page.getByRole('button', { name: '修改密码' }).click();
  }
  await page.locator('[data-test="whoami"]').waitFor().catch(async (err: unknown) => {
    await screenshot(page, 'failed-login');
    throw new Error(`login as ${username} did not reach the console; the page says: ${(await page.locator('body').innerText()).slice(0, 300)}`, { cause: err });
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}
