/**
 * The accounting journal export (DESIGN §18) through the admin HTTP API of a booted Strapi: a period
 * with invoices in two currencies at several VAT rates (0% exempt under an invoice category with a
 * ledger account and an `E` VAT treatment, runs without a category on the settings' default ledger
 * account), lines credited partially and fully; the CSV's totals per currency equal those of the
 * period's documents to the cent, every row is one document line, the boundaries are inclusive, the
 * stream crosses many keyset pages (page size 7) with the same bytes as one page; 400, 401 and 403.
 */
import type { Readable } from 'stream';
import { createRole, createUser } from '../helpers/strapi';
import { allInvoices, api, errorPaths, expectStatus, runInStatus, type Api, type Json } from '../helpers/runs';
import { monthRun, UIDS } from '../helpers/fixtures';
import { bootForFile, type Booted } from '../helpers/suite';
import { VALID_SELLER } from '../helpers/seller';
import { parseCsv, parseCsvFields } from '../helpers/csv';
import { pluginSnapshot } from '../helpers/checksum';
import { addDays, compareDates, todayIn } from '../../shared/dates';
import { formatMinor, toMinor } from '../../shared/money';
import { JOURNAL_COLUMNS } from '../../shared/journal';
import type { Invoice } from '../../shared/contracts/runs';

const YEAR = 2041;
const PAGE_SIZE = 7;
/** Contracts of the bulk debtor: enough lines to cross many pages of PAGE_SIZE. */
const BULK_CONTRACTS = 20;

const col = (name: (typeof JOURNAL_COLUMNS)[number]) => JOURNAL_COLUMNS.indexOf(name);

const importBody = () => ({
  debtors: [
    { reference: '=JNL-D1', name: 'Bakkerij Zon' },
    { reference: 'JNL-D2', name: '@Acme Inc' },
    { reference: 'JNL-D3', name: 'Bulk, "Many" B.V.' },
  ],
  contracts: [
    {
      reference: 'JNL-C1',
      name: 'Shop unit 1',
      debtorReference: '=JNL-D1',
      invoiceCycle: 'monthly',
      startDate: `${YEAR}-01-01`,
      endDate: null,
      status: 'active',
      currency: 'EUR',
      lines: [
        { reference: 'RENT', description: 'Rent', unitPrice: '1000.00', quantity: '1', vatRate: '21' },
        { reference: 'SERVICE', description: 'Service costs', unitPrice: '33.33', quantity: '3', vatRate: '9' },
        { reference: 'COURSE', description: 'Course fee', unitPrice: '250.00', quantity: '1', vatRate: '0' },
        { reference: 'DISCOUNT', description: '-Discount', unitPrice: '-10.00', quantity: '1', vatRate: '21' },
      ],
    },
    {
      reference: 'JNL-C2',
      name: 'Office 7',
      debtorReference: 'JNL-D2',
      invoiceCycle: 'monthly',
      startDate: `${YEAR}-01-01`,
      endDate: null,
      status: 'active',
      currency: 'USD',
      lines: [
        { reference: 'RENT', description: 'Office rent', unitPrice: '500.00', quantity: '1', vatRate: '21' },
        { reference: 'TRAINING', description: 'Training', unitPrice: '99.99', quantity: '1', vatRate: '0' },
      ],
    },
    ...Array.from({ length: BULK_CONTRACTS }, (_, i) => ({
      reference: `JNL-B${String(i + 1).padStart(3, '0')}`,
      name: `Storage ${i + 1}`,
      debtorReference: 'JNL-D3',
      invoiceCycle: 'monthly',
      startDate: `${YEAR}-01-01`,
      endDate: null,
      status: 'active',
      currency: i % 4 === 0 ? 'USD' : 'EUR',
      lines: [
        { reference: 'BOX', description: `Box ${i + 1}`, unitPrice: `${(i + 1) * 7}.13`, quantity: '1', vatRate: '21' },
        { reference: 'INSURANCE', description: 'Insurance', unitPrice: '1.99', quantity: '3', vatRate: '9' },
      ],
    })),
  ],
});

