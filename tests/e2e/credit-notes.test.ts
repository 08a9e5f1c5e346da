/**
 * Credit notes in the admin panel (DESIGN §17, issue 12), in a real browser: the built playground admin
 * panel served by a booted Strapi (SQLite, demo data), Debian's chromium through playwright-core. A run
 * is brought up to its invoices through the API; then, as the admin: open an invoice, Credit one of its
 * lines with a reason, and find the credit note on the invoice, on the run's Invoices tab and on the
 * Credit notes page; the credit note prefix in the settings; and the Credit button in Dutch. Every
 * step leaves a screenshot in artifacts/e2e/.
 *
 * One file, one booted Strapi, steps in order: each step starts where the previous one ended.
 */
import fs from 'fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import type { Invoice } from '../../shared/contracts/runs';
import { removeArchivedDocuments } from '../helpers/documents';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { ensureAdminBuild } from './admin-build';
import { e2eApi } from './admin-api';
import { eventually, launchBrowser, login, newContext, screenshot } from './browser';

jest.setTimeout(180_000);

const ADMIN = { email: 'admin@example.com', password: 'Invoicing-demo1' };
const REASON = 'Charged twice: the line was already on an earlier invoice.';

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
let auth = '';

/** The run the test works on (documentId), and the invoice it credits (on the run's first page). */
let runId = '';
let invoice: Invoice;
/** Another invoice of the run with lines left to credit, for the Dutch check. */
let otherInvoice: Invoice;
/** The number of the credit note the panel made, read from its notification. */
let creditNoteNumber = '';

const invoicing = (path = '') => `${base}/admin/plugins/invoicing${path}`;

/** The admin HTTP API as the admin user (throws unless a call answers its status). */
const { call, invoicedRun } = e2eApi(() => app, () => auth);

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

  // The yearly contracts of 2030, one invoice per contract: several have two or three lines.
  runId = await invoicedRun({
    name: 'Yearly 2030 (credit notes)',
    cycle: 'yearly',
    periodStart: '2030-01-01',
    periodEnd: '2030-12-31',
    invoiceDate: '2030-01-02',
    dueDate: '2030-01-16',
    invoiceName: 'Yearly fee',
    invoiceNameFormat: 'name_contract',
    invoiceCategory: null,
  });

  // From the Invoices tab's first page (20 a page, as the panel asks for it).
  const firstPage = await app.request.get(`/invoicing/runs/${runId}/invoices`).query({ page: 1, pageSize: 20 }).set('Authorization', auth);
  const candidates = (firstPage.body.results as Invoice[]).filter((inv) => inv.lineCount >= 2 && inv.currency === 'EUR');
  if (candidates.length < 2) throw new Error(`the run's first page has ${candidates.length} EUR invoices with two or more lines`);
  invoice = (await call('get', `/invoices/${candidates[0].documentId}`, 200)).data;
  otherInvoice = candidates[1];

  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  if (app) await removeArchivedDocuments(app).catch(() => undefined);
  await app?.stop();
});

