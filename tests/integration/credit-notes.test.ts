/**
 * Credit notes and correction runs (DESIGN §17) through the admin HTTP API of a booted Strapi: crediting
 * by line, the exact negatives, the gapless CN series, the invoice's credit status, the correction run
 * that invoices the credited line again at the fixed price, the credit note's document and e-mail,
 * events, permissions and two admins crediting the same line at once.
 */
import { bootStrapi, createRole, createSuperAdmin, createUser, type TestApp, type TestUser } from '../helpers/strapi';
import type { Test } from 'supertest';
import { allInvoices, api, errorPaths, expectStatus, getRun, manualWorkerEnv, runEvents, runInStatus, waitForJob, type Api, type Json } from '../helpers/runs';
import { monthRun } from '../helpers/fixtures';
import { VALID_SELLER } from '../helpers/seller';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp';
import { pdfText } from '../helpers/pdf-text';
import { removeArchivedDocuments } from '../helpers/documents';
import { unzip } from '../helpers/zip';
import { pluginSnapshot } from '../helpers/checksum';
import { formatMinor, toMinor } from '../../shared/money';
import { todayIn } from '../../shared/dates';
import type { Invoice, InvoiceLine } from '../../shared/contracts/runs';

const YEAR = 2044;
const MONTH = 3;
const CN_YEAR = Number(todayIn('UTC').slice(0, 4));

const importBody = (rentPrice: string) => ({
  debtors: [
    { reference: 'CR-D1', name: 'Bakkerij Zon', email: 'zon@credit.test', language: 'nl', street: 'Kerkstraat 1', postalCode: '1011 AB', city: 'Amsterdam', countryCode: 'NL' },
    { reference: 'CR-D2', name: 'Acme Ltd', email: 'acme@credit.test', language: 'en' },
  ],
  contracts: [
    {
      reference: 'CR-C1',
      name: 'Shop unit 1',
      debtorReference: 'CR-D1',
      invoiceCycle: 'monthly',
      startDate: `${YEAR}-01-01`,
      endDate: null,
      status: 'active',
      currency: 'EUR',
      lines: [
        { reference: 'RENT', description: 'Rent', unitPrice: rentPrice, quantity: '1', vatRate: '21' },
        { reference: 'SERVICE', description: 'Service costs', unitPrice: '33.33', quantity: '3', vatRate: '9' },
        { reference: 'DISCOUNT', description: 'Discount', unitPrice: '-10.00', quantity: '1', vatRate: '21' },
      ],
    },
    {
      reference: 'CR-C2',
      name: 'Office 7',
      debtorReference: 'CR-D2',
      invoiceCycle: 'monthly',
      startDate: `${YEAR}-01-01`,
      endDate: null,
      status: 'active',
      currency: 'EUR',
      lines: [{ reference: 'RENT', description: 'Office rent', unitPrice: '500.00', quantity: '1', vatRate: '21' }],
    },
  ],
});

const sum = (values: string[], currency = 'EUR') => formatMinor(values.reduce((s, v) => s + toMinor(v, currency), 0), currency);

