/**
 * Amounts (DESIGN §6), invoices (§7) and the CSV export (§14) through the admin HTTP API of a real
 * booted Strapi, with contracts created through the Document Service like a content admin would.
 *
 * All tests share one database. Every test works in its own calendar year (its contracts start and end
 * within that year, its runs cover periods of that year and its invoices are dated in that year), so
 * no test sees another test's contract lines, amounts or invoice numbers.
 */
import type { Amount, Invoice, Run } from '../../shared/contracts/runs';
import type { TestApp, TestUser } from '../helpers/strapi';
import { contractIn, createContract, createDebtor, monthRun, UIDS } from '../helpers/fixtures';
import { allAmounts, allInvoices, byNumber, getRun, runWithAmounts, startJob, submittedRun, transitionRun, waitForJob, type Api } from '../helpers/runs';
import { bootForFile } from '../helpers/suite';
import { parseCsvFields } from '../helpers/csv';

let app: TestApp;
let admin: TestUser;
/** `/invoicing/…` requests as `admin`. */
let http: Api;
bootForFile((booted) => ({ app, admin, a: http } = booted));

const byLine = (amounts: Amount[]) => new Map(amounts.map((a) => [a.contractLine.documentId, a]));

/** The money of an amount or invoice line. */
const money = (a: { net: string; vat: string; gross: string }) => ({ net: a.net, vat: a.vat, gross: a.gross });

const prefix = async (): Promise<string> => (await http.get('/settings')).body.data.invoiceNumberPrefix;

async function approvedRunWithInvoices(runId: string): Promise<{ run: Run; invoices: Invoice[] }> {
  await transitionRun(app, admin, runId, 'approve');
  await startJob(app, admin, runId, 'invoices');
  await waitForJob(app, admin, runId);
  return { run: await getRun(app, admin, runId), invoices: await allInvoices(app, admin, runId) };
}

describe('amounts: eligible contract lines (DESIGN §6)', () => {
  test('only lines of active contracts of the run cycle whose effective interval overlaps the period get an amount', async () => {
    const Y = 2031;
    const debtor = await createDebtor(app.strapi, { name: 'Eligibility debtor' });
    const main = await contractIn(app.strapi, Y, {
      debtor,
      lines: [
        { description: 'whole period', unitPrice: '31' },
        { description: 'line ended before', unitPrice: '31', endDate: `${Y}-02-28` },
        { description: 'line starts after', unitPrice: '31', startDate: `${Y}-04-01` },
        { description: 'line starts on the last day', unitPrice: '31', startDate: `${Y}-03-31` },
        { description: 'line ends on the first day', unitPrice: '31', endDate: `${Y}-03-01` },
      ],
    });
    const terminated = await contractIn(app.strapi, Y, { debtor, status: 'terminated', lines: [{ unitPrice: '31' }] });
    const quarterly = await contractIn(app.strapi, Y, { debtor, invoiceCycle: 'quarterly', lines: [{ unitPrice: '31' }] });
    const endedBefore = await contractIn(app.strapi, Y, { debtor, endDate: `${Y}-02-28`, lines: [{ unitPrice: '31' }] });
    const startsAfter = await contractIn(app.strapi, Y, { debtor, startDate: `${Y}-04-01`, lines: [{ unitPrice: '31' }] });
    const endsOnFirstDay = await contractIn(app.strapi, Y, { debtor, endDate: `${Y}-03-01`, lines: [{ description: 'contract ends on day 1', unitPrice: '31' }] });
    const startsOnLastDay = await contractIn(app.strapi, Y, { debtor, startDate: `${Y}-03-31`, lines: [{ description: 'contract starts on day 31', unitPrice: '31' }] });
    // The contract and the line each overlap the period, but not each other inside it.
    const disjoint = await contractIn(app.strapi, Y, { debtor, startDate: `${Y}-03-20`, lines: [{ unitPrice: '31', endDate: `${Y}-03-10` }] });

    const run = await runWithAmounts(app, admin, monthRun(Y, 3));
    expect(run.status).toBe('amounts_generated');
    const amounts = await allAmounts(app, admin, run.documentId);
    const got = byLine(amounts);

    const expected = new Map<string, { periodStart: string; periodEnd: string; net: string }>([
      [main.lines[0].documentId, { periodStart: `${Y}-03-01`, periodEnd: `${Y}-03-31`, net: '31.00' }],
      [main.lines[3].documentId, { periodStart: `${Y}-03-31`, periodEnd: `${Y}-03-31`, net: '1.00' }],
      [main.lines[4].documentId, { periodStart: `${Y}-03-01`, periodEnd: `${Y}-03-01`, net: '1.00' }],
      [endsOnFirstDay.lines[0].documentId, { periodStart: `${Y}-03-01`, periodEnd: `${Y}-03-01`, net: '1.00' }],
      [startsOnLastDay.lines[0].documentId, { periodStart: `${Y}-03-31`, periodEnd: `${Y}-03-31`, net: '1.00' }],
    ]);
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [lineId, e] of expected) expect(got.get(lineId)).toMatchObject(e);

    const excluded = [main.lines[1], main.lines[2], terminated.lines[0], quarterly.lines[0], endedBefore.lines[0], startsAfter.lines[0], disjoint.lines[0]];
    for (const line of excluded) expect(got.has(line.documentId)).toBe(false);

    expect(run.job.summary).toMatchObject({ created: 5, alreadyInvoiced: 0, parked: [] });
    expect(run.totals).toMatchObject({ amounts: 5, net: '35.00', currency: 'EUR', invoices: 0 });
  });
});

