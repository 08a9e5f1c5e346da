/**
 * The seed manual (../shared/seed/invoice-runs-article.txt) walked in a real browser, as a new content
 * admin and a reviewer would: the built playground admin panel served by a booted Strapi (SQLite, demo
 * data), Debian's chromium through playwright-core. Every step leaves a screenshot in artifacts/e2e/.
 *
 * One file, one booted Strapi, steps in order: each step starts where the previous one ended.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { importBodies, emptyExpected } from '../../bench/data';
import fs from 'fs';

import { startSmtpSink, type SmtpSink } from '../helpers/smtp';
import { removeArchivedDocuments } from '../helpers/documents';
import { PASSWORD, bootStrapi, createRole, createUser, type TestApp } from '../helpers/strapi';
import { ensureAdminBuild } from './admin-build';
import { eventually, launchBrowser, login, newContext, screenshot } from './browser';

jest.setTimeout(180_000);

const ADMIN = { email: 'admin@example.com', password: 'Invoicing-demo1' };
const REVIEWER = { email: 'reviewer@example.com', password: 'Invoicing-demo1' };

/** Extra contract lines so an amounts job runs long enough to watch its progress bar move. */
const EXTRA_LINES = 20_000;

let app: TestApp;
/** The mail server the playground's email provider sends to. */
let sink: SmtpSink;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
/** The run the walk works on (its documentId), found from the schedule page. */
let runPath = '';

const invoicing = (path = '') => `${base}/admin/plugins/invoicing${path}`;

async function newPage(): Promise<Page> {
  await context?.close();
  context = await newContext(browser);
  page = await context.newPage();
  return page;
}

/** The run as the API sees it, to check what the page shows against the server's state. */
async function runStatus(): Promise<string> {
  const documentId = runPath.split('/').pop() as string;
  const run = await app.strapi.db.query('plugin::invoicing.invoice-run').findOne({ where: { documentId } });
  return (run as { status: string }).status;
}

beforeAll(async () => {
  ensureAdminBuild();
  sink = await startSmtpSink();
  app = await bootStrapi({
    serveAdminPanel: true,
    env: { INVOICING_DEMO_DATA: 'true', INVOICING_WORKER_BATCH_SIZE: '100', ...sink.env },
  });
  base = app.url;
  const expected = emptyExpected();
  const importer = app.strapi.plugin('invoicing').service('contractImport') as {
    importContracts: (body: unknown) => Promise<unknown>;
  };
  for (const body of importBodies({ lines: EXTRA_LINES, debtors: EXTRA_LINES / 4, importChunk: 2_500 }, expected)) {
    await importer.importContracts(body);
  }
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  if (app) await removeArchivedDocuments(app).catch(() => undefined);
  await app?.stop();
  await sink?.stop();
});

