/**
 * Background jobs (DESIGN §4, §6, §7, §9) through the admin HTTP API of a real booted Strapi. The
 * worker's timer is off (INVOICING_WORKER_ENABLED=false): the tests drive it with `drain()` and
 * `processNext({ maxBatches })`, which stops like a crashed instance would (the job stays `running`
 * with its lease). Batches are 5 rows, so 40 contract lines take 8 batches.
 *
 * Every test works in its own calendar year, so no test sees another test's contract lines.
 */
import type { Amount, Invoice, JobSummary } from '../../shared/contracts/runs';
import type { TestApp, TestUser } from '../helpers/strapi';
import { contractIn, createDebtor, monthRun, type LineSpec } from '../helpers/fixtures';
import {
  allAmounts,
  allInvoices,
  amountRowCount,
  byNumber,
  expireLease,
  getJob,
  getRun,
  invoiceRows,
  jobRows,
  jobService,
  manualWorkerEnv,
  runEvents,
  runWithAmounts,
  startJob,
  submittedRun,
  transitionRun,
  waitForJob,
  worker,
  wrapNextRun,
  type Api,
} from '../helpers/runs';
import { bootForFile } from '../helpers/suite';

const BATCH_SIZE = 5;

let app: TestApp;
let admin: TestUser;
/** `/invoicing/…` requests as `admin`. */
let http: Api;
bootForFile((booted) => ({ app, admin, a: http } = booted), { env: manualWorkerEnv(BATCH_SIZE) });

/**
 * Makes the next call of a job service's `runJob` fail after `batches` committed batches (0: at once),
 * as a database outage in the middle of a job would; later calls run normally.
 */
function failNextRun(type: 'amounts' | 'invoices', batches: number, message: string): () => void {
  return wrapNextRun(jobService(app, type), (ctx) => {
    if (batches === 0) throw new Error(message);
    let done = 0;
    return {
      ...ctx,
      async batch(work) {
        await ctx.batch(work);
        done += 1;
        if (done >= batches) throw new Error(message);
      },
    };
  });
}

/** The comparable content of an amount (everything but its own identity). */
const content = (a: Amount) => ({
  contract: a.contract.documentId,
  debtor: a.debtor.documentId,
  periodStart: a.periodStart,
  periodEnd: a.periodEnd,
  description: a.description,
  quantity: a.quantity,
  unitPrice: a.unitPrice,
  net: a.net,
  vatRate: a.vatRate,
  vat: a.vat,
  gross: a.gross,
  currency: a.currency,
});

const byLine = (amounts: Amount[]) => new Map(amounts.map((a) => [a.contractLine.documentId, content(a)]));

/** Minor units of a decimal string with `scale` decimals, exactly (no floating point). */
const minor = (s: string) => {
  const negative = s.startsWith('-');
  const [int, frac = ''] = (negative ? s.slice(1) : s).split('.');
  const n = Number(`${int}${frac}`);
  return negative ? -n : n;
};