describe('amounts: proration, VAT and rounding (DESIGN §6)', () => {
  test('prorated nets, VAT per line rounded half away from zero, negative prices, and the run totals', async () => {
    const Y = 2026;
    const debtor = await createDebtor(app.strapi, { name: 'Proration debtor' });
    // 50.50 for days 16–31 of January: 50.50 × 16 / 31 = 26.0645… → 26.06; VAT 21 %: 5.4726 → 5.47.
    const midStart = await contractIn(app.strapi, Y, { debtor, startDate: `${Y}-01-16`, lines: [{ description: 'Rent', unitPrice: '50.50', vatRate: '21' }] });
    const full = await contractIn(app.strapi, Y, {
      debtor,
      lines: [
        // fully covered: exactly unitPrice × quantity = 31.25; VAT 9 %: 2.8125 → 2.81
        { description: 'Parking', unitPrice: '12.50', quantity: '2.5', vatRate: '9' },
        // a line starting mid-period: days 11–31, 100 × 21 / 31 = 67.7419… → 67.74; VAT 14.2254 → 14.23
        { description: 'Storage', unitPrice: '100.00', vatRate: '21', startDate: `${Y}-01-11` },
        // VAT exactly half a cent: 10.50 × 21 % = 2.205 → 2.21
        { description: 'Service', unitPrice: '10.50', vatRate: '21' },
        // a negative price: VAT −2.205 → −2.21 (away from zero)
        { description: 'Discount', unitPrice: '-10.50', vatRate: '21' },
        // negative and prorated: −26.0645… → −26.06; VAT −5.47
        { description: 'Credit', unitPrice: '-50.50', vatRate: '21', startDate: `${Y}-01-16` },
      ],
    });
    // a contract ending mid-period: days 1–10, 99.99 × 10 / 31 = 32.2548… → 32.25; VAT 6.7725 → 6.77
    const ending = await createContract(app.strapi, {
      debtor,
      startDate: `${Y - 1}-06-01`,
      endDate: `${Y}-01-10`,
      lines: [{ description: 'Cleaning', unitPrice: '99.99', vatRate: '21' }],
    });

    const run = await runWithAmounts(app, admin, monthRun(Y, 1));
    const got = byLine(await allAmounts(app, admin, run.documentId));
    expect(got.size).toBe(7);

    expect(got.get(midStart.lines[0].documentId)).toMatchObject({
      periodStart: '2026-01-16',
      periodEnd: '2026-01-31',
      description: 'Rent 2026-01-16 \u2013 2026-01-31',
      net: '26.06',
      vat: '5.47',
      gross: '31.53',
      vatRate: '21',
      currency: 'EUR',
      contract: { documentId: midStart.contract.documentId },
      debtor: { documentId: debtor.documentId, name: 'Proration debtor' },
    });
    expect(Number(got.get(midStart.lines[0].documentId)!.unitPrice)).toBe(50.5);
    expect(got.get(full.lines[0].documentId)).toMatchObject({ periodStart: '2026-01-01', periodEnd: '2026-01-31', net: '31.25', vat: '2.81', gross: '34.06' });
    expect(Number(got.get(full.lines[0].documentId)!.quantity)).toBe(2.5);
    expect(got.get(full.lines[1].documentId)).toMatchObject({ periodStart: '2026-01-11', periodEnd: '2026-01-31', net: '67.74', vat: '14.23', gross: '81.97' });
    expect(money(got.get(full.lines[2].documentId)!)).toEqual({ net: '10.50', vat: '2.21', gross: '12.71' });
    expect(money(got.get(full.lines[3].documentId)!)).toEqual({ net: '-10.50', vat: '-2.21', gross: '-12.71' });
    expect(got.get(full.lines[4].documentId)).toMatchObject({ periodStart: '2026-01-16', net: '-26.06', vat: '-5.47', gross: '-31.53' });
    expect(got.get(ending.lines[0].documentId)).toMatchObject({
      periodStart: '2026-01-01',
      periodEnd: '2026-01-10',
      description: 'Cleaning 2026-01-01 \u2013 2026-01-10',
      net: '32.25',
      vat: '6.77',
      gross: '39.02',
    });

    const totals = { amounts: 7, net: '131.24', vat: '23.81', gross: '155.05', invoices: 0, currency: 'EUR' };
    expect(run.totals).toMatchObject({ ...totals, byCurrency: [{ currency: 'EUR', amounts: 7, net: '131.24', vat: '23.81', gross: '155.05' }] });
    const list = await http.get(`/runs/${run.documentId}/amounts`);
    expect(list.body.meta.totals).toEqual(run.totals);
  });

  test('leap-year February has 29 days', async () => {
    const Y = 2028;
    const debtor = await createDebtor(app.strapi, { name: 'Leap debtor' });
    const c = await contractIn(app.strapi, Y, {
      debtor,
      lines: [
        { description: 'Full', unitPrice: '100', vatRate: '9' },
        // days 15–29: 100 × 15 / 29 = 51.7241… → 51.72 (with 28 days it would be 53.57)
        { description: 'Half', unitPrice: '100', vatRate: '21', startDate: `${Y}-02-15` },
        // the 29th alone: 29 × 1 / 29 = 1.00
        { description: 'Last day', unitPrice: '29', vatRate: '0', startDate: `${Y}-02-29` },
      ],
    });
    const run = await runWithAmounts(app, admin, monthRun(Y, 2));
    expect(run.periodEnd).toBe('2028-02-29');
    const got = byLine(await allAmounts(app, admin, run.documentId));
    expect(got.get(c.lines[0].documentId)).toMatchObject({ periodStart: '2028-02-01', periodEnd: '2028-02-29', net: '100.00', vat: '9.00', gross: '109.00' });
    expect(got.get(c.lines[1].documentId)).toMatchObject({ periodStart: '2028-02-15', periodEnd: '2028-02-29', net: '51.72', vat: '10.86', gross: '62.58' });
    expect(got.get(c.lines[2].documentId)).toMatchObject({ periodStart: '2028-02-29', periodEnd: '2028-02-29', net: '1.00', vat: '0.00', gross: '1.00' });
  });

  test('a prorated net of exactly half a cent rounds away from zero, for positive and negative prices', async () => {
    const Y = 2029;
    const debtor = await createDebtor(app.strapi, { name: 'Half cent debtor' });
    // April has 30 days; days 16–30 are exactly half: 10.01 / 2 = 5.005 → 5.01, −5.005 → −5.01.
    const c = await contractIn(app.strapi, Y, {
      debtor,
      lines: [
        { unitPrice: '10.01', vatRate: '0', startDate: `${Y}-04-16` },
        { unitPrice: '-10.01', vatRate: '0', startDate: `${Y}-04-16` },
      ],
    });
    const run = await runWithAmounts(app, admin, monthRun(Y, 4));
    const got = byLine(await allAmounts(app, admin, run.documentId));
    expect(money(got.get(c.lines[0].documentId)!)).toEqual({ net: '5.01', vat: '0.00', gross: '5.01' });
    expect(money(got.get(c.lines[1].documentId)!)).toEqual({ net: '-5.01', vat: '0.00', gross: '-5.01' });
    expect(run.totals).toMatchObject({ amounts: 2, net: '0.00', vat: '0.00', gross: '0.00' });
  });
});