describe('the seed manual, step by step', () => {
  it('logs in and opens Invoicing → Invoice runs from the main menu', async () => {
    await newPage();
    await login(page, base, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: 'Invoicing' }).click();
    await page.waitForURL(/\/plugins\/invoicing\/runs/);
    await page.getByRole('heading', { name: 'Invoice runs' }).waitFor();
    await screenshot(page, 'invoice-runs');
  });

  it('creates an invoice run schedule with the seed fields and generates its runs', async () => {
    await page.getByRole('link', { name: 'Invoice run schedules' }).first().click();
    await page.getByRole('heading', { name: 'Invoice run schedules' }).waitFor();
    await page.getByRole('link', { name: 'Create invoice run schedule' }).first().click();
    await page.locator('input[name="name"]').waitFor();

    await page.locator('input[name="name"]').fill('Monthly rent 2027');
    await page.locator('[name="description"]').fill('Rent and service costs, invoiced per month');
    await fillDate(page, 'periodFrom', '2027-01-01');
    await page.locator('input[name="template.name"]').fill('Monthly rent');
    await page.locator('[name="template.description"]').fill('Monthly invoice run for rent');
    await selectOption(page, 'template.cycle', /^monthly$/i);
    // "To and including" follows From and the cycle.
    await expectDateValue(page, 'periodTo', '2027-01-31');
    await page.locator('input[name="template.invoiceName"]').fill('Rent');
    await selectOption(page, 'template.invoiceNameFormat', /invoice name \+ debtor$/i);
    await selectOption(page, 'template.invoiceCategory', /^Rent$/);
    await fillDate(page, 'template.invoiceDate', '2027-01-03');
    await fillDate(page, 'template.dueDate', '2027-01-17');
    await page.locator('input[name="numberOfRuns"]').fill('3');
    await screenshot(page, 'schedule-form');

    await page.getByRole('button', { name: 'Generate invoice runs' }).click();
    await page.waitForURL(/\/plugins\/invoicing\/schedules\/[a-z0-9]+$/);
    const runLinks = page.getByRole('link', { name: /^IVR/ });
    await eventually(runLinks).toHaveCount(3);
    await screenshot(page, 'schedule-with-runs');
  });

  it('opens the first run from the schedule and activates it', async () => {
    const first = page.getByRole('link', { name: /^IVR/ }).first();
    const href = await first.getAttribute('href');
    await first.click();
    await page.waitForURL(/\/plugins\/invoicing\/runs\/[a-z0-9]+$/);
    runPath = new URL(page.url()).pathname;
    expect(href).toBeTruthy();
    await runStatusShown('on_hold');

    await page.getByRole('button', { name: 'Activate' }).click();
    await runStatusShown('submitted');
    expect(await runStatus()).toBe('submitted');
    await screenshot(page, 'run-submitted');
  });

  it('generates the amounts and watches the progress finish without a reload', async () => {
    await page.getByRole('tab', { name: 'Amounts' }).click();
    const loads = countNavigations(page);
    await page.getByTestId('generate-amounts').click();
    // The progress bar shows while the job runs…
    const progress = page.getByTestId('job-progress').first();
    await progress.waitFor({ state: 'visible' });
    await screenshot(page, 'amounts-progress');
    // …and the page turns to "Amounts generated" by itself when the job ends.
    await runStatusShown('amounts_generated', 120_000);
    await progress.waitFor({ state: 'detached', timeout: 30_000 });
    expect(loads()).toBe(0);
    expect(await runStatus()).toBe('amounts_generated');
    await screenshot(page, 'amounts-generated');
  });

  it('opens the to-be-invoiced amounts overview with the magnifier', async () => {
    await page.getByRole('button', { name: 'Show the to be invoiced amounts' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await eventually(dialog.getByRole('row')).not.toHaveCount(0);
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    await screenshot(page, 'amounts-overview');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('deletes the amounts after confirming, and generates them again', async () => {
    await page.getByRole('button', { name: 'Delete amounts' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.waitFor();
    await screenshot(page, 'delete-amounts-dialog');
    await confirm.getByRole('button', { name: 'Delete amounts' }).click();
    await runStatusShown('submitted');
    expect(await runStatus()).toBe('submitted');

    await page.getByTestId('generate-amounts').click();
    await runStatusShown('amounts_generated', 120_000);
    expect(await runStatus()).toBe('amounts_generated');
    await screenshot(page, 'amounts-generated-again');
  });

  it('the reviewer sees Approve but no Generate, and approves', async () => {
    await newPage();
    await login(page, base, REVIEWER.email, REVIEWER.password);
    await page.goto(`${base}${runPath}`);
    await page.getByRole('button', { name: 'Approve' }).waitFor();
    await page.getByRole('tab', { name: 'Amounts' }).click();
    await eventually(page.getByRole('button', { name: 'Generate', exact: true })).toHaveCount(0);
    await page.getByRole('tab', { name: 'Invoices' }).click();
    await eventually(page.getByRole('button', { name: 'Generate', exact: true })).toHaveCount(0);
    await eventually(page.getByRole('button', { name: 'Delete amounts' })).toHaveCount(0);
    await screenshot(page, 'reviewer-run');

    await page.getByRole('button', { name: 'Approve' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByRole('button', { name: 'Approve' }).click();
    await runStatusShown('approved');
    expect(await runStatus()).toBe('approved');
    await screenshot(page, 'reviewer-approved');
  });

  it('generates the invoices and opens one with its lines', async () => {
    await newPage();
    await login(page, base, ADMIN.email, ADMIN.password);
    await page.goto(`${base}${runPath}`);
    await page.getByRole('tab', { name: 'Invoices' }).click();
    await page.getByTestId('generate-invoices').click();
    await runStatusShown('invoices_generated', 180_000);
    expect(await runStatus()).toBe('invoices_generated');
    await screenshot(page, 'invoices-generated');

    const firstInvoice = page.getByTestId('invoice-number').first();
    await eventually(firstInvoice).toHaveText(/^\d{4}-\d{6}$/);
    await firstInvoice.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await eventually(dialog.getByRole('row')).not.toHaveCount(0);
    await screenshot(page, 'invoice-detail');
    await page.keyboard.press('Escape');
  });
});

describe('documents and sending', () => {
  /** A small run of its own (the yearly contracts of 2030), made through the API up to its invoices. */
  let smallRun = '';
  let invoiceCount = 0;

  beforeAll(async () => {
    const login = await app.request.post('/admin/login').send(ADMIN);
    const auth = `Bearer ${login.body.data.token as string}`;
    const call = async (method: 'get' | 'post', path: string, status: number, body?: object) => {
      const res = await app.request[method](`/invoicing${path}`).set('Authorization', auth).send(body);
      if (res.status !== status) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 400)}`);
      return res.body.data;
    };
    const waitForJob = async (runId: string) => {
      for (let i = 0; i < 600; i += 1) {
        const job = await call('get', `/runs/${runId}/job`, 200);
        if (job?.state === 'succeeded') return;
        if (job?.state === 'failed') throw new Error(`job failed: ${job.error}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('job did not finish');
    };
    const run = await call('post', '/runs', 201, {
      name: 'Yearly 2030',
      cycle: 'yearly',
      periodStart: '2030-01-01',
      periodEnd: '2030-12-31',
      invoiceDate: '2030-01-02',
      dueDate: '2030-01-16',
      invoiceName: 'Yearly fee',
      invoiceNameFormat: 'name_contract',
      invoiceCategory: null,
    });
    smallRun = run.documentId;
    await call('post', `/runs/${smallRun}/activate`, 200);
    await call('post', `/runs/${smallRun}/amounts/generate`, 202);
    await waitForJob(smallRun);
    await call('post', `/runs/${smallRun}/approve`, 200);
    await call('post', `/runs/${smallRun}/invoices/generate`, 202);
    await waitForJob(smallRun);
    invoiceCount = (await call('get', `/runs/${smallRun}`, 200)).totals.invoices;
    expect(invoiceCount).toBeGreaterThan(0);
  });

  it("shows an invoice's PDF and downloads it, and downloads the run's documents as a ZIP", async () => {
    await newPage();
    await login(page, base, ADMIN.email, ADMIN.password);
    await page.goto(invoicing(`/runs/${smallRun}`));
    await page.getByRole('tab', { name: 'Invoices' }).click();
    await page.getByTestId('invoice-number').first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('invoice-pdf-preview').waitFor();
    const [pdf] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('download-invoice-pdf').click()]);
    expect(pdf.suggestedFilename()).toMatch(/^\d{4}-\d{6}\.pdf$/);
    expect(fs.readFileSync(await pdf.path()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await screenshot(page, 'invoice-pdf-preview');
    await page.keyboard.press('Escape');

    const [zip] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-all-documents').click()]);
    expect(zip.suggestedFilename()).toMatch(/\.zip$/);
    expect(fs.readFileSync(await zip.path()).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('sends the invoices after confirming the count, and the run turns to Invoices sent', async () => {
    const before = sink.received.length;
    await page.getByTestId('send-invoices').click();
    const confirm = page.getByTestId('send-invoices-confirm');
    await eventually(confirm).toHaveText(new RegExp(`\\b${invoiceCount} invoices?\\b`));
    await screenshot(page, 'send-invoices-confirm');
    await confirm.getByRole('button', { name: 'Send invoices' }).click();
    await runStatusShown('invoices_sent', 120_000);
    await page.getByText(`Sending has finished: ${invoiceCount} sent, 0 failed.`).waitFor();
    expect(sink.received.length - before).toBe(invoiceCount);
    await eventually(page.getByTestId('sending-counts')).toHaveText(new RegExp(`^Sent: ${invoiceCount} `));
    await screenshot(page, 'invoices-sent');
  });
});

describe('permissions', () => {
  it('a user whose role lacks read sees no Invoicing menu and no Invoicing page', async () => {
    // Media Library access only: the role holds none of the plugin's actions.
    const role = await createRole(app.strapi, 'Editors without invoicing', ['plugin::upload.read']);
    const user = await createUser(app, [role.id], 'editor');
    await newPage();
    await login(page, base, user.email, PASSWORD);
    await page.getByRole('link', { name: 'Media Library' }).first().waitFor();
    await eventually(page.getByRole('link', { name: 'Invoicing' })).toHaveCount(0);
    await page.goto(invoicing('/runs'));
    await page.getByText("You don't have the permissions to access that content").waitFor();
    await eventually(page.getByRole('heading', { name: 'Invoice runs' })).toHaveCount(0);
    await screenshot(page, 'no-read-permission');
  });
});

describe('settings and languages', () => {
  it('Settings → Invoicing saves and shows the saved values after a reload', async () => {
    await newPage();
    await login(page, base, ADMIN.email, ADMIN.password);
    await page.goto(`${base}/admin/settings/invoicing`);
    const days = page.locator('input[name="activationDaysBefore"]');
    await days.waitFor();
    await days.fill('12');
    const prefix = page.locator('input[name="invoiceNumberPrefix"]');
    await prefix.fill('INV-');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The settings have been saved.').waitFor();
    await page.reload();
    await eventually(page.locator('input[name="activationDaysBefore"]')).toHaveValue('12');
    await eventually(page.locator('input[name="invoiceNumberPrefix"]')).toHaveValue('INV-');
    await screenshot(page, 'settings-saved');
  });

  it('the Seller section shows field errors on their fields, saves the seller and opens the Media Library for the logo', async () => {
    await page.goto(`${base}/admin/settings/invoicing`);
    const iban = page.locator('input[name="seller.iban"]');
    await iban.waitFor();
    await page.locator('input[name="seller.legalName"]').fill('Vastgoed Beheer B.V.');
    await page.locator('input[name="seller.countryCode"]').fill('nl');
    await iban.fill('NL91 ABNA 0417 1643 01');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Enter a valid IBAN, for example NL91ABNA0417164300.').waitFor();
    await iban.fill('NL91 ABNA 0417 1643 00');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The settings have been saved.').waitFor();
    await page.reload();
    await eventually(page.locator('input[name="seller.iban"]')).toHaveValue('NL91ABNA0417164300');
    await eventually(page.locator('input[name="seller.countryCode"]')).toHaveValue('NL');
    await eventually(page.locator('input[name="seller.legalName"]')).toHaveValue('Vastgoed Beheer B.V.');
    await page.getByRole('button', { name: 'Choose logo' }).click();
    await page.getByRole('dialog').waitFor();
    await screenshot(page, 'settings-seller-media-library');
  });

  it('renders the invoice runs list in Dutch', async () => {
    await page.evaluate(() => window.localStorage.setItem('strapi-admin-language', 'nl'));
    await page.goto(invoicing('/runs'));
    await page.getByRole('heading', { name: 'Factuurruns' }).waitFor();
    await page.getByRole('link', { name: "Factuur run schema's" }).first().waitFor();
    await screenshot(page, 'runs-dutch');
  });
});

/* -------------------------------------------------------------------------------------------------
 * Small page helpers
 * -----------------------------------------------------------------------------------------------*/

/** Waits until the run page's header shows the status badge of `status`. */
async function runStatusShown(status: string, timeout = 20_000): Promise<void> {
  await page.getByTestId('run-subtitle').locator(`[data-status="${status}"]`).waitFor({ timeout });
}

/** Counts full page loads from now on: live updates must come without one. */
function countNavigations(p: Page): () => number {
  let loads = 0;
  p.on('load', () => {
    loads += 1;
  });
  return () => loads;
}

/** Fills a date input by its name (native date input, or the design system's date picker text box). */
async function fillDate(p: Page, name: string, isoDate: string): Promise<void> {
  const input = p.locator(`input[name="${name}"]`);
  const type = await input.getAttribute('type');
  if (type === 'date') {
    await input.fill(isoDate);
  } else {
    await input.fill(isoDate);
    await input.press('Enter');
  }
}

async function expectDateValue(p: Page, name: string, isoDate: string): Promise<void> {
  await eventually(p.locator(`input[name="${name}"]`)).toHaveValue(isoDate);
}

/** Chooses an option of a design-system select by its field name (the trigger carries the name). */
async function selectOption(p: Page, name: string, option: RegExp): Promise<void> {
  await p.locator(`[name="${name}"]`).first().click();
  await p.getByRole('option', { name: option }).first().click();
}