describe('a job started twice is one job', () => {
  test('two POST generate answer the same queued job; the run keeps its status while the job waits', async () => {
    const debtor = await createDebtor(app.strapi, { name: 'Twice debtor' });
    await contractIn(app.strapi, 2026, { debtor, lines: [{ unitPrice: '1' }, { unitPrice: '2' }] });
    const run = await submittedRun(app, admin, monthRun(2026, 1));

    const first = await http.post(`/runs/${run.documentId}/amounts/generate`);
    const second = await http.post(`/runs/${run.documentId}/amounts/generate`);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(first.body.data).toMatchObject({ type: 'amounts', state: 'queued', processed: 0 });
    expect(second.body.data.documentId).toBe(first.body.data.documentId);
    expect(await jobRows(app.strapi, run.documentId)).toHaveLength(1);

    const queued = await getRun(app, admin, run.documentId);
    expect(queued.status).toBe('submitted');
    expect(queued.job).toMatchObject({ documentId: first.body.data.documentId, type: 'amounts', state: 'queued' });

    await worker(app).drain();
    const done = await getRun(app, admin, run.documentId);
    expect(done.status).toBe('amounts_generated');
    expect(done.job).toMatchObject({ documentId: first.body.data.documentId, state: 'succeeded', processed: 2, total: 2, error: null });

    // generating again after success is refused, and makes no job
    const again = await http.post(`/runs/${run.documentId}/amounts/generate`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ data: null, error: { status: 409 } });
    expect(again.body.error.message).toMatch(/amounts_generated|amounts generated/i);
    expect(await jobRows(app.strapi, run.documentId)).toHaveLength(1);
  });

  test('20 parallel POST generate make exactly one job row and one audit event', async () => {
    const debtor = await createDebtor(app.strapi, { name: 'Parallel debtor' });
    await contractIn(app.strapi, 2027, { debtor, lines: [{ unitPrice: '1' }] });
    const run = await submittedRun(app, admin, monthRun(2027, 1));

    const answers = await Promise.all(Array.from({ length: 20 }, () => http.post(`/runs/${run.documentId}/amounts/generate`)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    const ids = new Set(answers.map((a) => a.body.data.documentId));
    expect(ids.size).toBe(1);
    const rows = await jobRows(app.strapi, run.documentId);
    expect(rows).toHaveLength(1);
    expect(rows[0].document_id).toBe([...ids][0]);

    const events = await http.get(`/runs/${run.documentId}/events`, { pageSize: 100 });
    expect(events.body.results.filter((e: { action: string }) => e.action === 'generate_amounts')).toHaveLength(1);

    await worker(app).drain();
    expect(await getJob(app, admin, run.documentId)).toMatchObject({ state: 'succeeded', attempts: 1, summary: { created: 1 } });
    expect(await jobRows(app.strapi, run.documentId)).toHaveLength(1);
  });

  test('20 parallel POST generate of invoices make one invoices job', async () => {
    const debtor = await createDebtor(app.strapi, { name: 'Parallel invoices debtor' });
    await contractIn(app.strapi, 2028, { debtor, lines: [{ unitPrice: '1' }] });
    const run = await runWithAmounts(app, admin, monthRun(2028, 1));
    await transitionRun(app, admin, run.documentId, 'approve');

    const answers = await Promise.all(Array.from({ length: 20 }, () => http.post(`/runs/${run.documentId}/invoices/generate`)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    expect(new Set(answers.map((a) => a.body.data.documentId)).size).toBe(1);
    expect((await jobRows(app.strapi, run.documentId)).filter((r) => r.type === 'invoices')).toHaveLength(1);
    await worker(app).drain();
    expect((await getRun(app, admin, run.documentId)).status).toBe('invoices_generated');
    expect(await invoiceRows(app.strapi, run.documentId)).toHaveLength(1);
    expect((await http.post(`/runs/${run.documentId}/invoices/generate`)).status).toBe(409);
  });
});

describe('a job whose lease expires mid-way resumes from its checkpoint', () => {
  test('amounts: the resumed job ends with exactly the amounts of an uninterrupted run', async () => {
    const Y = 2030;
    const debtors = [
      await createDebtor(app.strapi, { name: 'Resume C' }),
      await createDebtor(app.strapi, { name: 'Resume A' }),
      await createDebtor(app.strapi, { name: 'Resume B' }),
    ];
    // 8 contracts × 5 lines = 40 lines: prorated, negative, other currencies and rates among them
    const allLines: string[] = [];
    for (let c = 0; c < 8; c += 1) {
      const lines: LineSpec[] = Array.from({ length: 5 }, (_, l) => ({
        description: `Line ${c}.${l}`,
        unitPrice: l === 4 ? `-${c + 1}.15` : `${10 * (c + 1) + l}.${String(7 * l + c).padStart(2, '0')}`,
        quantity: l === 2 ? '1.5' : '1',
        vatRate: ['21', '9', '0', '21', '9'][l],
        startDate: l === 1 ? `${Y}-01-${String(10 + c).padStart(2, '0')}` : null,
        endDate: l === 3 ? `${Y}-01-${String(20 + c).padStart(2, '0')}` : null,
      }));
      const created = await contractIn(app.strapi, Y, { debtor: debtors[c % 3], currency: c === 7 ? 'KWD' : c === 6 ? 'JPY' : 'EUR', lines: c === 6 ? lines.map((l) => ({ ...l, unitPrice: l.unitPrice.split('.')[0] })) : lines });
      allLines.push(...created.lines.map((l) => l.documentId));
    }

    const interrupted = await submittedRun(app, admin, monthRun(Y, 1, { name: 'Interrupted' }));
    const started = await startJob(app, admin, interrupted.documentId, 'amounts');

    // An instance claims the job, works two batches (the set-up and 5 lines) and crashes.
    expect(await worker(app).processNext({ maxBatches: 2 })).not.toBeNull();
    const midway = await getJob(app, admin, interrupted.documentId);
    expect(midway).toMatchObject({ documentId: started.documentId, state: 'running', processed: BATCH_SIZE, total: 40, attempts: 1 });
    expect(midway.processed).toBeLessThan(midway.total);
    expect(await amountRowCount(app.strapi, interrupted.documentId)).toBe(BATCH_SIZE);
    const writtenBeforeCrash = (await allAmounts(app, admin, interrupted.documentId)).map((a) => a.documentId).sort();
    expect(writtenBeforeCrash).toHaveLength(BATCH_SIZE);
    expect((await getRun(app, admin, interrupted.documentId)).status).toBe('submitted');

    // Starting it again answers the running job.
    const again = await http.post(`/runs/${interrupted.documentId}/amounts/generate`);
    expect(again.status).toBe(202);
    expect(again.body.data).toMatchObject({ documentId: started.documentId, state: 'running' });

    // While the lease lives, no other worker takes the job over.
    await worker(app).drain();
    expect(await getJob(app, admin, interrupted.documentId)).toMatchObject({ state: 'running', processed: BATCH_SIZE, attempts: 1 });

    await expireLease(app, started.documentId);
    await worker(app).drain();
    const resumed = await getJob(app, admin, interrupted.documentId);
    expect(resumed).toMatchObject({ documentId: started.documentId, state: 'succeeded', processed: 40, total: 40, attempts: 2, error: null });
    expect(resumed.summary).toMatchObject({ created: 40, alreadyInvoiced: 0, parked: [] });
    expect(await jobRows(app.strapi, interrupted.documentId)).toHaveLength(1);

    const runA = await getRun(app, admin, interrupted.documentId);
    expect(runA.status).toBe('amounts_generated');
    const amountsA = await allAmounts(app, admin, interrupted.documentId);
    expect(amountsA).toHaveLength(40);
    expect(new Set(amountsA.map((a) => a.contractLine.documentId)).size).toBe(40);
    expect([...byLine(amountsA).keys()].sort()).toEqual([...allLines].sort());
    expect(await amountRowCount(app.strapi, interrupted.documentId)).toBe(40);
    // it resumed from its checkpoint: the amounts of the batch committed before the crash were kept
    const kept = new Set(amountsA.map((a) => a.documentId));
    expect(writtenBeforeCrash.filter((id) => kept.has(id))).toEqual(writtenBeforeCrash);

    // The same contracts, uninterrupted: cancel the first run so the lines are eligible again.
    await transitionRun(app, admin, interrupted.documentId, 'cancel');
    const uninterrupted = await submittedRun(app, admin, monthRun(Y, 1, { name: 'Uninterrupted' }));
    await startJob(app, admin, uninterrupted.documentId, 'amounts');
    await worker(app).drain();
    const runB = await getRun(app, admin, uninterrupted.documentId);
    expect(runB.job).toMatchObject({ state: 'succeeded', attempts: 1, processed: 40, summary: { created: 40 } });
    const amountsB = await allAmounts(app, admin, uninterrupted.documentId);

    expect(amountsB).toHaveLength(amountsA.length);
    expect(byLine(amountsA)).toEqual(byLine(amountsB));
    expect(runA.totals).toEqual(runB.totals);
    expect(runA.totals.byCurrency.map((t) => t.currency)).toEqual(['EUR', 'JPY', 'KWD']);
  });

  test('invoices: the resumed job makes one invoice per group, gapless numbers and one line per amount', async () => {
    const Y = 2031;
    const names = ['Crash F', 'Crash A (big)', 'Crash D', 'Crash B', 'Crash E', 'Crash C'];
    const d: Record<string, { documentId: string }> = {};
    for (const name of names) d[name] = await createDebtor(app.strapi, { name });
    // The big debtor has 7 amounts, more than a batch: its invoice is written in one batch anyway.
    await contractIn(app.strapi, Y, { debtor: d['Crash A (big)'], reference: 'CR-A1', lines: Array.from({ length: 4 }, (_, i) => ({ unitPrice: `${i + 1}.10` })) });
    await contractIn(app.strapi, Y, { debtor: d['Crash A (big)'], reference: 'CR-A2', lines: Array.from({ length: 3 }, (_, i) => ({ unitPrice: `${i + 1}.20` })) });
    for (const name of ['Crash B', 'Crash C', 'Crash D', 'Crash E', 'Crash F']) {
      await contractIn(app.strapi, Y, { debtor: d[name], reference: `CR-${name.slice(-1)}`, lines: [{ unitPrice: '10.50' }, { unitPrice: '-0.50', vatRate: '9' }] });
    }
    await contractIn(app.strapi, Y, { debtor: d['Crash D'], reference: 'CR-DU', currency: 'USD', lines: [{ unitPrice: '7' }] });

    const run = await runWithAmounts(app, admin, monthRun(Y, 1, { invoiceName: 'Crash', invoiceNameFormat: 'name_debtor' }));
    const amounts = await allAmounts(app, admin, run.documentId);
    expect(amounts).toHaveLength(18);
    await transitionRun(app, admin, run.documentId, 'approve');
    const prefix = (await http.get('/settings')).body.data.invoiceNumberPrefix as string;

    const started = await startJob(app, admin, run.documentId, 'invoices');
    // set-up, Crash A's 7 amounts, then Crash B and C (Crash D's EUR group would straddle the page)
    expect(await worker(app).processNext({ maxBatches: 3 })).not.toBeNull();
    const midway = await getJob(app, admin, run.documentId);
    expect(midway).toMatchObject({ documentId: started.documentId, type: 'invoices', state: 'running', total: 18, attempts: 1 });
    expect(midway.processed).toBeGreaterThan(0);
    expect(midway.processed).toBeLessThan(midway.total);
    const before = await invoiceRows(app.strapi, run.documentId);
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(7);
    expect((await getRun(app, admin, run.documentId)).status).toBe('approved');

    await expireLease(app, started.documentId);
    await worker(app).drain();
    const resumed = await getJob(app, admin, run.documentId);
    expect(resumed).toMatchObject({ documentId: started.documentId, state: 'succeeded', processed: 18, total: 18, attempts: 2, error: null });
    expect(resumed.summary).toMatchObject({ created: 7, lines: 18 });

    const done = await getRun(app, admin, run.documentId);
    expect(done.status).toBe('invoices_generated');
    expect(done.totals.invoices).toBe(7);

    const invoices = (await allInvoices(app, admin, run.documentId)).sort(byNumber);
    // the invoices written before the crash kept their numbers
    expect(before.map((r) => r.number)).toEqual(invoices.slice(0, before.length).map((i) => i.number));
    checkInvoices(invoices, amounts, prefix, Y, [
      ['Crash A (big)', 'EUR', 7],
      ['Crash B', 'EUR', 2],
      ['Crash C', 'EUR', 2],
      ['Crash D', 'EUR', 2],
      ['Crash D', 'USD', 1],
      ['Crash E', 'EUR', 2],
      ['Crash F', 'EUR', 2],
    ]);
    // no number was burnt: the year's counter stands at the last number
    const counter = (await app.strapi.db.connection('invoicing_sequences').where({ name: `invoice-number:${Y}` }).first('value')) as { value: number | string };
    expect(Number(counter.value)).toBe(7);
  });

  test('invoices per contract: debtors sharing a name, a debtor in two currencies; a resumed job continues after the last invoiced amount', async () => {
    const Y = 2035;
    // Two debtors named alike, one of them also in USD: per contract, the order is debtor name, then
    // contract reference (DESIGN §7), whichever debtor or currency a contract has.
    const twinA = await createDebtor(app.strapi, { name: 'Twin' });
    const twinB = await createDebtor(app.strapi, { name: 'Twin' });
    const solo = await createDebtor(app.strapi, { name: 'Solo' });
    const lines = (n: number, price: string) => Array.from({ length: n }, () => ({ unitPrice: price }));
    await contractIn(app.strapi, Y, { debtor: twinB, reference: 'TW-1', lines: lines(3, '1') });
    await contractIn(app.strapi, Y, { debtor: twinA, reference: 'TW-2', lines: lines(2, '2') });
    await contractIn(app.strapi, Y, { debtor: twinA, reference: 'TW-0', currency: 'USD', lines: lines(4, '3') });
    await contractIn(app.strapi, Y, { debtor: twinB, reference: 'TW-3', lines: lines(2, '4') });
    await contractIn(app.strapi, Y, { debtor: solo, reference: 'SO-1', lines: lines(6, '5') });

    const run = await runWithAmounts(app, admin, monthRun(Y, 1, { invoiceName: 'Twins', invoiceNameFormat: 'name_contract' }));
    const amounts = await allAmounts(app, admin, run.documentId);
    expect(amounts).toHaveLength(17);
    await transitionRun(app, admin, run.documentId, 'approve');
    const started = await startJob(app, admin, run.documentId, 'invoices');
    // set-up, then two batches: the job stops with its position in the checkpoint
    expect(await worker(app).processNext({ maxBatches: 3 })).not.toBeNull();
    const row = (await jobRows(app.strapi, run.documentId)).find((r) => r.document_id === started.documentId)!;
    const checkpoint = (typeof row.checkpoint === 'string' ? JSON.parse(row.checkpoint) : row.checkpoint) as { after?: unknown[] };
    expect(checkpoint.after).toHaveLength(4);
    await expireLease(app, started.documentId);
    await worker(app).drain();
    expect(await getJob(app, admin, run.documentId)).toMatchObject({ state: 'succeeded', processed: 17, total: 17, summary: { created: 5, lines: 17 } });

    // Invoice order: debtor name, then contract reference; each contract's lines together.
    const invoices = (await allInvoices(app, admin, run.documentId)).sort(byNumber);
    expect(invoices.map((i) => [i.debtor.documentId, i.contract?.reference, i.currency, i.lines!.length])).toEqual([
      [solo.documentId, 'SO-1', 'EUR', 6],
      [twinA.documentId, 'TW-0', 'USD', 4],
      [twinB.documentId, 'TW-1', 'EUR', 3],
      [twinA.documentId, 'TW-2', 'EUR', 2],
      [twinB.documentId, 'TW-3', 'EUR', 2],
    ]);
    const used = invoices.flatMap((i) => i.lines!.map((l) => l.amount));
    expect([...used].sort()).toEqual(amounts.map((a) => a.documentId).sort());
  });
});

/** Invoices of a name_debtor run: gapless numbers in order, no duplicate group, one line per amount, totals = sums. */
function checkInvoices(invoices: Invoice[], amounts: Amount[], prefix: string, year: number, groups: Array<[string, string, number]>) {
  expect(invoices.map((i) => i.number)).toEqual(groups.map((_, n) => `${prefix}${year}-${String(n + 1).padStart(6, '0')}`));
  expect(invoices.map((i) => [i.debtor.name, i.currency, i.lines!.length])).toEqual(groups);
  const byId = new Map(amounts.map((a) => [a.documentId, a]));
  const used = invoices.flatMap((i) => i.lines!.map((l) => l.amount));
  expect(used).toHaveLength(amounts.length);
  expect(new Set(used).size).toBe(amounts.length);
  expect([...used].sort()).toEqual(amounts.map((a) => a.documentId).sort());
  for (const invoice of invoices) {
    expect(invoice.lineCount).toBe(invoice.lines!.length);
    for (const line of invoice.lines!) {
      const a = byId.get(line.amount!)!;
      expect(a.debtor.documentId).toBe(invoice.debtor.documentId);
      expect(a.currency).toBe(invoice.currency);
      expect({ net: line.net, vat: line.vat, gross: line.gross }).toEqual({ net: a.net, vat: a.vat, gross: a.gross });
    }
    for (const key of ['net', 'vat', 'gross'] as const) {
      expect(invoice.lines!.reduce((s, l) => s + minor(l[key]), 0)).toBe(minor(invoice[key]));
    }
  }
}

describe('a failed job shows its error and can be started again', () => {
  test('amounts: a job failing mid-way is failed on the run with its error; a new job succeeds with exact amounts', async () => {
    const Y = 2032;
    const debtor = await createDebtor(app.strapi, { name: 'Failing debtor' });
    const c = await contractIn(app.strapi, Y, { debtor, lines: Array.from({ length: 12 }, (_, i) => ({ unitPrice: `${i + 1}`, vatRate: '21' })) });
    const run = await submittedRun(app, admin, monthRun(Y, 1));

    const restore = failNextRun('amounts', 2, 'Simulated database outage');
    try {
      const failedJob = await startJob(app, admin, run.documentId, 'amounts');
      await worker(app).drain();
      const failedRun = await getRun(app, admin, run.documentId);
      expect(failedRun.status).toBe('submitted');
      expect(failedRun.job).toMatchObject({ documentId: failedJob.documentId, type: 'amounts', state: 'failed' });
      expect(failedRun.job!.error).toContain('Simulated database outage');
      expect(await getJob(app, admin, run.documentId)).toMatchObject({ state: 'failed', error: expect.stringContaining('Simulated database outage') });
      const events = await http.get(`/runs/${run.documentId}/events`, { pageSize: 100 });
      expect(events.body.results.some((e: { action: string }) => e.action === 'job_failed')).toBe(true);

      // started again: a new job, which succeeds
      const retry = await startJob(app, admin, run.documentId, 'amounts');
      expect(retry.documentId).not.toBe(failedJob.documentId);
      expect(retry.state).toBe('queued');
      await waitForJob(app, admin, run.documentId);
      const done = await getRun(app, admin, run.documentId);
      expect(done.status).toBe('amounts_generated');
      expect(done.job).toMatchObject({ documentId: retry.documentId, state: 'succeeded', error: null, attempts: 1, summary: { created: 12 } });
      const amounts = await allAmounts(app, admin, run.documentId);
      expect(amounts.map((a) => a.contractLine.documentId).sort()).toEqual(c.lines.map((l) => l.documentId).sort());
      expect(await amountRowCount(app.strapi, run.documentId)).toBe(12);
      expect(done.totals).toMatchObject({ amounts: 12, net: '78.00', vat: '16.38', gross: '94.38' });
      expect((await jobRows(app.strapi, run.documentId)).map((r) => r.state)).toEqual(['failed', 'succeeded']);
    } finally {
      restore();
    }
  });

  test('amounts: a job failing at once is failed and a new one succeeds', async () => {
    const Y = 2033;
    const debtor = await createDebtor(app.strapi, { name: 'Failing at once' });
    await contractIn(app.strapi, Y, { debtor, lines: [{ unitPrice: '3' }] });
    const run = await submittedRun(app, admin, monthRun(Y, 1));
    const restore = failNextRun('amounts', 0, 'Simulated crash at start');
    try {
      await startJob(app, admin, run.documentId, 'amounts');
      const failed = await waitForJob(app, admin, run.documentId, { allowFailure: true });
      expect(failed).toMatchObject({ state: 'failed', error: expect.stringContaining('Simulated crash at start') });
      expect((await getRun(app, admin, run.documentId)).job).toMatchObject({ state: 'failed', error: expect.stringContaining('Simulated crash at start') });
      await startJob(app, admin, run.documentId, 'amounts');
      expect(await waitForJob(app, admin, run.documentId)).toMatchObject({ state: 'succeeded', summary: { created: 1 } });
    } finally {
      restore();
    }
  });

  test('invoices: a job failing mid-way keeps its committed invoices; a new job finishes without duplicates or gaps', async () => {
    const Y = 2034;
    const names = ['Fail B', 'Fail A', 'Fail D', 'Fail C'];
    for (const name of names) {
      const debtor = await createDebtor(app.strapi, { name });
      await contractIn(app.strapi, Y, { debtor, reference: `FI-${name.slice(-1)}`, lines: [{ unitPrice: '100' }, { unitPrice: '0.05', vatRate: '9' }] });
    }
    const run = await runWithAmounts(app, admin, monthRun(Y, 1, { invoiceName: 'Fail', invoiceNameFormat: 'name_debtor' }));
    const amounts = await allAmounts(app, admin, run.documentId);
    await transitionRun(app, admin, run.documentId, 'approve');
    const prefix = (await http.get('/settings')).body.data.invoiceNumberPrefix as string;

    const restore = failNextRun('invoices', 2, 'Simulated disk full');
    try {
      const failedJob = await startJob(app, admin, run.documentId, 'invoices');
      await worker(app).drain();
      const failedRun = await getRun(app, admin, run.documentId);
      expect(failedRun.status).toBe('approved');
      expect(failedRun.job).toMatchObject({ documentId: failedJob.documentId, type: 'invoices', state: 'failed', error: expect.stringContaining('Simulated disk full') });
      const partial = await invoiceRows(app.strapi, run.documentId);
      expect(partial.length).toBeGreaterThan(0);
      expect(partial.length).toBeLessThan(4);

      const retry = await startJob(app, admin, run.documentId, 'invoices');
      expect(retry.documentId).not.toBe(failedJob.documentId);
      await waitForJob(app, admin, run.documentId);
      const done = await getRun(app, admin, run.documentId);
      expect(done.status).toBe('invoices_generated');
      expect(done.totals.invoices).toBe(4);
      const invoices = (await allInvoices(app, admin, run.documentId)).sort(byNumber);
      expect(partial.map((r) => r.number)).toEqual(invoices.slice(0, partial.length).map((i) => i.number));
      checkInvoices(invoices, amounts, prefix, Y, [
        ['Fail A', 'EUR', 2],
        ['Fail B', 'EUR', 2],
        ['Fail C', 'EUR', 2],
        ['Fail D', 'EUR', 2],
      ]);
      const summary = done.job!.summary as JobSummary;
      expect(summary.created).toBe(4 - partial.length);
    } finally {
      restore();
    }
  });
});

describe('a busy run: the lifecycle guards while a job is queued', () => {
  test('cancel waits for the job (409 busyJob), another job is refused for the status, nothing changes', async () => {
    const Y = 2040;
    const debtor = await createDebtor(app.strapi, { name: 'Busy debtor' });
    await contractIn(app.strapi, Y, { debtor, lines: [{ unitPrice: '10' }] });
    const run = await submittedRun(app, admin, monthRun(Y, 1));
    const job = await startJob(app, admin, run.documentId, 'amounts');
    expect(job.state).toBe('queued');
    const eventsBefore = await runEvents(app, admin, run.documentId);

    const cancel = await http.post(`/runs/${run.documentId}/cancel`);
    expect(cancel.status).toBe(409);
    expect(cancel.body).toMatchObject({ data: null, error: { status: 409, name: 'ConflictError' } });
    expect(cancel.body.error.message).toBe(
      `Cannot cancel invoice run ${run.reference} while its amounts are being generated; wait until the job has finished.`,
    );
    expect(cancel.body.error.details).toEqual({ status: 'submitted', action: 'cancel', reason: 'runs.refusal.busyJob', job: 'amounts' });

    const invoices = await http.post(`/runs/${run.documentId}/invoices/generate`);
    expect(invoices.status).toBe(409);
    expect(invoices.body.error.details).toEqual({ status: 'submitted', action: 'generate_invoices', reason: 'runs.refusal.wrongStatus' });
    expect(invoices.body.error.message).toContain('"submitted"');

    expect((await getRun(app, admin, run.documentId)).status).toBe('submitted');
    expect(await runEvents(app, admin, run.documentId)).toEqual(eventsBefore);
    expect(await jobRows(app.strapi, run.documentId)).toHaveLength(1);

    await worker(app).drain();
    expect((await getRun(app, admin, run.documentId)).status).toBe('amounts_generated');
    expect((await http.post(`/runs/${run.documentId}/cancel`)).status).toBe(200);
  });
});