describe('credit notes and correction runs', () => {
  let app: TestApp;
  let admin: TestUser;
  let a: Api;
  let sink: SmtpSink;
  let runId: string;
  let shop: Invoice; // CR-D1's invoice: rent (wrong price), service, discount
  let office: Invoice; // CR-D2's invoice
  const events: Array<{ event: string; payload: Json }> = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await bootStrapi({ env: { ...manualWorkerEnv(4), ...sink.env } });
    admin = await createSuperAdmin(app);
    a = api(app, admin);
    for (const event of ['credit-note.created', 'credit-note.sent', 'invoice.sent']) {
      app.strapi.eventHub.on(event, async (payload: unknown) => {
        events.push({ event, payload });
      });
    }
    expectStatus(await a.put('/settings', { seller: VALID_SELLER, sendRatePerSecond: 0 }), 200, 'PUT /settings');
    expectStatus(await a.post('/contracts/import', importBody('1000.00')), 200, 'import');
    runId = await runInStatus(app, admin, 'invoices_generated', monthRun(YEAR, MONTH));
    const invoices = await allInvoices(app, admin, runId);
    const full = async (i: Invoice) => (await a.get(`/invoices/${i.documentId}`)).body.data as Invoice;
    shop = await full(invoices.find((i) => i.debtor.reference === 'CR-D1')!);
    office = await full(invoices.find((i) => i.debtor.reference === 'CR-D2')!);
  });

  afterAll(async () => {
    if (app) await removeArchivedDocuments(app);
    await app?.stop();
    await sink?.stop();
  });

  const lineOf = (invoice: Invoice, description: string): InvoiceLine => invoice.lines!.find((l) => l.description.startsWith(description))!;

  test('an invoice answers its lines with documentIds, no credit notes yet, status open', () => {
    expect(shop).toMatchObject({ kind: 'invoice', status: 'open', sendStatus: 'open', creditedInvoice: null, creditReason: null, creditNotes: [] });
    expect(shop.lines).toHaveLength(3);
    for (const line of shop.lines!) expect(line).toMatchObject({ documentId: expect.any(String), amount: expect.any(String), creditedBy: null });
    expect(lineOf(shop, 'Rent').net).toBe('1000.00');
  });

  test('without invoices.credit the route answers 403 (and 401 without a token); nothing is written', async () => {
    const role = await createRole(app.strapi, 'Credit reader', ['plugin::invoicing.read']);
    const reader = api(app, await createUser(app, [role.id], 'credit-reader'));
    const before = await pluginSnapshot(app.strapi);
    expect((await reader.post(`/invoices/${shop.documentId}/credit`, { reason: 'x' })).status).toBe(403);
    expect((await api(app, null).post(`/invoices/${shop.documentId}/credit`, { reason: 'x' })).status).toBe(401);
    expect((await reader.get('/credit-notes')).status).toBe(200);
    expect(await pluginSnapshot(app.strapi)).toEqual(before);
  });

  let rentNote: Json;
  test('crediting one line: a CN-numbered credit note with its exact negative, the invoice partially credited', async () => {
    // the contract's rent is fixed first (the invoice keeps what was approved)
    expectStatus(await a.post('/contracts/import', importBody('950.00')), 200, 'import with the fixed price');
    const rent = lineOf(shop, 'Rent');
    const res = await a.post(`/invoices/${shop.documentId}/credit`, { reason: 'Rent was 950.00 from January', lines: [rent.documentId] });
    expectStatus(res, 201, 'POST /invoices/:id/credit');
    rentNote = res.body.data;
    expect(rentNote).toMatchObject({
      kind: 'credit_note',
      number: `CN-${CN_YEAR}-000001`,
      status: 'open',
      sendStatus: 'open',
      creditReason: 'Rent was 950.00 from January',
      creditedInvoice: { documentId: shop.documentId, number: shop.number, invoiceDate: shop.invoiceDate },
      invoiceDate: todayIn('UTC'),
      currency: 'EUR',
      net: '-1000.00',
      vat: '-210.00',
      gross: '-1210.00',
      lineCount: 1,
      debtor: { documentId: shop.debtor.documentId, reference: 'CR-D1', name: 'Bakkerij Zon', city: 'Amsterdam' },
      run: { documentId: runId },
      contract: shop.contract,
    });
    expect(rentNote.seller).toMatchObject({ legalName: VALID_SELLER.legalName });
    expect(rentNote.lines).toEqual([
      expect.objectContaining({
        amount: null,
        creditedLine: rent.documentId,
        description: rent.description,
        periodStart: rent.periodStart,
        periodEnd: rent.periodEnd,
        quantity: '-1',
        unitPrice: rent.unitPrice,
        vatRate: rent.vatRate,
        net: '-1000.00',
        vat: '-210.00',
        gross: '-1210.00',
      }),
    ]);

    const after = (await a.get(`/invoices/${shop.documentId}`)).body.data as Invoice;
    expect(after).toMatchObject({ status: 'partially_credited', sendStatus: 'open', net: shop.net, gross: shop.gross });
    expect(after.creditNotes).toEqual([
      { documentId: rentNote.documentId, number: rentNote.number, invoiceDate: rentNote.invoiceDate, net: '-1000.00', vat: '-210.00', gross: '-1210.00', status: 'open', reason: rentNote.creditReason },
    ]);
    expect(lineOf(after, 'Rent').creditedBy).toEqual({ documentId: rentNote.documentId, number: rentNote.number });
    expect(lineOf(after, 'Service').creditedBy).toBeNull();

    // GET /credit-notes/:id answers the same; the invoice routes do not answer a credit note, nor the reverse
    expect((await a.get(`/credit-notes/${rentNote.documentId}`)).body.data).toEqual(rentNote);
    expect((await a.get(`/invoices/${rentNote.documentId}`)).status).toBe(404);
    expect((await a.get(`/credit-notes/${shop.documentId}`)).status).toBe(404);
    expect((await a.get(`/credit-notes/${shop.documentId}/document`)).status).toBe(404);
    expect((await a.get(`/invoices/${rentNote.documentId}/document`)).status).toBe(404);

    // the run's invoice list shows invoices only, with the status filter by the shown status
    const list = await a.get(`/runs/${runId}/invoices`, { status: 'partially_credited' });
    expect(list.body.results.map((i: Invoice) => i.number)).toEqual([shop.number]);
    expect((await a.get(`/runs/${runId}/invoices`, { status: 'open' })).body.results.map((i: Invoice) => i.number)).toEqual([office.number]);
    expect((await allInvoices(app, admin, runId)).map((i) => i.kind)).toEqual(['invoice', 'invoice']);

    // the webhook event and the run's audit trail
    const created = events.filter((e) => e.event === 'credit-note.created');
    expect(created).toHaveLength(1);
    expect(created[0].payload).toMatchObject({
      creditNote: { documentId: rentNote.documentId, number: rentNote.number, gross: '-1210.00', lines: 1 },
      invoice: { documentId: shop.documentId, number: shop.number },
      run: { documentId: runId },
      reason: rentNote.creditReason,
      actor: admin.id,
    });
    const credit = (await runEvents(app, admin, runId)).filter((e) => e.action === 'credit');
    expect(credit).toHaveLength(1);
    expect(credit[0]).toMatchObject({ actor: admin.id, details: { creditNote: rentNote.number, invoice: shop.number, lines: 1, invoiceStatus: 'partially_credited' } });
  });

  test('a line is credited only once: naming it again answers 409 and writes nothing', async () => {
    const before = await pluginSnapshot(app.strapi);
    const res = await a.post(`/invoices/${shop.documentId}/credit`, { reason: 'again', lines: [lineOf(shop, 'Rent').documentId, lineOf(shop, 'Service').documentId] });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/already credited by credit note CN-/);
    expect(await pluginSnapshot(app.strapi)).toEqual(before);
  });

  test('a line of another invoice, an unknown line, an empty reason, a credit note: 400/404/409 with a sentence, nothing written', async () => {
    const before = await pluginSnapshot(app.strapi);
    const other = await a.post(`/invoices/${shop.documentId}/credit`, { reason: 'x', lines: [office.lines![0].documentId] });
    expect(other.status).toBe(400);
    expect(errorPaths(other.body)).toEqual([['lines', '0']]);
    expect(other.body.error.message).toBe(`Line ${office.lines![0].documentId} belongs to ${office.number}, not to invoice ${shop.number}; credit it from its own invoice.`);
    const unknown = await a.post(`/invoices/${shop.documentId}/credit`, { reason: 'x', lines: [lineOf(shop, 'Service').documentId, 'no-such-line'] });
    expect(unknown.status).toBe(400);
    expect(errorPaths(unknown.body)).toEqual([['lines', '1']]);
    expect(unknown.body.error.message).toMatch(/is not a line of invoice/);
    const empty = await a.post(`/invoices/${shop.documentId}/credit`, { reason: '   ' });
    expect(empty.status).toBe(400);
    expect(errorPaths(empty.body)).toEqual([['reason']]);
    expect(empty.body.error.message).toBe('Reason is required.');
    expect((await a.post('/invoices/no-such-invoice/credit', { reason: 'x' })).status).toBe(404);
    const ofCredit = await a.post(`/invoices/${rentNote.documentId}/credit`, { reason: 'x' });
    expect(ofCredit.status).toBe(409);
    expect(ofCredit.body.error.message).toBe(`${rentNote.number} is a credit note; a credit note cannot be credited.`);
    expect(await pluginSnapshot(app.strapi)).toEqual(before);
  });

  let correctionRunId: string;
  test('the correction run invoices the credited line again at the fixed price, and only that line', async () => {
    correctionRunId = await runInStatus(app, admin, 'amounts_generated', monthRun(YEAR, MONTH, { name: 'Correction' }));
    const run = await getRun(app, admin, correctionRunId);
    expect(run.job?.summary).toMatchObject({ created: 1, alreadyInvoiced: 3 });
    expectStatus(await a.post(`/runs/${correctionRunId}/approve`), 200, 'approve');
    expectStatus(await a.post(`/runs/${correctionRunId}/invoices/generate`), 202, 'generate invoices');
    await waitForJob(app, admin, correctionRunId);
    const [fixed] = await allInvoices(app, admin, correctionRunId);
    const full = (await a.get(`/invoices/${fixed.documentId}`)).body.data as Invoice;
    expect(full.lines).toHaveLength(1);
    expect(full.lines![0]).toMatchObject({ description: expect.stringMatching(/^Rent/), unitPrice: '950', net: '950.00', vat: '199.50', gross: '1149.50' });

    // Totals for the debtor and period equal the corrected contract: 950.00 rent, 3 × 33.33 service, -10.00 discount.
    const corrected = { net: sum(['950.00', '99.99', '-10.00']), vat: sum(['199.50', '9.00', '-2.10']) };
    const documents = [shop, rentNote, full];
    expect(sum(documents.map((d) => d.net))).toBe(corrected.net);
    expect(sum(documents.map((d) => d.vat))).toBe(corrected.vat);
    expect(sum(documents.map((d) => d.gross))).toBe(sum([corrected.net, corrected.vat]));

    // A second correction run finds nothing left to invoice: the new invoice line protects the period again.
    const again = await runInStatus(app, admin, 'amounts_generated', monthRun(YEAR, MONTH, { name: 'Correction 2' }));
    expect((await getRun(app, admin, again)).job?.summary).toMatchObject({ created: 0, alreadyInvoiced: 4 });
    expectStatus(await a.post(`/runs/${again}/cancel`), 200, 'cancel');
  });

  let restNote: Json;
  test('crediting without lines takes every line not yet credited; then the invoice is credited and nothing is left', async () => {
    const res = await a.post(`/invoices/${shop.documentId}/credit`, { reason: 'Contract ended' });
    expectStatus(res, 201, 'credit the rest');
    restNote = res.body.data;
    expect(restNote.number).toBe(`CN-${CN_YEAR}-000002`);
    expect(restNote.lines.map((l: InvoiceLine) => l.creditedLine)).toEqual([lineOf(shop, 'Service').documentId, lineOf(shop, 'Discount').documentId]);
    // the discount line was negative: its credit is positive
    expect(restNote.lines[1]).toMatchObject({ quantity: '-1', unitPrice: '-10', net: '10.00', vat: '2.10', gross: '12.10' });
    expect(restNote.net).toBe(sum(['-99.99', '10.00']));
    const after = (await a.get(`/invoices/${shop.documentId}`)).body.data as Invoice;
    expect(after.status).toBe('credited');
    expect(after.creditNotes!.map((c) => c.number)).toEqual([rentNote.number, restNote.number]);
    // the invoice and its credit notes cancel out exactly
    expect(sum([after.gross, ...after.creditNotes!.map((c) => c.gross)])).toBe('0.00');

    const nothing = await a.post(`/invoices/${shop.documentId}/credit`, { reason: 'once more' });
    expect(nothing.status).toBe(409);
    expect(nothing.body.error.message).toBe(`Invoice ${shop.number} is credited in full already; there is nothing left to credit.`);
  });

  test('GET /credit-notes lists, searches (credit note number, invoice number, debtor) and filters by run and invoice', async () => {
    const all = await a.get('/credit-notes');
    expect(all.body.results.map((c: Invoice) => c.number)).toEqual([restNote.number, rentNote.number]);
    expect(all.body.pagination).toMatchObject({ page: 1, total: 2 });
    expect(all.body.results[0]).toMatchObject({ kind: 'credit_note', creditedInvoice: { number: shop.number } });
    const numbers = async (query: Record<string, unknown>) => (await a.get('/credit-notes', query)).body.results.map((c: Invoice) => c.number);
    expect(await numbers({ search: rentNote.number })).toEqual([rentNote.number]);
    expect(await numbers({ search: shop.number })).toEqual([restNote.number, rentNote.number]);
    expect(await numbers({ search: 'zon' })).toEqual([restNote.number, rentNote.number]);
    expect(await numbers({ search: 'acme' })).toEqual([]);
    expect(await numbers({ run: runId, sort: 'number:asc' })).toEqual([rentNote.number, restNote.number]);
    expect(await numbers({ run: correctionRunId })).toEqual([]);
    expect(await numbers({ invoice: office.documentId })).toEqual([]);
    expect(await numbers({ invoice: shop.documentId, pageSize: 1 })).toEqual([restNote.number]);
    expect((await a.get('/credit-notes', { run: 'no-such-run' })).status).toBe(404);
    expect((await a.get('/credit-notes', { status: 'delivered' })).status).toBe(400);
  });

  test('the credit note document: a PDF titled as a credit note with the credited invoice, the same bytes every time', async () => {
    const download = () => binary(app.request.get(`/invoicing/credit-notes/${rentNote.documentId}/document`).set('Authorization', admin.auth));
    const first = await download();
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    expect(first.headers['content-disposition']).toBe(`attachment; filename="${rentNote.number}.pdf"`);
    const text = (await pdfText(first.body as Buffer)).text;
    expect(text).toContain('Creditnota');
    expect(text).toContain(rentNote.number);
    expect(text).toContain(shop.number);
    expect(text).toContain('Rent was 950.00 from January');
    const second = await download();
    expect(Buffer.compare(first.body as Buffer, second.body as Buffer)).toBe(0);
  });

  test('sending a credit note: its own subject, Message-ID and PDF; credit-note.sent; a reader cannot send it', async () => {
    const role = await createRole(app.strapi, 'Credit reader 2', ['plugin::invoicing.read', 'plugin::invoicing.invoices.credit']);
    const creditor = api(app, await createUser(app, [role.id], 'creditor'));
    expect((await creditor.post(`/credit-notes/${rentNote.documentId}/send`)).status).toBe(403);
    const res = await a.post(`/credit-notes/${rentNote.documentId}/send`);
    expectStatus(res, 200, 'POST /credit-notes/:id/send');
    expect(res.body.data).toMatchObject({ kind: 'credit_note', status: 'sent', sendCount: 1 });
    const mails = sink.received.filter((m) => m.rcptTo.includes('zon@credit.test'));
    expect(mails).toHaveLength(1);
    expect(mails[0].parsed.subject).toBe(`Creditnota ${rentNote.number} van ${VALID_SELLER.legalName}`);
    expect(mails[0].parsed.text).toContain(`waarmee € 1.210,00 van factuur ${shop.number} wordt gecrediteerd`);
    expect(mails[0].parsed.messageId).toBe(`<credit-note.${rentNote.documentId}@example.com>`);
    expect(mails[0].parsed.attachments.map((x) => x.filename)).toEqual([`${rentNote.number}.pdf`]);
    expect(events.filter((e) => e.event === 'credit-note.sent').map((e) => e.payload.creditNote.number)).toEqual([rentNote.number]);
    expect(events.filter((e) => e.event === 'invoice.sent')).toHaveLength(0);
    // the invoice keeps its credit status while its sending status is its own
    expect((await a.get(`/invoices/${shop.documentId}`)).body.data).toMatchObject({ status: 'credited', sendStatus: 'open' });
    // sent with the run: the run's send job sends the unsent invoices and credit note of the run
    expectStatus(await a.post(`/runs/${runId}/invoices/send`), 202, 'send the run');
    const job = await waitForJob(app, admin, runId);
    expect(job.summary).toMatchObject({ sent: 3, failed: 0 });
    expect((await getRun(app, admin, runId)).status).toBe('invoices_sent');
    expect((await a.get(`/credit-notes/${restNote.documentId}`)).body.data.status).toBe('sent');
  });

  test("the run's ZIP holds its credit notes beside its invoices, each with its archived bytes", async () => {
    const res = await binary(app.request.get(`/invoicing/runs/${runId}/invoices/documents`).set('Authorization', admin.auth));
    expectStatus(res, 200, 'GET /runs/:id/invoices/documents');
    const entries = unzip(res.body as Buffer);
    expect(entries.map((e) => e.name)).toEqual([shop.number, office.number, rentNote.number, restNote.number].map((n) => `${n}.pdf`).sort());
    const note = entries.find((e) => e.name === `${rentNote.number}.pdf`)!;
    const archived = await binary(app.request.get(`/invoicing/credit-notes/${rentNote.documentId}/document`).set('Authorization', admin.auth));
    expect(Buffer.compare(note.data, archived.body as Buffer)).toBe(0);
  });

  test('the credit note prefix: a setting of its own that must differ from the invoice number prefix', async () => {
    const same = await a.put('/settings', { creditNotePrefix: '' });
    expect(same.status).toBe(400);
    expect(errorPaths(same.body)).toEqual([['creditNotePrefix']]);
    const clash = await a.put('/settings', { invoiceNumberPrefix: 'CN-' });
    expect(clash.status).toBe(400);
    expect(errorPaths(clash.body)).toEqual([['invoiceNumberPrefix']]);
    expectStatus(await a.put('/settings', { creditNotePrefix: 'CR/' }), 200, 'PUT creditNotePrefix');
    const res = await a.post(`/invoices/${office.documentId}/credit`, { reason: 'Wrong debtor' });
    expectStatus(res, 201, 'credit with the new prefix');
    // one series per year whatever the prefix: the number goes on
    expect(res.body.data.number).toBe(`CR/${CN_YEAR}-000003`);
    expectStatus(await a.put('/settings', { creditNotePrefix: 'CN-' }), 200, 'PUT creditNotePrefix back');
  });

  test('two admins crediting the same line at once: one credit note, the other 409; numbers stay gapless', async () => {
    expectStatus(await a.post('/contracts/import', importBody('950.00')), 200, 'import');
    const raceRun = await runInStatus(app, admin, 'invoices_generated', monthRun(YEAR, MONTH + 1));
    const invoices = await allInvoices(app, admin, raceRun);
    const second = await createSuperAdmin(app);
    const b = api(app, second);
    const results: Array<{ status: number; body: Json }> = [];
    for (const invoice of invoices) {
      const full = (await a.get(`/invoices/${invoice.documentId}`)).body.data as Invoice;
      const line = full.lines![0].documentId;
      results.push(...(await Promise.all([a, b, a, b].map((who, i) => who.post(`/invoices/${invoice.documentId}/credit`, { reason: `race ${i}`, lines: [line] })))));
    }
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(invoices.length);
    expect(results.filter((r) => r.status === 409)).toHaveLength(invoices.length * 3);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.message).toMatch(/already credited|at the same moment/);
    const numbers = created.map((r) => r.body.data.number as string).sort();
    expect(numbers).toEqual(invoices.map((_, i) => `CN-${CN_YEAR}-${String(4 + i).padStart(6, '0')}`));
    const rows = (await app.strapi.db.connection('invoicing_invoice_lines').whereNotNull('credited_line_id').count({ n: '*' })) as Array<{ n: number | string }>;
    expect(Number(rows[0].n)).toBe(3 + 1 + invoices.length); // rent, service + discount, office, one per race
  });
});

/** A request whose body is read as bytes. */
function binary(req: Test): Test {
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}