interface Totals {
  net: number;
  vat: number;
  gross: number;
}

describe('journal export (GET /exports/journal)', () => {
  let booted: Booted;
  let a: Api;
  let today: string;
  let from: string;
  let to: string;
  let category: { documentId: string };
  /** Every document of the period (invoices and credit notes), each with its lines. */
  let inPeriod: Invoice[] = [];
  /** Invoices dated just outside the period. */
  let before: Invoice[] = [];
  let after: Invoice[] = [];

  /** GET /exports/journal as the admin (or another user), the raw answer. */
  const journal = (query: Record<string, string>, auth: string | null = booted.admin.auth) => {
    const req = booted.app.request.get('/invoicing/exports/journal').query(query);
    return auth ? req.set('Authorization', auth) : req;
  };

  const full = async (path: string) => {
    const res = await a.get(path);
    expectStatus(res, 200, `GET ${path}`);
    return res.body.data as Invoice;
  };

  bootForFile(
    async (b) => {
      booted = b;
      a = b.a;
      const { app, admin } = b;
      today = todayIn('UTC');
      from = addDays(today, -10);
      to = today;

      expectStatus(await a.put('/settings', { seller: VALID_SELLER, sendRatePerSecond: 0, defaultLedgerAccount: '8999' }), 200, 'PUT /settings');
      category = await app.strapi.documents(UIDS.category).create({
        data: { name: 'Education (exempt)', ledgerAccount: '8100', vatCategory: 'E', vatExemptionReason: 'Exempt education (Article 132 VAT Directive)' } as never,
      });
      expectStatus(await a.post('/contracts/import', importBody()), 200, 'import');

      // On the period's first day, with the exempt category (ledger account 8100, 0% lines E).
      const runA = await runInStatus(app, admin, 'invoices_generated', monthRun(YEAR, 1, { invoiceDate: from, dueDate: addDays(from, 14), invoiceCategory: category.documentId }));
      // Within the period, no category: the settings' ledger account, 0% lines Z.
      const runB = await runInStatus(app, admin, 'invoices_generated', monthRun(YEAR, 2, { invoiceDate: addDays(today, -5), dueDate: addDays(today, 9) }));
      // The day before and the day after the period.
      const runBefore = await runInStatus(app, admin, 'invoices_generated', monthRun(YEAR, 3, { invoiceDate: addDays(from, -1), dueDate: addDays(from, 13) }));
      const runAfter = await runInStatus(app, admin, 'invoices_generated', monthRun(YEAR, 4, { invoiceDate: addDays(to, 1), dueDate: addDays(to, 15) }));

      const invoicesA = await allInvoices(app, admin, runA);
      const invoicesB = await allInvoices(app, admin, runB);
      before = await allInvoices(app, admin, runBefore);
      after = await allInvoices(app, admin, runAfter);

      // Credit notes (dated today, the period's last day): part of run A's shop invoice (the exempt
      // course and the service costs), all of run B's office invoice (USD), and part of an invoice of
      // the day before the period (the credit note is in the period, its invoice is not).
      const shopA = invoicesA.find((i) => i.debtor.reference === '=JNL-D1')!;
      const officeB = invoicesB.find((i) => i.debtor.reference === 'JNL-D2')!;
      const shopBefore = before.find((i) => i.debtor.reference === '=JNL-D1')!;
      const lineIds = (i: Invoice, ...descriptions: string[]) => i.lines!.filter((l) => descriptions.some((d) => l.description.startsWith(d))).map((l) => l.documentId);
      const notes: Invoice[] = [];
      for (const [invoice, lines] of [
        [shopA, lineIds(shopA, 'Course fee', 'Service costs')],
        [officeB, undefined],
        [shopBefore, lineIds(shopBefore, 'Rent')],
      ] as Array<[Invoice, string[] | undefined]>) {
        const res = await a.post(`/invoices/${invoice.documentId}/credit`, { reason: 'Journal test', ...(lines ? { lines } : {}) });
        expectStatus(res, 201, 'POST /invoices/:id/credit');
        notes.push(await full(`/credit-notes/${res.body.data.documentId}`));
      }
      expect(notes.map((n) => n.invoiceDate)).toEqual([today, today, today]);

      // The invoices again (their credit status changed), and the credit notes.
      inPeriod = [...(await allInvoices(app, admin, runA)), ...(await allInvoices(app, admin, runB)), ...notes];
    },
    { env: { INVOICING_WORKER_ENABLED: 'false', INVOICING_EXPORT_PAGE_SIZE: String(PAGE_SIZE) } },
  );

  /** The CSV rows a document's lines must give (in line order). */
  const expectedRows = (doc: Invoice, ledgerOfCategory: string): string[][] => {
    const isNote = doc.kind === 'credit_note';
    const credited = isNote ? [...inPeriod, ...before].find((i) => i.documentId === doc.creditedInvoice!.documentId)! : doc;
    const ledger = credited.category ? ledgerOfCategory : '8999';
    const neutral = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
    return [...doc.lines!]
      .sort((x, y) => x.position - y.position)
      .map((l) => [
        doc.invoiceDate,
        isNote ? 'credit_note' : 'invoice',
        doc.number,
        isNote ? doc.creditedInvoice!.number : '',
        neutral(doc.debtor.reference),
        neutral(doc.debtor.name),
        ledger,
        l.vatRate,
        Number(l.vatRate) > 0 ? 'S' : credited.category?.vatCategory ?? 'Z',
        l.net,
        l.vat,
        l.gross,
        doc.currency,
        neutral(l.description),
        l.periodStart,
        l.periodEnd,
      ]);
  };

  const totalsPerCurrency = (entries: Array<{ currency: string; net: string; vat: string; gross: string }>) => {
    const by: Record<string, Totals> = {};
    for (const e of entries) {
      const t = (by[e.currency] ??= { net: 0, vat: 0, gross: 0 });
      t.net += toMinor(e.net, e.currency);
      t.vat += toMinor(e.vat, e.currency);
      t.gross += toMinor(e.gross, e.currency);
    }
    return Object.fromEntries(
      Object.entries(by).map(([c, t]) => [c, { net: formatMinor(t.net, c), vat: formatMinor(t.vat, c), gross: formatMinor(t.gross, c) }]),
    );
  };

  let csv: string;
  let rows: string[][];

  test('200 text/csv with the file name of the period; header and one row per line of the period’s documents', async () => {
    const res = await journal({ from, to });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="journal-${from}-${to}.csv"`);
    csv = res.text;
    const all = parseCsv(csv);
    expect(all[0]).toEqual([...JOURNAL_COLUMNS]);
    rows = all.slice(1);
    const lineCount = inPeriod.reduce((n, d) => n + d.lines!.length, 0);
    expect(rows).toHaveLength(lineCount);
    // several keyset pages
    expect(rows.length).toBeGreaterThan(PAGE_SIZE * 5);
    // two currencies, at least three VAT rates, invoices and credit notes
    expect(new Set(rows.map((r) => r[col('currency')]))).toEqual(new Set(['EUR', 'USD']));
    expect(new Set(rows.map((r) => r[col('vat_rate')])).size).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.map((r) => r[col('document_type')]))).toEqual(new Set(['invoice', 'credit_note']));
  });

  test('the totals per currency equal the sums of the period’s invoices and credit notes to the cent', () => {
    const fromCsv = totalsPerCurrency(rows.map((r) => ({ currency: r[col('currency')], net: r[col('net')], vat: r[col('vat')], gross: r[col('gross')] })));
    const fromDocuments = totalsPerCurrency(inPeriod);
    expect(fromCsv).toEqual(fromDocuments);
    // and so do each document's own rows
    for (const doc of inPeriod) {
      const own = rows.filter((r) => r[col('number')] === doc.number);
      expect([doc.number, totalsPerCurrency(own.map((r) => ({ currency: r[col('currency')], net: r[col('net')], vat: r[col('vat')], gross: r[col('gross')] })))]).toEqual([
        doc.number,
        { [doc.currency]: { net: doc.net, vat: doc.vat, gross: doc.gross } },
      ]);
    }
  });

  test('every row is its document line: ledger account, VAT category, credited invoice, formula-safe text; in date, number, position order', () => {
    const expected = [...inPeriod]
      .sort((x, y) => compareDates(x.invoiceDate, y.invoiceDate) || (x.number < y.number ? -1 : x.number > y.number ? 1 : 0))
      .flatMap((d) => expectedRows(d, '8100'));
    expect(rows).toEqual(expected);

    // spot checks of what the expectation derives
    const shopA = rows.filter((r) => r[col('date')] === from && r[col('debtor_reference')] === "'=JNL-D1");
    expect(shopA.map((r) => [r[col('description')].split(' ')[0], r[col('vat_rate')], r[col('vat_category')], r[col('ledger_account')]]).sort()).toEqual([
      ["'-Discount", '21', 'S', '8100'],
      ['Course', '0', 'E', '8100'],
      ['Rent', '21', 'S', '8100'],
      ['Service', '9', 'S', '8100'],
    ]);
    const trainingB = rows.find((r) => r[col('date')] === addDays(today, -5) && r[col('description')].startsWith('Training') && r[col('document_type')] === 'invoice')!;
    expect([trainingB[col('vat_category')], trainingB[col('ledger_account')], trainingB[col('debtor_name')]]).toEqual(['Z', '8999', "'@Acme Inc"]);
  });

  test('credit notes: negative amounts as plain numbers, the credited invoice’s number, dated on the period’s last day', () => {
    const fields = parseCsvFields(csv).slice(1);
    const noteRows = fields.filter((r) => r[col('document_type')].value === 'credit_note');
    expect(noteRows.length).toBe(inPeriod.filter((d) => d.kind === 'credit_note').reduce((n, d) => n + d.lines!.length, 0));
    for (const r of noteRows) {
      expect(r[col('date')]).toEqual({ value: to, quoted: false });
      expect(r[col('credited_invoice_number')].value).not.toBe('');
      for (const m of ['net', 'vat', 'gross'] as const) expect(r[col(m)].quoted).toBe(false);
    }
    expect(noteRows.some((r) => r[col('net')].value.startsWith('-'))).toBe(true);
    // the credit note of an invoice from before the period is in it; that invoice is not
    const beforeNumbers = new Set(before.map((i) => i.number));
    expect(noteRows.some((r) => beforeNumbers.has(r[col('credited_invoice_number')].value))).toBe(true);
    expect(rows.some((r) => beforeNumbers.has(r[col('number')]))).toBe(false);
  });

  test('the boundaries are inclusive: the day before and the day after are left out, and can be exported on their own', async () => {
    const dates = new Set(rows.map((r) => r[col('date')]));
    expect(dates.has(from)).toBe(true);
    expect(dates.has(to)).toBe(true);
    for (const d of dates) expect(compareDates(d, from) >= 0 && compareDates(d, to) <= 0).toBe(true);

    const dayBefore = addDays(from, -1);
    const one = parseCsv((await journal({ from: dayBefore, to: dayBefore })).text).slice(1);
    expect(new Set(one.map((r) => r[col('number')]))).toEqual(new Set(before.map((i) => i.number)));
    const dayAfter = addDays(to, 1);
    const next = parseCsv((await journal({ from: dayAfter, to: dayAfter })).text).slice(1);
    expect(new Set(next.map((r) => r[col('number')]))).toEqual(new Set(after.map((i) => i.number)));
    expect(next).toHaveLength(after.reduce((n, i) => n + i.lineCount, 0));
  });

  test('a period without documents: the header only', async () => {
    const res = await journal({ from: '2000-01-01', to: '2000-12-31' });
    expect(res.status).toBe(200);
    expect(res.text).toBe(`${JOURNAL_COLUMNS.map((c) => `"${c}"`).join(',')}\r\n`);
  });

  test('pages of 7 lines give the same bytes as one page of everything', async () => {
    const service = booted.app.strapi.plugin('invoicing').service('journal') as unknown as {
      exportCsv(q: { from: string; to: string }, o?: { pageSize?: number }): Promise<{ filename: string; stream: Readable }>;
    };
    const read = async (pageSize: number) => {
      const { stream } = await service.exportCsv({ from, to }, { pageSize });
      let text = '';
      for await (const chunk of stream) text += String(chunk);
      return text;
    };
    expect(await read(100_000)).toBe(csv);
    expect(await read(1)).toBe(csv);
  });

  test("the category's current ledger account counts: a changed account shows in the next export", async () => {
    await booted.app.strapi.documents(UIDS.category).update({ documentId: category.documentId, data: { ledgerAccount: '8150' } as never });
    const again = parseCsv((await journal({ from, to })).text).slice(1);
    const accounts = (rs: string[][]) => rs.map((r) => r[col('ledger_account')]);
    expect(accounts(again)).toEqual(accounts(rows).map((x) => (x === '8100' ? '8150' : x)));
    expect(accounts(again)).toContain('8150');
    expect(accounts(again)).toContain('8999');
  });

  test.each([
    ['nothing', {}, [['from'], ['to']]],
    ['from missing', { to: '2041-01-31' }, [['from']]],
    ['to missing', { from: '2041-01-01' }, [['to']]],
    ['from not a calendar date', { from: '2041-02-30', to: '2041-03-31' }, [['from']]],
    ['to in another format', { from: '2041-01-01', to: '31-01-2041' }, [['to']]],
    ['from as a list', { 'from[]': '2041-01-01', to: '2041-01-31' }, [['from']]],
    ['from after to', { from: '2041-02-01', to: '2041-01-31' }, [['to']]],
  ] as Array<[string, Record<string, string>, string[][]]>)('%s: 400 with the field path and a sentence', async (_name, query, paths) => {
    const res = await journal(query);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
    expect(errorPaths(res.body)).toEqual(paths);
    for (const e of (res.body as Json).error.details.errors) expect(e.message).toMatch(/^[A-Z].*\.$/);
  });

  test('from after to names field to with a sentence', async () => {
    const res = await journal({ from, to: addDays(from, -1) });
    expect(res.body.error.message).toBe(`To (${addDays(from, -1)}) must be on or after from (${from}).`);
  });

  test('without the read permission 403, without a token 401; nothing is written', async () => {
    const snapshot = await pluginSnapshot(booted.app.strapi);
    const role = await createRole(booted.app.strapi, 'Journal outsider', ['plugin::invoicing.settings.read', 'plugin::invoicing.runs.approve']);
    const outsider = await createUser(booted.app, [role.id], 'journal-outsider');
    const refused = await journal({ from, to }, outsider.auth);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ data: null, error: { status: 403, name: 'PolicyError' } });
    expect((await journal({ from, to }, null)).status).toBe(401);
    const reader = await createUser(booted.app, [(await createRole(booted.app.strapi, 'Journal reader', ['plugin::invoicing.read'])).id], 'journal-reader');
    expect((await api(booted.app, reader).get('/exports/journal', { from, to })).status).toBe(200);
    expect(await pluginSnapshot(booted.app.strapi)).toEqual(snapshot);
  });
});
