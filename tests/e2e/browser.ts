/**
 * Browser-test frame: Debian's chromium driven by playwright-core (no browser downloads), screenshots of
 * every step under artifacts/e2e/ (git-ignored), and the admin panel's login.
 */
import fs from 'fs';
import path from 'path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const ARTIFACTS = path.resolve(__dirname, '..', '..', 'artifacts', 'e2e');

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`No chromium at ${CHROMIUM}: install it with "apt-get install -y chromium" (or set CHROMIUM_PATH).`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A fresh browser context (own cookies and local storage) with a desktop-sized viewport. */
export async function newContext(browser: Browser, options: { locale?: string } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: options.locale ?? 'en-GB', acceptDownloads: true });
  context.setDefaultTimeout(20_000);
  return context;
}

let shot = 0;

/** Saves a full-page screenshot as artifacts/e2e/<NN>-<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  shot += 1;
  const file = path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Logs in through the admin's login form and waits for the home page. */
export async function login(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: /^(login|log in|inloggen)$/i }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'));
  await dismissGuidedTour(page);
}

/** Closes Strapi's first-login guided tour if it shows (it differs between versions). */
export async function dismissGuidedTour(page: Page): Promise<void> {
  const skip = page.getByRole('button', { name: /^(skip|skip the tour|close|overslaan)$/i });
  if (await skip.first().isVisible().catch(() => false)) await skip.first().click();
}

/** Locator assertions that wait until they hold (playwright-core has no test-runner assertions). */
export function eventually(locator: Locator) {
  return new Eventually(locator);
}

export class Eventually {
  constructor(private readonly locator: Locator, private readonly negate = false) {}

  get not(): Eventually {
    return new Eventually(this.locator, !this.negate);
  }

  async toHaveCount(count: number): Promise<void> {
    await until(async () => ((await this.locator.count()) === count) !== this.negate, `count ${this.negate ? 'not ' : ''}${count}`);
  }

  async toHaveText(pattern: RegExp): Promise<void> {
    await until(async () => pattern.test((await this.locator.innerText()).trim()) !== this.negate, `text ${pattern}`);
  }

  async toHaveValue(value: string): Promise<void> {
    await until(async () => ((await this.locator.inputValue()) === value) !== this.negate, `value ${value}`);
  }
}

export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
