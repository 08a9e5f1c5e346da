/**
 * The journal export in the admin panel (DESIGN §18), in a real browser: the built playground admin
 * panel served by a booted Strapi (SQLite, demo data), Debian's chromium through playwright-core. A run
 * is brought up to its invoices through the API; then, as the admin:
 * open **Export journal** on Invoice runs (the previous calendar month filled in), pick a period and
 * get the CSV file, byte for byte what the API answers; a period the panel refuses, and one the server
 * refuses, show their sentence under the field; the button and Settings → Invoicing's default ledger
 * account in Dutch. Every step leaves a screenshot in artifacts/e2e/.
 *
 * One file, one booted Strapi, steps in order: each step starts where the previous one ended.
 */
import fs from 'fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { todayIn } from '../../shared/dates';
import { previousCalendarMonth } from '../../shared/journal';
import { removeArchivedDocuments } from '../helpers/documents';
import { parseCsv } from '../helpers/csv';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { ensureAdminBuild } from './admin-build';
import { e2eApi } from './admin-api';
import { eventually, launchBrowser, login, newContext, screenshot } from './browser';

jest.setTimeout(180_000);

const ADMIN = { email: 'admin@example.com', password: 'Invoicing-demo1' };
/** The period the test exports: the run's invoice date lies in it. */
const FROM = '2032-01-01';
const TO = '2032-01-31';

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
let auth = '';
/** The CSV the API answers for FROM–TO. */
let expectedCsv = '';

const invoicing = (path = '') => `${base}/admin/plugins/invoicing${path}`;

/** The admin HTTP API as the admin user (throws unless a call answers its status). */
const { invoicedRun } = e2eApi(() => app, () => auth);

async function newPage(): Promise<Page> {
  await context?.close();
  context = await newContext(browser);
  page = await context.newPage();
  return page;
}

beforeAll(async () => {
  ensureAdminBuild();
  app = await bootStrapi({ serveAdminPanel: true, env: { INVOICING_DEMO_DATA: 'true' } });
  base = app.url;
  const res = await app.request.post('/admin/login').send(ADMIN);
  auth = `Bearer ${res.body.data.token as string}`;

  // The yearly contracts of 2032, invoiced on 2 January 2032.
  await invoicedRun({
    name: 'Yearly 2032 (journal)',
    cycle: 'yearly',
    periodStart: '2032-01-01',
    periodEnd: '2032-12-31',
    invoiceDate: '2032-01-02',
    dueDate: '2032-01-16',
    invoiceName: 'Yearly fee',
    invoiceNameFormat: 'name_contract',
    invoiceCategory: null,
  });

  const csv = await app.request.get('/invoicing/exports/journal').query({ from: FROM, to: TO }).set('Authorization', auth);
  if (csv.status !== 200) throw new Error(`GET /exports/journal answered ${csv.status}`);
  expectedCsv = csv.text;
  if (parseCsv(expectedCsv).length < 2) throw new Error('the period has no journal rows');

  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  if (app) await removeArchivedDocuments(app).catch(() => undefined);
  await app?.stop();
});

describe('exporting the journal', () => {
  it('opens Export journal on Invoice runs with the previous calendar month filled in', async () => {
    await newPage();
    await login(page, base, ADMIN.email, ADMIN.password);
    await page.goto(invoicing('/runs'));
    await page.getByTestId('journal-export-open').click();
    const dialog = page.getByTestId('journal-dialog');
    await dialog.getByRole('heading', { name: 'Export journal' }).waitFor();
    const browserToday = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    const expected = previousCalendarMonth(browserToday || todayIn('UTC'));
    await eventually(dialog.locator('input[name="from"]')).toHaveValue(expected.from);
    await eventually(dialog.locator('input[name="to"]')).toHaveValue(expected.to);
    await screenshot(page, 'journal-dialog');
  });

  it('picks a period and gets the CSV file, byte for byte what the API answers', async () => {
    const dialog = page.getByTestId('journal-dialog');
    await dialog.locator('input[name="from"]').fill(FROM);
    await dialog.locator('input[name="to"]').fill(TO);
    const [request, download] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/invoicing/exports/journal')),
      page.waitForEvent('download'),
      dialog.getByTestId('journal-export-submit').click(),
    ]);
    expect(new URL(request.url()).searchParams.get('from')).toBe(FROM);
    expect(new URL(request.url()).searchParams.get('to')).toBe(TO);
    expect(download.suggestedFilename()).toBe(`journal-${FROM}-${TO}.csv`);
    const file = await download.path();
    expect(fs.readFileSync(file!, 'utf8')).toBe(expectedCsv);
    await page.getByText('The journal has been downloaded.').waitFor();
    await eventually(page.getByTestId('journal-dialog')).toHaveCount(0);
    await screenshot(page, 'journal-downloaded');
  });

  it('a period ending before it starts, or a date left empty: the sentence under the field, nothing requested', async () => {
    await page.getByTestId('journal-export-open').click();
    const dialog = page.getByTestId('journal-dialog');
    await dialog.locator('input[name="from"]').fill('2032-02-01');
    await dialog.locator('input[name="to"]').fill('2032-01-31');
    let requested = false;
    const onRequest = (r: { url(): string }) => {
      if (r.url().includes('/exports/journal')) requested = true;
    };
    page.on('request', onRequest);
    await dialog.getByTestId('journal-export-submit').click();
    await dialog.getByText('To must be on or after From.').waitFor();
    await dialog.locator('input[name="from"]').fill('');
    await dialog.getByTestId('journal-export-submit').click();
    await dialog.getByText('Enter a date, for example 2026-01-31.').waitFor();
    page.off('request', onRequest);
    expect(requested).toBe(false);
    await screenshot(page, 'journal-refused-in-panel');
  });

  it("the server's refusal shows its sentence under the field it names", async () => {
    const dialog = page.getByTestId('journal-dialog');
    await page.route('**/invoicing/exports/journal?**', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          data: null,
          error: {
            status: 400,
            name: 'ValidationError',
            message: 'From is refused by the server.',
            details: { errors: [{ path: ['from'], message: 'From is refused by the server.', name: 'ValidationError' }] },
          },
        }),
      }),
    );
    await dialog.locator('input[name="from"]').fill(FROM);
    await dialog.locator('input[name="to"]').fill(TO);
    await dialog.getByTestId('journal-export-submit').click();
    await dialog.getByText('From is refused by the server.').waitFor();
    await page.unroute('**/invoicing/exports/journal?**');
    await screenshot(page, 'journal-refused-by-server');
    await dialog.getByRole('button', { name: 'Go back' }).click();
  });

  it('reads "Journaal exporteren" and "Standaard grootboekrekening" in Dutch', async () => {
    await page.evaluate(() => window.localStorage.setItem('strapi-admin-language', 'nl'));
    await page.goto(invoicing('/credit-notes'));
    await eventually(page.getByTestId('journal-export-open')).toHaveText(/^Journaal exporteren$/);
    await page.goto(`${base}/admin/settings/invoicing`);
    await page.getByText('Standaard grootboekrekening').waitFor();
    await eventually(page.locator('input[name="defaultLedgerAccount"]')).toHaveValue('8000');
    await screenshot(page, 'journal-dutch-settings');
  });
});