describe('crediting an invoice', () => {
  it('opens an invoice of the run and shows Credit', async () => {
    await newPage();
    await login(page, base, ADMIN.email, ADMIN.password);
    await page.goto(invoicing(`/runs/${runId}`));
    await page.getByRole('tab', { name: 'Invoices' }).click();
    await page.locator(`[data-invoice="${invoice.number}"]`).getByTestId('invoice-number').click();
    const detail = page.getByTestId('invoice-detail');
    await detail.getByRole('heading', { name: `Invoice ${invoice.number}` }).waitFor();
    await detail.getByTestId('invoice-credit').waitFor();
    await screenshot(page, 'credit-invoice-detail');
  });

  it('credits one chosen line with a reason, after showing the total, and names the new credit note', async () => {
    await page.getByTestId('invoice-detail').getByTestId('invoice-credit').click();
    const dialog = page.getByTestId('credit-dialog');
    await dialog.waitFor();
    // All lines by default: the total is every line's gross, negative.
    await eventually(dialog.getByTestId('credit-summary-total')).toHaveText(new RegExp(`^${invoice.lineCount} lines · total -`));

    await dialog.getByRole('radio', { name: 'A selection of lines' }).click();
    const line = (invoice.lines ?? []).find((l) => !l.gross.startsWith('-'));
    if (!line) throw new Error(`invoice ${invoice.number} has no line with a positive gross`);
    await dialog.getByRole('checkbox', { name: `Credit line ${line.description}` }).first().click();
    await eventually(dialog.getByTestId('credit-summary-total')).toHaveText(/^1 line · total -EUR/);
    // The line's gross, negative: the same digits.
    const total = (await dialog.getByTestId('credit-summary-total').innerText()).trim();
    expect(total.split('total')[1].replace(/\D/g, '')).toBe(line.gross.replace(/\D/g, ''));

    // The reason is required.
    await dialog.getByTestId('credit-submit').click();
    await dialog.getByText('Enter the reason for the credit note.').waitFor();
    await dialog.locator('textarea[name="reason"]').fill(REASON);
    await screenshot(page, 'credit-dialog');

    await dialog.getByTestId('credit-submit').click();
    const done = page.getByText(/^Credit note \S+ has been created\.$/);
    await done.waitFor();
    creditNoteNumber = /^Credit note (\S+) has been created\.$/.exec((await done.innerText()).trim())?.[1] ?? '';
    expect(creditNoteNumber).toMatch(/^CN-\d{4}-\d{6}$/);
    await dialog.waitFor({ state: 'detached' });
  });

  it('the invoice shows partially credited, its credit note and the credited line', async () => {
    const detail = page.getByTestId('invoice-detail');
    await detail.getByTestId('invoice-sending').locator('[data-invoice-status="partially_credited"]').waitFor();
    await detail.getByTestId('invoice-credit-notes').locator(`[data-credit-note="${creditNoteNumber}"]`).waitFor();
    await eventually(detail.getByTestId('line-credited-by')).toHaveCount(1);
    await eventually(detail.getByTestId('line-credited-by')).toHaveText(new RegExp(`^Credited by ${creditNoteNumber}$`));
    // Another line is left: Credit stays.
    await detail.getByTestId('invoice-credit').waitFor();
    await screenshot(page, 'credit-invoice-partially-credited');
  });

  it('opens the credit note from the invoice: its credited invoice, reason and negative lines', async () => {
    const detail = page.getByTestId('invoice-detail');
    await detail.getByTestId('invoice-credit-notes').getByTestId('credit-note-number').click();
    await detail.getByRole('heading', { name: `Credit note ${creditNoteNumber}` }).waitFor();
    await eventually(detail.getByTestId('credited-invoice')).toHaveText(new RegExp(`^${invoice.number}$`));
    await eventually(detail.getByTestId('credit-reason')).toHaveText(new RegExp(`^${REASON}$`));
    await eventually(detail.getByTestId('invoice-lines').getByRole('row')).toHaveCount(2);
    await eventually(detail.getByTestId('invoice-credit')).toHaveCount(0);
    await screenshot(page, 'credit-note-detail');

    await detail.getByTestId('invoice-detail-back').click();
    await detail.getByRole('heading', { name: `Invoice ${invoice.number}` }).waitFor();
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
  });

  it("the run's Invoices tab lists the credit note and the invoice as partially credited", async () => {
    const row = page.locator(`[data-invoice="${invoice.number}"]`);
    await row.locator('[data-invoice-status="partially_credited"]').waitFor();
    const notes = page.getByTestId('run-credit-notes');
    await notes.locator(`[data-credit-note="${creditNoteNumber}"]`).waitFor();
    await eventually(notes.getByTestId('run-credit-notes-count')).toHaveText(/^1 credit note$/);
    await screenshot(page, 'credit-run-invoices-tab');
  });

  it('the Credit notes page, reached from Invoice runs, finds the credit note by search and opens it', async () => {
    await page.goto(invoicing('/runs'));
    await page.getByRole('link', { name: 'Credit notes' }).first().click();
    await page.waitForURL(/\/plugins\/invoicing\/credit-notes/);
    await page.getByRole('heading', { name: 'Credit notes' }).waitFor();

    // Strapi's SearchInput: an icon button "Search" that opens the search box.
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const search = page.locator('input[name="search"]');
    await search.fill(invoice.number);
    await search.press('Enter');
    await page.waitForURL(/_q=/);
    const row = page.locator(`[data-credit-note="${creditNoteNumber}"]`);
    await row.waitFor();
    await eventually(page.getByTestId('credit-note-row')).toHaveCount(1);
    await screenshot(page, 'credit-notes-page');

    await row.getByTestId('credit-note-number').click();
    const detail = page.getByTestId('invoice-detail');
    await detail.getByRole('heading', { name: `Credit note ${creditNoteNumber}` }).waitFor();
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
  });

  it('a credit that comes too late (the rest was credited meanwhile) shows the 409 sentence; the invoice then shows Credited, without Credit', async () => {
    await page.goto(invoicing(`/runs/${runId}`));
    await page.getByRole('tab', { name: 'Invoices' }).click();
    await page.locator(`[data-invoice="${invoice.number}"]`).getByTestId('invoice-number').click();
    const detail = page.getByTestId('invoice-detail');
    await detail.getByTestId('invoice-credit').click();
    const dialog = page.getByTestId('credit-dialog');
    await dialog.waitFor();
    // The lines left: every line but the one credited above.
    await eventually(dialog.getByTestId('credit-summary-total')).toHaveText(new RegExp(`^${invoice.lineCount - 1} lines? · total -`));
    await dialog.locator('textarea[name="reason"]').fill(REASON);

    // Someone else credits the rest first.
    await call('post', `/invoices/${invoice.documentId}/credit`, 201, { reason: 'Credited through the API' });
    await dialog.getByTestId('credit-submit').click();
    await page.getByText(`Invoice ${invoice.number} is credited in full already; there is nothing left to credit.`).waitFor();
    await screenshot(page, 'credit-conflict');

    await dialog.getByRole('button', { name: 'Go back' }).click();
    await dialog.waitFor({ state: 'detached' });
    await detail.getByTestId('invoice-sending').locator('[data-invoice-status="credited"]').waitFor();
    await eventually(detail.getByTestId('line-credited-by')).toHaveCount(invoice.lineCount);
    await eventually(detail.getByTestId('invoice-credit-notes').getByTestId('credit-note-number')).toHaveCount(2);
    await eventually(detail.getByTestId('invoice-credit')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    // The run's credit notes: both.
    await eventually(page.getByTestId('run-credit-notes-count')).toHaveText(/^2 credit notes$/);
  });

  it('Settings → Invoicing has the credit note prefix next to the invoice number prefix, and refuses the same prefix', async () => {
    await page.goto(`${base}/admin/settings/invoicing`);
    const prefix = page.locator('input[name="creditNotePrefix"]');
    await prefix.waitFor();
    await eventually(prefix).toHaveValue('CN-');
    const invoicePrefix = await page.locator('input[name="invoiceNumberPrefix"]').inputValue();
    await prefix.fill(invoicePrefix);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Use a different prefix than the invoice number prefix, so that credit notes and invoices never share a number.').waitFor();
    await screenshot(page, 'credit-note-prefix-setting');
    await page.reload();
    await eventually(page.locator('input[name="creditNotePrefix"]')).toHaveValue('CN-');
  });

  it('reads "Crediteren" on the Credit button in Dutch', async () => {
    await page.evaluate(() => window.localStorage.setItem('strapi-admin-language', 'nl'));
    await page.goto(invoicing(`/runs/${runId}`));
    await page.getByRole('tab', { name: 'Facturen' }).click();
    await page.locator(`[data-invoice="${otherInvoice.number}"]`).getByTestId('invoice-number').click();
    const detail = page.getByTestId('invoice-detail');
    await detail.getByRole('heading', { name: `Factuur ${otherInvoice.number}` }).waitFor();
    await eventually(detail.getByTestId('invoice-credit')).toHaveText(/^Crediteren$/);
    await screenshot(page, 'credit-button-dutch');
  });
});


describe('e-invoices (UBL) from the panel', () => {
  /** An invoice of the run's first page whose debtor has (`true`) or lacks an electronic address. */
  async function invoiceWithAddress(has: boolean): Promise<Invoice> {
    const firstPage = await app.request.get(`/invoicing/runs/${runId}/invoices`).query({ page: 1, pageSize: 20 }).set('Authorization', auth);
    for (const listed of firstPage.body.results as Invoice[]) {
      const full = (await call('get', `/invoices/${listed.documentId}`, 200)).data as Invoice;
      if (Boolean(full.debtor.electronicAddress) === has) return full;
    }
    throw new Error(`no invoice on the run's first page whose debtor ${has ? 'has' : 'lacks'} an electronic address`);
  }

  it("downloads an invoice's e-invoice from its detail, and the run's e-invoices as a ZIP", async () => {
    const company = await invoiceWithAddress(true);
    await newPage();
    await login(page, base, ADMIN.email, ADMIN.password);
    await page.goto(invoicing(`/runs/${runId}`));
    await page.getByRole('tab', { name: 'Invoices' }).click();
    await page.locator(`[data-invoice="${company.number}"]`).getByTestId('invoice-number').click();
    const detail = page.getByTestId('invoice-detail');
    await detail.getByRole('heading', { name: `Invoice ${company.number}` }).waitFor();
    const [xml] = await Promise.all([page.waitForEvent('download'), detail.getByTestId('download-invoice-ubl').click()]);
    expect(xml.suggestedFilename()).toBe(`${company.number}.xml`);
    const text = fs.readFileSync(await xml.path(), 'utf8');
    expect(text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<Invoice /);
    expect(text).toContain(`<cbc:ID>${company.number}</cbc:ID>`);
    await screenshot(page, 'e-invoice-download');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });

    const [zip] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-all-ubl').click()]);
    expect(zip.suggestedFilename()).toMatch(/-ubl\.zip$/);
    expect(fs.readFileSync(await zip.path()).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it("an invoice whose debtor has no electronic address says why it has no e-invoice", async () => {
    const person = await invoiceWithAddress(false);
    await page.locator(`[data-invoice="${person.number}"]`).getByTestId('invoice-number').click();
    const detail = page.getByTestId('invoice-detail');
    await detail.getByRole('heading', { name: `Invoice ${person.number}` }).waitFor();
    await detail.getByTestId('download-invoice-ubl').click();
    await page.getByText(new RegExp(`e-invoice of invoice ${person.number} cannot be made.*electronic address`)).first().waitFor();
    await screenshot(page, 'e-invoice-refused');
  });
});