describe('amounts: currencies, totals and the amounts list', () => {
  const Y = 2032;
  let run: Run;
  let jpyHalf: Awaited<ReturnType<typeof contractIn>>;
  let kwd: Awaited<ReturnType<typeof contractIn>>;

  beforeAll(async () => {
    const alpha = await createDebtor(app.strapi, { name: 'Currency Alpha', reference: 'CUR-ALPHA' });
    const beta = await createDebtor(app.strapi, { name: 'Currency Beta', reference: 'CUR-BETA' });
    // JPY has no decimals: 1000 × 3 × 16 / 31 = 1548.387… → 1548; VAT 10 %: 154.8 → 155.
    jpyHalf = await contractIn(app.strapi, Y, { debtor: alpha, reference: 'CUR-JPY-1', currency: 'JPY', startDate: `${Y}-01-16`, lines: [{ description: 'Yen half', unitPrice: '1000', quantity: '3', vatRate: '10' }] });
    await contractIn(app.strapi, Y, { debtor: alpha, reference: 'CUR-JPY-2', currency: 'JPY', lines: [{ description: 'Yen full', unitPrice: '1000', quantity: '3', vatRate: '10' }] });
    // KWD has 3 decimals: 12.345, VAT 5 %: 0.61725 → 0.617; prorated 6.3716… → 6.372, VAT 0.3186 → 0.319.
    kwd = await contractIn(app.strapi, Y, {
      debtor: beta,
      reference: 'CUR-KWD-1',
      currency: 'KWD',
      lines: [
        { description: 'Dinar full', unitPrice: '12.345', vatRate: '5' },
        { description: 'Dinar half', unitPrice: '12.345', vatRate: '5', startDate: `${Y}-01-16` },
      ],
    });
    await contractIn(app.strapi, Y, { debtor: beta, reference: 'CUR-EUR-1', lines: [{ description: 'Euro', unitPrice: '10', vatRate: '21' }] });
    run = await runWithAmounts(app, admin, monthRun(Y, 1));
  });

  test('JPY amounts have no decimals and KWD amounts three', async () => {
    const got = byLine(await allAmounts(app, admin, run.documentId));
    expect(got.get(jpyHalf.lines[0].documentId)).toMatchObject({ currency: 'JPY', net: '1548', vat: '155', gross: '1703' });
    expect(got.get(kwd.lines[0].documentId)).toMatchObject({ currency: 'KWD', net: '12.345', vat: '0.617', gross: '12.962' });
    expect(got.get(kwd.lines[1].documentId)).toMatchObject({ currency: 'KWD', net: '6.372', vat: '0.319', gross: '6.691' });
  });

  test('the run totals hold one entry per currency, and GET amounts answers the same totals in meta', async () => {
    const byCurrency = [
      { currency: 'EUR', amounts: 1, net: '10.00', vat: '2.10', gross: '12.10' },
      { currency: 'JPY', amounts: 2, net: '4548', vat: '455', gross: '5003' },
      { currency: 'KWD', amounts: 2, net: '18.717', vat: '0.936', gross: '19.653' },
    ];
    expect(run.totals).toMatchObject({ amounts: 5, currency: null, invoices: 0, byCurrency });
    const res = await http.get(`/runs/${run.documentId}/amounts`, { pageSize: 1 });
    expect(res.status).toBe(200);
    expect(res.body.meta.totals).toEqual(run.totals);
    // GET /runs/:id answers the same
    expect((await getRun(app, admin, run.documentId)).totals).toEqual(run.totals);
  });

  test('the amounts list pages through all amounts', async () => {
    const page1 = await http.get(`/runs/${run.documentId}/amounts`, { page: 1, pageSize: 2 });
    const page2 = await http.get(`/runs/${run.documentId}/amounts`, { page: 2, pageSize: 2 });
    const page3 = await http.get(`/runs/${run.documentId}/amounts`, { page: 3, pageSize: 2 });
    const page4 = await http.get(`/runs/${run.documentId}/amounts`, { page: 4, pageSize: 2 });
    expect(page1.body.pagination).toEqual({ page: 1, pageSize: 2, pageCount: 3, total: 5 });
    expect(page3.body.pagination).toEqual({ page: 3, pageSize: 2, pageCount: 3, total: 5 });
    expect([page1, page2, page3, page4].map((p) => p.body.results.length)).toEqual([2, 2, 1, 0]);
    const ids = [...page1.body.results, ...page2.body.results, ...page3.body.results].map((a: Amount) => a.documentId);
    expect(new Set(ids).size).toBe(5);
    // default order: debtor name, then contract reference
    const all = [...page1.body.results, ...page2.body.results, ...page3.body.results] as Amount[];
    expect(all.map((a) => a.contract.reference)).toEqual(['CUR-JPY-1', 'CUR-JPY-2', 'CUR-EUR-1', 'CUR-KWD-1', 'CUR-KWD-1']);
    expect(page1.body.meta.totals.amounts).toBe(5);
  });

  test('the amounts list searches contract references and names and debtor names', async () => {
    const byRef = await http.get(`/runs/${run.documentId}/amounts`, { search: 'cur-kwd' });
    expect(byRef.body.pagination.total).toBe(2);
    expect(byRef.body.results.every((a: Amount) => a.contract.reference === 'CUR-KWD-1')).toBe(true);
    const byDebtor = await http.get(`/runs/${run.documentId}/amounts`, { search: 'Currency Alpha' });
    expect(byDebtor.body.results.map((a: Amount) => a.contract.reference).sort()).toEqual(['CUR-JPY-1', 'CUR-JPY-2']);
    const none = await http.get(`/runs/${run.documentId}/amounts`, { search: 'no such thing' });
    expect(none.body).toMatchObject({ results: [], pagination: { total: 0 } });
    // the totals in meta stay those of the whole run
    expect(byRef.body.meta.totals.amounts).toBe(5);
  });

  test('the amounts list refuses a bad page size and an unknown run', async () => {
    const bad = await http.get(`/runs/${run.documentId}/amounts`, { pageSize: 101 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('ValidationError');
    const unknown = await http.get('/runs/doesnotexist0000000000000/amounts');
    expect(unknown.status).toBe(404);
  });
});

describe('amounts: duplicate protection', () => {
  test('a second run over the same period counts the lines as already invoiced; after cancelling the first they are eligible again', async () => {
    const Y = 2033;
    const debtor = await createDebtor(app.strapi, { name: 'Duplicate debtor' });
    const c = await contractIn(app.strapi, Y, { debtor, lines: [{ unitPrice: '10' }, { unitPrice: '20' }, { unitPrice: '30', startDate: `${Y}-01-20` }] });
    const lineIds = c.lines.map((l) => l.documentId).sort();

    const first = await runWithAmounts(app, admin, monthRun(Y, 1, { name: 'First' }));
    expect(first.job.summary).toMatchObject({ created: 3, alreadyInvoiced: 0 });

    const second = await runWithAmounts(app, admin, monthRun(Y, 1, { name: 'Second' }));
    expect(second.status).toBe('amounts_generated');
    expect(second.job.summary).toMatchObject({ created: 0, alreadyInvoiced: 3, parked: [] });
    expect(await allAmounts(app, admin, second.documentId)).toEqual([]);
    expect(second.totals.amounts).toBe(0);

    // a period that only partly overlaps is protected as well
    const overlapping = await runWithAmounts(app, admin, {
      ...monthRun(Y, 1, { name: 'Overlap' }),
      periodStart: `${Y}-01-25`,
      periodEnd: `${Y}-02-24`,
    });
    expect(overlapping.job.summary).toMatchObject({ created: 0, alreadyInvoiced: 3 });

    // cancelling the first run removes its amounts and frees the lines
    const cancelled = await transitionRun(app, admin, first.documentId, 'cancel');
    expect(cancelled.status).toBe('cancelled');
    expect(await allAmounts(app, admin, first.documentId)).toEqual([]);

    const deleted = await http.del(`/runs/${second.documentId}/amounts`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.data.status).toBe('submitted');
    await startJob(app, admin, second.documentId, 'amounts');
    const job = await waitForJob(app, admin, second.documentId);
    expect(job.summary).toMatchObject({ created: 3, alreadyInvoiced: 0 });
    const amounts = await allAmounts(app, admin, second.documentId);
    expect(amounts.map((a) => a.contractLine.documentId).sort()).toEqual(lineIds);
  });
});

describe('amounts: parked lines', () => {
  test('a line with an unknown currency and a line of a contract without debtor are parked; the rest proceeds', async () => {
    const Y = 2034;
    const debtor = await createDebtor(app.strapi, { name: 'Parking debtor' });
    const good = await contractIn(app.strapi, Y, { debtor, reference: 'PARK-GOOD', lines: [{ unitPrice: '10' }, { unitPrice: '20' }] });
    const badCurrency = await contractIn(app.strapi, Y, { debtor, reference: 'PARK-XYZ', lines: [{ description: 'Odd money', unitPrice: '10' }] });
    const noDebtor = await contractIn(app.strapi, Y, { debtor, reference: 'PARK-NODEBTOR', lines: [{ description: 'Nobody', unitPrice: '10' }] });

    // The API and the Content Manager refuse an unknown currency, so it is written straight to the table.
    await app.strapi.db.connection('invoicing_contracts').where({ document_id: badCurrency.contract.documentId }).update({ currency: 'XYZ' });
    await app.strapi.documents(UIDS.contract).update({ documentId: noDebtor.contract.documentId, data: { debtor: { set: [] } } as never });

    const run = await runWithAmounts(app, admin, monthRun(Y, 1));
    expect(run.status).toBe('amounts_generated');
    expect(run.job.state).toBe('succeeded');
    expect(run.job.summary.created).toBe(2);
    expect(run.job.summary.parkedCount).toBe(2);
    const parked = new Map<string, string>(run.job.summary.parked.map((p: { contractLine: string; reason: string }) => [p.contractLine, p.reason]));
    expect([...parked.keys()].sort()).toEqual([badCurrency.lines[0].documentId, noDebtor.lines[0].documentId].sort());
    expect(parked.get(badCurrency.lines[0].documentId)).toMatch(/PARK-XYZ/);
    expect(parked.get(badCurrency.lines[0].documentId)).toMatch(/XYZ.*currency|currency.*XYZ/i);
    expect(parked.get(noDebtor.lines[0].documentId)).toMatch(/PARK-NODEBTOR/);
    expect(parked.get(noDebtor.lines[0].documentId)).toMatch(/debtor/i);

    const amounts = await allAmounts(app, admin, run.documentId);
    expect(amounts.map((a) => a.contractLine.documentId).sort()).toEqual(good.lines.map((l) => l.documentId).sort());
    expect(run.totals).toMatchObject({ amounts: 2, net: '30.00' });
  });
});

describe('amounts: delete and regenerate', () => {
  test('after deleting the amounts and changing a line price, regenerating uses the new price', async () => {
    const Y = 2035;
    const debtor = await createDebtor(app.strapi, { name: 'Regenerate debtor' });
    const c = await contractIn(app.strapi, Y, { debtor, lines: [{ unitPrice: '100', vatRate: '21' }, { unitPrice: '5', vatRate: '0' }] });
    const run = await runWithAmounts(app, admin, monthRun(Y, 1));
    expect(byLine(await allAmounts(app, admin, run.documentId)).get(c.lines[0].documentId)).toMatchObject({ net: '100.00', vat: '21.00' });

    const res = await http.del(`/runs/${run.documentId}/amounts`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'submitted', totals: { amounts: 0 } });
    expect(await allAmounts(app, admin, run.documentId)).toEqual([]);

    await app.strapi.documents(UIDS.line).update({ documentId: c.lines[0].documentId, data: { unitPrice: '120.40' } as never });
    await startJob(app, admin, run.documentId, 'amounts');
    await waitForJob(app, admin, run.documentId);
    const got = byLine(await allAmounts(app, admin, run.documentId));
    expect(got.size).toBe(2);
    expect(got.get(c.lines[0].documentId)).toMatchObject({ net: '120.40', vat: '25.28', gross: '145.68' });
    expect(Number(got.get(c.lines[0].documentId)!.unitPrice)).toBe(120.4);
    expect(got.get(c.lines[1].documentId)).toMatchObject({ net: '5.00' });
    expect((await getRun(app, admin, run.documentId)).totals).toMatchObject({ amounts: 2, net: '125.40', vat: '25.28', gross: '150.68' });
  });
});

describe('invoices (DESIGN §7)', () => {
  test('a contract changed after approval does not change the invoices: they equal the approved amounts', async () => {
    const Y = 2036;
    const debtor = await createDebtor(app.strapi, { name: 'Approved debtor' });
    const c = await contractIn(app.strapi, Y, { debtor, name: 'Original contract', lines: [{ description: 'Rent', unitPrice: '100', vatRate: '21' }, { description: 'Service', unitPrice: '-7.77', vatRate: '9' }] });
    const run = await runWithAmounts(app, admin, monthRun(Y, 1, { invoiceName: 'Rent' }));
    await transitionRun(app, admin, run.documentId, 'approve');
    const approved = await allAmounts(app, admin, run.documentId);

    await app.strapi.documents(UIDS.line).update({ documentId: c.lines[0].documentId, data: { unitPrice: '999', vatRate: '0', description: 'Changed' } as never });
    await app.strapi.documents(UIDS.contract).update({ documentId: c.contract.documentId, data: { name: 'Renamed contract' } as never });
    await app.strapi.documents(UIDS.debtor).update({ documentId: debtor.documentId, data: { name: 'Renamed debtor' } as never });
    await app.strapi.documents(UIDS.line).delete({ documentId: c.lines[1].documentId });

    await startJob(app, admin, run.documentId, 'invoices');
    await waitForJob(app, admin, run.documentId);
    const invoices = await allInvoices(app, admin, run.documentId);
    expect(invoices).toHaveLength(1);
    const [invoice] = invoices;
    expect(invoice).toMatchObject({ name: 'Rent - Original contract', debtor: { name: 'Approved debtor' }, contract: { name: 'Original contract' } });
    expect(invoice.lines).toHaveLength(2);
    const approvedById = new Map(approved.map((a) => [a.documentId, a]));
    for (const line of invoice.lines!) {
      const a = approvedById.get(line.amount!)!;
      expect(a).toBeDefined();
      expect(line).toMatchObject({ description: a.description, quantity: a.quantity, unitPrice: a.unitPrice, vatRate: a.vatRate, net: a.net, vat: a.vat, gross: a.gross, periodStart: a.periodStart, periodEnd: a.periodEnd });
    }
    // 100.00 + 21.00 and −7.77 − 0.70 (VAT −0.6993 → −0.70)
    expect(money(invoice)).toEqual({ net: '92.23', vat: '20.30', gross: '112.53' });
    // the amounts are unchanged as well
    expect((await allAmounts(app, admin, run.documentId)).map(money)).toEqual(approved.map(money));
  });

  test('name_debtor: one invoice per debtor and currency with the lines of all its contracts; totals are sums of the lines', async () => {
    const Y = 2037;
    const alpha = await createDebtor(app.strapi, { name: 'Alpha BV' });
    const beta = await createDebtor(app.strapi, { name: 'Beta NV' });
    // created before Alpha's, so creation order is not alphabetical
    const b1 = await contractIn(app.strapi, Y, { debtor: beta, reference: 'GRP-4', lines: [{ unitPrice: '20', vatRate: '21' }] });
    const a1 = await contractIn(app.strapi, Y, { debtor: alpha, reference: 'GRP-2', lines: [{ unitPrice: '10.50', vatRate: '21' }, { unitPrice: '10.50', vatRate: '21' }] });
    const a2 = await contractIn(app.strapi, Y, { debtor: alpha, reference: 'GRP-1', lines: [{ unitPrice: '100', vatRate: '9' }] });
    const a3 = await contractIn(app.strapi, Y, { debtor: alpha, reference: 'GRP-3', currency: 'USD', lines: [{ unitPrice: '50', vatRate: '0' }] });

    const run = await runWithAmounts(app, admin, monthRun(Y, 1, { invoiceName: 'Services', invoiceNameFormat: 'name_debtor' }));
    const amounts = await allAmounts(app, admin, run.documentId);
    expect(amounts).toHaveLength(5);
    const { run: done, invoices } = await approvedRunWithInvoices(run.documentId);
    expect(done.status).toBe('invoices_generated');
    expect(done.totals.invoices).toBe(3);

    const p = await prefix();
    const sorted = [...invoices].sort(byNumber);
    expect(sorted.map((i) => [i.number, i.name, i.currency, i.debtor.documentId, i.contract])).toEqual([
      [`${p}${Y}-000001`, 'Services - Alpha BV', 'EUR', alpha.documentId, null],
      [`${p}${Y}-000002`, 'Services - Alpha BV', 'USD', alpha.documentId, null],
      [`${p}${Y}-000003`, 'Services - Beta NV', 'EUR', beta.documentId, null],
    ]);
    const [alphaEur, alphaUsd, betaEur] = sorted;
    const lineSet = (i: Invoice) => i.lines!.map((l) => amounts.find((a) => a.documentId === l.amount)!.contractLine.documentId).sort();
    expect(lineSet(alphaEur)).toEqual([...a1.lines, ...a2.lines].map((l) => l.documentId).sort());
    expect(lineSet(alphaUsd)).toEqual(a3.lines.map((l) => l.documentId));
    expect(lineSet(betaEur)).toEqual(b1.lines.map((l) => l.documentId));
    // within the debtor's invoice the lines follow the contract reference
    expect(alphaEur.lines!.map((l) => amounts.find((a) => a.documentId === l.amount)!.contract.reference)).toEqual(['GRP-1', 'GRP-2', 'GRP-2']);

    // VAT per line: 2.21 + 2.21 + 9.00 = 13.42 (VAT of the invoice total would give 13.41)
    expect(money(alphaEur)).toEqual({ net: '121.00', vat: '13.42', gross: '134.42' });
    expect(money(alphaUsd)).toEqual({ net: '50.00', vat: '0.00', gross: '50.00' });
    expect(money(betaEur)).toEqual({ net: '20.00', vat: '4.20', gross: '24.20' });
    for (const invoice of invoices) {
      expect(invoice.lineCount).toBe(invoice.lines!.length);
      const sum = (k: 'net' | 'vat' | 'gross') => invoice.lines!.reduce((s, l) => s + Math.round(Number(l[k]) * 100), 0);
      expect([sum('net'), sum('vat'), sum('gross')]).toEqual([Math.round(Number(invoice.net) * 100), Math.round(Number(invoice.vat) * 100), Math.round(Number(invoice.gross) * 100)]);
      expect(invoice).toMatchObject({ invoiceDate: `${Y}-02-01`, dueDate: `${Y}-02-15`, status: 'open' });
    }
    // one invoice line per amount, every amount exactly once
    const used = invoices.flatMap((i) => i.lines!.map((l) => l.amount)).sort();
    expect(used).toEqual(amounts.map((a) => a.documentId).sort());
    // the invoice list pages and searches
    const search = await http.get(`/runs/${run.documentId}/invoices`, { search: 'Beta' });
    expect(search.body.results.map((i: Invoice) => i.documentId)).toEqual([betaEur.documentId]);
    expect((await http.get('/invoices/doesnotexist0000000000000')).status).toBe(404);
  });

  test('numbering: prefix from the settings, gapless across two runs, deterministic order; name_contract and name_contract_debtor names', async () => {
    const Y = 2038;
    const put = await app.request.put('/invoicing/settings').set('Authorization', admin.auth).send({ invoiceNumberPrefix: 'INV-' });
    expect(put.status).toBe(200);
    expect(put.body.data.invoiceNumberPrefix).toBe('INV-');

    // Creation order differs from the invoice order on purpose.
    const zeta = await createDebtor(app.strapi, { name: 'Zeta' });
    const alpha = await createDebtor(app.strapi, { name: 'Alpha' });
    const mid = await createDebtor(app.strapi, { name: 'Mid' });
    await contractIn(app.strapi, Y, { debtor: zeta, reference: 'NUM-0', name: 'Zeta flat', lines: [{ unitPrice: '1' }] });
    await contractIn(app.strapi, Y, { debtor: alpha, reference: 'NUM-B', name: 'Alpha shop', lines: [{ unitPrice: '2' }, { unitPrice: '3' }] });
    await contractIn(app.strapi, Y, { debtor: mid, reference: 'NUM-M', name: 'Mid office', lines: [{ unitPrice: '4' }] });
    await contractIn(app.strapi, Y, { debtor: alpha, reference: 'NUM-A', name: 'Alpha house', lines: [{ unitPrice: '5' }] });

    const jan = await runWithAmounts(app, admin, monthRun(Y, 1, { invoiceName: 'Rent', invoiceNameFormat: 'name_contract' }));
    const first = (await approvedRunWithInvoices(jan.documentId)).invoices.sort(byNumber);
    expect(first.map((i) => [i.number, i.name, i.contract?.reference, i.lines!.length])).toEqual([
      ['INV-2038-000001', 'Rent - Alpha house', 'NUM-A', 1],
      ['INV-2038-000002', 'Rent - Alpha shop', 'NUM-B', 2],
      ['INV-2038-000003', 'Rent - Mid office', 'NUM-M', 1],
      ['INV-2038-000004', 'Rent - Zeta flat', 'NUM-0', 1],
    ]);

    const feb = await runWithAmounts(app, admin, monthRun(Y, 2, { invoiceName: 'Rent', invoiceNameFormat: 'name_contract_debtor' }));
    const second = (await approvedRunWithInvoices(feb.documentId)).invoices.sort(byNumber);
    expect(second.map((i) => [i.number, i.name])).toEqual([
      ['INV-2038-000005', 'Rent - Alpha house - Alpha'],
      ['INV-2038-000006', 'Rent - Alpha shop - Alpha'],
      ['INV-2038-000007', 'Rent - Mid office - Mid'],
      ['INV-2038-000008', 'Rent - Zeta flat - Zeta'],
    ]);
    expect(second.every((i) => i.invoiceDate === `${Y}-03-01`)).toBe(true);
  });

  test('numbering across a year end: the invoice date gives the year, and a new year starts at 000001', async () => {
    const debtorA = await createDebtor(app.strapi, { name: 'Year end A' });
    const debtorB = await createDebtor(app.strapi, { name: 'Year end B' });
    // quarterly contracts around the year end (no other test uses this cycle and time)
    const spec = { invoiceCycle: 'quarterly', startDate: '2026-10-01', endDate: '2027-03-31' };
    await createContract(app.strapi, { ...spec, debtor: debtorB, reference: 'YE-2', lines: [{ unitPrice: '300' }] });
    await createContract(app.strapi, { ...spec, debtor: debtorA, reference: 'YE-1', lines: [{ unitPrice: '300' }] });
    const q4 = await runWithAmounts(app, admin, {
      name: 'Q4',
      cycle: 'quarterly',
      periodStart: '2026-10-01',
      periodEnd: '2026-12-31',
      invoiceDate: '2026-12-31',
      dueDate: '2027-01-14',
    });
    const q1 = await runWithAmounts(app, admin, {
      name: 'Q1',
      cycle: 'quarterly',
      periodStart: '2027-01-01',
      periodEnd: '2027-03-31',
      invoiceDate: '2027-01-01',
      dueDate: '2027-01-15',
    });
    const p = await prefix();
    const dec = (await approvedRunWithInvoices(q4.documentId)).invoices.sort(byNumber);
    const jan = (await approvedRunWithInvoices(q1.documentId)).invoices.sort(byNumber);
    expect(dec.map((i) => [i.number, i.debtor.name])).toEqual([
      [`${p}2026-000001`, 'Year end A'],
      [`${p}2026-000002`, 'Year end B'],
    ]);
    expect(jan.map((i) => [i.number, i.debtor.name])).toEqual([
      [`${p}2027-000001`, 'Year end A'],
      [`${p}2027-000002`, 'Year end B'],
    ]);
  });

  test('invoice numbers are unique over the whole database', async () => {
    const rows = (await app.strapi.db.connection('invoicing_invoices').select('number')) as Array<{ number: string }>;
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
  });
});

describe('CSV export of the amounts (DESIGN §14)', () => {
  test('text/csv with a header row, RFC 4180 quoting, neutralised formulas and plain negative numbers', async () => {
    const Y = 2039;
    const debtor = await createDebtor(app.strapi, { name: 'Smith, "Jr."', reference: 'CSV-D' });
    const names = ['=HYPERLINK("http://evil.example","x")', '+31 20 555', '@SUM(A1)', '-minus', 'Multi\nline, "quoted"'];
    for (const [i, name] of names.entries()) {
      await contractIn(app.strapi, Y, { debtor, reference: `CSV-${i}`, name, lines: [{ description: i === 0 ? '=1+1' : `Line ${i}`, unitPrice: i === 3 ? '-25' : '10', vatRate: '21' }] });
    }
    const run = await runWithAmounts(app, admin, monthRun(Y, 1));

    const res = await app.request.get(`/invoicing/runs/${run.documentId}/amounts/export`).set('Authorization', admin.auth);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain(`${run.reference}`);
    const body = res.text;
    const rows = parseCsvFields(body);
    expect(rows).toHaveLength(1 + names.length);
    const header = rows[0].map((f) => f.value);
    expect(header).toEqual(expect.arrayContaining(['contract_reference', 'contract_name', 'debtor_name', 'net', 'vat', 'gross', 'currency']));
    const col = (name: string) => header.indexOf(name);
    expect(rows.every((r) => r.length === header.length)).toBe(true);

    const byRef = new Map(rows.slice(1).map((r) => [r[col('contract_reference')].value, r]));
    expect(byRef.get('CSV-0')![col('contract_name')].value).toBe('\'=HYPERLINK("http://evil.example","x")');
    expect(byRef.get('CSV-1')![col('contract_name')].value).toBe("'+31 20 555");
    expect(byRef.get('CSV-2')![col('contract_name')].value).toBe("'@SUM(A1)");
    expect(byRef.get('CSV-3')![col('contract_name')].value).toBe("'-minus");
    expect(byRef.get('CSV-4')![col('contract_name')].value).toBe('Multi\nline, "quoted"');
    expect(byRef.get('CSV-0')![col('debtor_name')].value).toBe('Smith, "Jr."');
    if (col('line_description') >= 0) expect(byRef.get('CSV-0')![col('line_description')].value).toBe("'=1+1");
    // no text cell read back starts with a formula character
    for (const row of rows) for (const f of row) if (f.quoted) expect(f.value).not.toMatch(/^[=+\-@\t\r]/);

    // the negative amount stays a plain number
    const negative = byRef.get('CSV-3')!;
    expect(negative[col('net')]).toEqual({ value: '-25.00', quoted: false });
    expect(negative[col('vat')]).toEqual({ value: '-5.25', quoted: false });
    expect(negative[col('gross')]).toEqual({ value: '-30.25', quoted: false });
    expect(byRef.get('CSV-1')![col('net')]).toEqual({ value: '10.00', quoted: false });
    expect(body).toContain(',-25.00,');
  });

  test('the export of an unknown run is a 404, and it needs a token', async () => {
    expect((await http.get('/runs/doesnotexist0000000000000/amounts/export')).status).toBe(404);
    const run = await submittedRun(app, admin, monthRun(2039, 6));
    expect((await app.request.get(`/invoicing/runs/${run.documentId}/amounts/export`)).status).toBe(401);
  });
});

describe('amounts job refusals', () => {
  test('generating again after success is a 409 naming the status; no second job is made', async () => {
    const debtor = await createDebtor(app.strapi, { name: 'Refusal debtor' });
    await contractIn(app.strapi, 2040, { debtor, lines: [{ unitPrice: '1' }] });
    const run = await runWithAmounts(app, admin, monthRun(2040, 1));
    const again = await http.post(`/runs/${run.documentId}/amounts/generate`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ data: null, error: { status: 409 } });
    expect(again.body.error.message).toMatch(/amounts_generated|amounts generated/i);
    const invoices = await http.post(`/runs/${run.documentId}/invoices/generate`);
    expect(invoices.status).toBe(409);
    const jobs = await app.strapi.db.connection('invoicing_jobs').join('invoicing_runs', 'invoicing_runs.id', 'invoicing_jobs.run_id').where('invoicing_runs.document_id', run.documentId).count({ n: '*' });
    expect(Number(jobs[0].n)).toBe(1);
  });
});
