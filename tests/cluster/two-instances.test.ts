/**
 * Two Strapi processes on one PostgreSQL database (DESIGN §9), both with their ticker firing every
 * second and their worker on, and every automatic step switched on: six runs of two schedules go from
 * on_hold to invoices_generated with no human action. Every transition must happen exactly once, every
 * amount and invoice exist once with the figures the contracts imply (computed independently in
 * scenario.ts), references and invoice numbers unique and gapless, and both processes must have
 * done part of the work.
 */
import { createServerDatabase, type ServerDatabase } from '../helpers/databases';
import { Cluster, expectStatus, pgClient, rows, waitFor, type Instance, type PgClient } from '../helpers/cluster';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp';
import { VALID_SELLER } from '../helpers/seller';
import { eligibleLineCount, expectedAmounts, expectedGroups, makeScenario, sumsByCurrency, type Cycle, type ExpectedAmount } from './scenario';

const SCENARIO = makeScenario({ seed: 20270101, debtors: 300, windowFrom: '2027-01-01', windowTo: '2027-06-30' });
const PREFIX = 'CL-';

const ENV = {
  INVOICING_TICKER_ENABLED: 'true',
  INVOICING_TICKER_EXPRESSION: '*/1 * * * * *',
  INVOICING_WORKER_ENABLED: 'true',
  INVOICING_WORKER_POLL_MS: '200',
  INVOICING_WORKER_LEASE_MS: '20000',
  // Small batches: a job takes a few seconds, so both workers find jobs to claim.
  INVOICING_WORKER_BATCH_SIZE: '100',
};

/** The transitions of a fully automatic run, in order, each exactly once. */
const LIFECYCLE = [
  ['create', null, 'draft'],
  ['hold', 'draft', 'on_hold'],
  ['activate', 'on_hold', 'submitted'],
  ['generate_amounts', 'submitted', 'submitted'],
  ['complete_amounts', 'submitted', 'amounts_generated'],
  ['approve', 'amounts_generated', 'approved'],
  ['generate_invoices', 'approved', 'approved'],
  ['complete_invoices', 'approved', 'invoices_generated'],
] as const;

interface RunRow {
  id: number;
  reference: string;
  status: string;
  cycle: Cycle;
  period_start: string;
  period_end: string;
  invoice_name_format: 'name_contract' | 'name_debtor';
  amount_count: number;
  invoice_count: number;
  approved_by: string;
}

let db: ServerDatabase;
let cluster: Cluster;
let pg: PgClient;
let a: Instance;
let b: Instance;
let sink: SmtpSink;
const boots: Record<string, number> = {};

beforeAll(async () => {
  db = await createServerDatabase('postgres');
  // the instances mail to this sink (the third test sends from both at once)
  sink = await startSmtpSink();
  cluster = new Cluster(db, { ...ENV, ...sink.env });
  // One after the other: the first boot creates the schema.
  let t = Date.now();
  a = await cluster.start('A');
  boots.A = (Date.now() - t) / 1000;
  t = Date.now();
  b = await cluster.start('B');
  boots.B = (Date.now() - t) / 1000;
  await cluster.registerAdmin(a);
  pg = await pgClient(db);
});

afterAll(async () => {
  await cluster?.stopAll();
  await pg?.end();
  await db?.drop();
  await sink?.stop();
});

test('two instances with tickers every second run six runs fully automatically, each step exactly once', async () => {
  const started = Date.now();
  const imported = expectStatus(await a.http.post('/contracts/import', SCENARIO.body), 200, 'POST /contracts/import').data;
  expect(imported.lines.created).toBe(SCENARIO.lines.length);
  const settings = {
    activationDaysBefore: 365,
    autoApprove: true,
    autoGenerateAmounts: true,
    autoGenerateInvoices: true,
    // Four eyes does not hold back the system's automatic approval.
    requireDifferentApprover: true,
    invoiceNumberPrefix: PREFIX,
    timezone: 'UTC',
  };
  // Settings written through B are what A's ticker reads too (Strapi's core store, in the database).
  expect(expectStatus(await b.http.put('/settings', settings), 200, 'PUT /settings').data).toMatchObject(settings);
  expect(expectStatus(await a.http.get('/settings'), 200, 'GET /settings').data).toMatchObject(settings);

  // Two schedules created at the same moment on the two instances, their runs generated crosswise.
  const template = (cycle: Cycle, format: string, invoiceDate: string, dueDate: string) => ({
    name: `${cycle} run`,
    description: null,
    cycle,
    invoiceName: cycle === 'monthly' ? 'Rent' : 'Service',
    invoiceNameFormat: format,
    invoiceCategory: null,
    invoiceDate,
    dueDate,
  });
  const [monthly, quarterly] = await Promise.all([
    a.http.post('/schedules', { name: 'Monthly', description: null, periodFrom: '2027-01-01', numberOfRuns: 4, template: template('monthly', 'name_contract', '2027-02-01', '2027-02-15') }),
    b.http.post('/schedules', { name: 'Quarterly', description: null, periodFrom: '2027-01-01', numberOfRuns: 2, template: template('quarterly', 'name_debtor', '2027-04-01', '2027-04-15') }),
  ]);
  expectStatus(monthly, 201, 'POST /schedules (monthly)');
  expectStatus(quarterly, 201, 'POST /schedules (quarterly)');
  const generated = await Promise.all([
    b.http.post(`/schedules/${monthly.body.data.documentId}/generate-runs`),
    a.http.post(`/schedules/${quarterly.body.data.documentId}/generate-runs`),
  ]);
  for (const g of generated) expectStatus(g, 201, 'POST /schedules/:id/generate-runs');
  const setUp = Date.now();

  // Await the end state, polling the database; a failed job fails the test at once.
  await waitFor(
    'every run to reach invoices_generated',
    async () => {
      const failed = await rows(pg, `select id, run_id, type, error from invoicing_jobs where state = 'failed'`);
      if (failed.length) throw new Error(`a job failed: ${JSON.stringify(failed)}\n${cluster.tails()}`);
      const statuses = await rows<{ status: string; n: string }>(pg, 'select status, count(*) as n from invoicing_runs group by status');
      return statuses.length === 1 && statuses[0].status === 'invoices_generated' && Number(statuses[0].n) === 6;
    },
    { timeoutMs: 150000, intervalMs: 250 },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${cluster.tails()}`);
  });
  const finished = Date.now();

  const runs = await rows<RunRow>(
    pg,
    `select id, reference, status, cycle, period_start::text as period_start, period_end::text as period_end, invoice_name_format,
            amount_count, invoice_count, approved_by
       from invoicing_runs order by id`,
  );
  expect(runs).toHaveLength(6);

  // References: IRS and IVR unique and gapless, whichever instance took them.
  const schedules = await rows<{ reference: string }>(pg, 'select reference from invoicing_schedules order by reference');
  expect(schedules.map((s) => s.reference)).toEqual(['IRS-000001', 'IRS-000002']);
  expect(runs.map((r) => r.reference).sort()).toEqual(['IVR-000001', 'IVR-000002', 'IVR-000003', 'IVR-000004', 'IVR-000005', 'IVR-000006']);

  // Run events: every transition exactly once, in lifecycle order, automatic ones by "system".
  const events = await rows<{ run_id: number; action: string; from_status: string | null; to_status: string; actor: string }>(
    pg,
    'select run_id, action, from_status, to_status, actor from invoicing_run_events order by id',
  );
  for (const run of runs) {
    const mine = events.filter((e) => e.run_id === run.id);
    expect(mine.map((e) => [e.action, e.from_status, e.to_status])).toEqual(LIFECYCLE.map((x) => [...x]));
    expect(mine.slice(2).every((e) => e.actor === 'system')).toBe(true);
    expect(run.approved_by).toBe('system');
  }

  // Jobs: one amounts and one invoices job per run, each claimed once and succeeded.
  const jobs = await rows<{ run_id: number; type: string; state: string; attempts: number; processed: number; total: number; lease_owner: string; summary: { created: number; alreadyInvoiced: number; parkedCount?: number } }>(
    pg,
    'select run_id, type, state, attempts, processed, total, lease_owner, summary from invoicing_jobs order by id',
  );
  expect(jobs).toHaveLength(12);
  for (const run of runs) {
    const mine = jobs.filter((j) => j.run_id === run.id);
    expect(mine.map((j) => j.type).sort()).toEqual(['amounts', 'invoices']);
    for (const j of mine) {
      expect(j).toMatchObject({ state: 'succeeded', attempts: 1 });
      expect(j.processed).toBe(j.total);
      expect([a.owner, b.owner]).toContain(j.lease_owner);
    }
  }

  // Amounts: exactly the ones the contracts imply, once each, with the exact figures.
  const amountRows = await rows<Record<string, string>>(
    pg,
    `select am.run_id, am.contract_line_id, am.contract_reference, l.reference as line_reference, am.debtor_reference, am.currency,
            am.period_start::text as period_start, am.period_end::text as period_end, am.net, am.vat, am.gross, am.invoice_id
       from invoicing_amounts am join invoicing_contract_lines l on l.id = am.contract_line_id`,
  );
  const duplicates = await rows(pg, 'select contract_line_id, period_start, count(*) from invoicing_amounts group by 1, 2 having count(*) > 1');
  expect(duplicates).toEqual([]);
  let expectedTotal = 0;
  const perRun: Array<Record<string, unknown>> = [];
  const expectedByRun = new Map<number, ExpectedAmount[]>();
  for (const run of runs) {
    const expected = expectedAmounts(SCENARIO, { cycle: run.cycle, periodStart: run.period_start, periodEnd: run.period_end });
    expectedByRun.set(run.id, expected);
    expectedTotal += expected.length;
    const actual = amountRows
      .filter((r) => Number(r.run_id) === run.id)
      .map((r) => ({
        key: `${r.contract_reference}|${r.line_reference}`,
        debtorRef: r.debtor_reference,
        currency: r.currency,
        periodStart: r.period_start,
        periodEnd: r.period_end,
        net: Number(r.net),
        vat: Number(r.vat),
        gross: Number(r.gross),
      }))
      .sort((x, y) => (x.key < y.key ? -1 : 1));
    const wanted = expected
      .map((e) => ({
        key: `${e.contractRef}|${e.lineRef}`,
        debtorRef: e.debtorRef,
        currency: e.currency,
        periodStart: e.periodStart,
        periodEnd: e.periodEnd,
        net: e.net,
        vat: e.vat,
        gross: e.gross,
      }))
      .sort((x, y) => (x.key < y.key ? -1 : 1));
    expect(actual).toEqual(wanted);
    expect(Number(run.amount_count)).toBe(expected.length);
    const amountsJob = jobs.find((j) => j.run_id === run.id && j.type === 'amounts')!;
    expect(amountsJob.summary).toMatchObject({ created: expected.length, alreadyInvoiced: 0 });
    expect(amountsJob.summary.parkedCount ?? 0).toBe(0);
    expect(amountsJob.total).toBe(eligibleLineCount(SCENARIO, { cycle: run.cycle, periodStart: run.period_start, periodEnd: run.period_end }));
    expect(jobs.find((j) => j.run_id === run.id && j.type === 'invoices')!.total).toBe(expected.length);
    perRun.push({ run: run.reference, cycle: run.cycle, period: `${run.period_start}…${run.period_end}`, amounts: expected.length, byCurrency: sumsByCurrency(expected) });
  }
  expect(amountRows).toHaveLength(expectedTotal);
  expect(amountRows.every((r) => r.invoice_id !== null)).toBe(true);

  // Invoices: the groups the amounts imply, once each, numbered gapless per year in group order per run.
  const invoices = await rows<Record<string, string>>(
    pg,
    `select id, run_id, number, debtor_reference, contract_reference, currency, net, vat, gross, line_count, invoice_date::text as invoice_date
       from invoicing_invoices order by number`,
  );
  const numbers = invoices.map((i) => i.number);
  expect(new Set(numbers).size).toBe(numbers.length);
  for (const n of numbers) expect(n).toMatch(/^CL-2027-\d{6}$/);
  expect(numbers.map((n) => Number(n.slice(-6)))).toEqual(numbers.map((_, i) => i + 1));
  const [{ value: counter }] = await rows<{ value: string }>(pg, `select value from invoicing_sequences where name = 'invoice-number:2027'`);
  expect(Number(counter)).toBe(invoices.length);
  let expectedInvoices = 0;
  for (const run of runs) {
    const groups = expectedGroups(expectedByRun.get(run.id)!, run.invoice_name_format);
    expectedInvoices += groups.length;
    const mine = invoices
      .filter((i) => Number(i.run_id) === run.id)
      .map((i) => ({
        key: `${i.debtor_reference}|${run.invoice_name_format === 'name_contract' ? i.contract_reference : i.currency}`,
        lines: Number(i.line_count),
        currency: i.currency,
        net: Number(i.net),
        vat: Number(i.vat),
        gross: Number(i.gross),
      }));
    // In number order, a run's invoices follow its groups' order (debtor name, contract reference).
    expect(mine).toEqual(groups);
    expect(Number(run.invoice_count)).toBe(groups.length);
    const runEntry = perRun.find((p) => p.run === run.reference)!;
    runEntry.invoices = groups.length;
  }
  expect(invoices).toHaveLength(expectedInvoices);
  const [{ n: invoiceLines }] = await rows<{ n: string }>(pg, 'select count(*) as n from invoicing_invoice_lines');
  expect(Number(invoiceLines)).toBe(expectedTotal);
  const mismatched = await rows(
    pg,
    `select i.id from invoicing_invoices i join invoicing_invoice_lines l on l.invoice_id = i.id
      group by i.id, i.net, i.vat, i.gross, i.line_count
     having sum(l.net) <> i.net or sum(l.vat) <> i.vat or sum(l.gross) <> i.gross or count(*) <> i.line_count`,
  );
  expect(mismatched).toEqual([]);

  // Both instances worked: jobs finished by each worker, and the ticks that moved runs, per instance.
  const jobsBy = (i: Instance) => jobs.filter((j) => j.lease_owner === i.owner).map((j) => `${runs.find((r) => r.id === j.run_id)!.reference}:${j.type}`);
  const tickSums = (i: Instance) =>
    i.ticks.reduce(
      (s, t) => ({
        activated: s.activated + t.activated,
        amountJobsStarted: s.amountJobsStarted + t.amountJobsStarted,
        approved: s.approved + t.approved,
        invoiceJobsStarted: s.invoiceJobsStarted + t.invoiceJobsStarted,
      }),
      { activated: 0, amountJobsStarted: 0, approved: 0, invoiceJobsStarted: 0 },
    );
  // The last tick reports may still be on their way over IPC.
  const total = () => {
    const [x, y] = [tickSums(a), tickSums(b)];
    return { activated: x.activated + y.activated, amountJobsStarted: x.amountJobsStarted + y.amountJobsStarted, approved: x.approved + y.approved, invoiceJobsStarted: x.invoiceJobsStarted + y.invoiceJobsStarted };
  };
  await waitFor('the tick reports of both instances', async () => Object.values(total()).every((n) => n >= 6), { timeoutMs: 10000 }).catch(() => undefined);
  const [ta, tb] = [tickSums(a), tickSums(b)];
  expect(a.tickErrors).toEqual([]);
  expect(b.tickErrors).toEqual([]);
  // Each tick counts only the steps it made itself: across both instances, each step six times.
  expect(total()).toEqual({ activated: 6, amountJobsStarted: 6, approved: 6, invoiceJobsStarted: 6 });
  const report = {
    debtors: SCENARIO.body.debtors.length,
    contracts: SCENARIO.body.contracts.length,
    lines: SCENARIO.lines.length,
    runs: runs.length,
    amounts: expectedTotal,
    amountsByCurrency: sumsByCurrency([...expectedByRun.values()].flat()),
    invoices: invoices.length,
    invoiceNumbers: `${numbers[0]} … ${numbers[numbers.length - 1]}`,
    runEvents: events.length,
    perRun,
    instances: {
      A: { pid: a.pid, jobs: jobsBy(a), ticks: ta, ticksWithWork: a.ticks.length },
      B: { pid: b.pid, jobs: jobsBy(b), ticks: tb, ticksWithWork: b.ticks.length },
    },
    seconds: { bootA: boots.A, bootB: boots.B, setUp: (setUp - started) / 1000, automation: (finished - setUp) / 1000 },
  };
  console.log(`two-instance cluster report:\n${JSON.stringify(report, null, 2)}`);
  // Both workers finished jobs (six amount jobs are queued at once and each takes batches of 200 lines).
  expect(jobsBy(a).length).toBeGreaterThan(0);
  expect(jobsBy(b).length).toBeGreaterThan(0);
});

test('credit notes from both instances at once: each line credited once, CN numbers gapless and unique (DESIGN §17)', async () => {
  // 30 invoices of the runs above; each has its first line credited from A and from B at the same moment.
  const invoices = await rows<{ document_id: string; number: string }>(pg, 'select document_id, number from invoicing_invoices where credited_invoice_id is null order by number limit 30');
  expect(invoices).toHaveLength(30);
  const lines = await Promise.all(
    invoices.map(async (i) => {
      const invoice = expectStatus(await (i.number.length % 2 ? a : b).http.get(`/invoices/${i.document_id}`), 200, 'GET /invoices/:id').data;
      return invoice.lines[0].documentId as string;
    }),
  );
  const answers = await Promise.all(
    invoices.flatMap((i, n) => [a, b].map((who) => who.http.post(`/invoices/${i.document_id}/credit`, { reason: `Race ${n}`, lines: [lines[n]] }))),
  );
  const created = answers.filter((r) => r.status === 201);
  const refused = answers.filter((r) => r.status !== 201);
  expect(created).toHaveLength(30);
  expect(refused.map((r) => r.status)).toEqual(new Array(30).fill(409));
  const year = new Date().getUTCFullYear();
  const numbers = created.map((r) => r.body.data.number as string).sort();
  expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => `CN-${year}-${String(i + 1).padStart(6, '0')}`));
  // the database agrees: one credit line per credited line, one credit note per invoice, amounts marked once
  const [counts] = await rows<{ notes: string; credit_lines: string; marked: string }>(
    pg,
    `select (select count(*) from invoicing_invoices where credited_invoice_id is not null) as notes,
            (select count(distinct credited_line_id) from invoicing_invoice_lines where credited_line_id is not null) as credit_lines,
            (select count(*) from invoicing_amounts where credit_note_id is not null) as marked`,
  );
  expect(counts).toEqual({ notes: '30', credit_lines: '30', marked: '30' });
});

test('the runs keep their documents per sending status exact while both instances send at once (issue 14)', async () => {
  expectStatus(await a.http.put('/settings', { seller: VALID_SELLER, sendRatePerSecond: 0 }), 200, 'PUT /settings');
  const [run] = await rows<{ id: number; document_id: string }>(pg, `select id, document_id from invoicing_runs order by id limit 1`);
  // The debtor of the run's last invoice has its mail refused: its documents end send_failed.
  const [last] = await rows<{ debtor_snapshot: unknown }>(pg, 'select debtor_snapshot from invoicing_invoices where run_id = $1 order by number desc limit 1', [run.id]);
  const snapshot = (typeof last.debtor_snapshot === 'string' ? JSON.parse(last.debtor_snapshot) : last.debtor_snapshot) as { email: string };
  sink.reject.add(snapshot.email);
  const docs = await rows<{ document_id: string; credited_invoice_id: number | null }>(
    pg,
    'select document_id, credited_invoice_id from invoicing_invoices where run_id = $1 order by number limit 12',
    [run.id],
  );
  // The run's send job on A, and single sends of its first documents from A and from B at the same time.
  const started = a.http.post(`/runs/${run.document_id}/invoices/send`);
  const singles = docs.flatMap((d) =>
    [a, b].map((who) => who.http.post(`/${d.credited_invoice_id === null ? 'invoices' : 'credit-notes'}/${d.document_id}/send`)),
  );
  const [job, ...answers] = await Promise.all([started, ...singles]);
  expectStatus(job, 202, 'POST /runs/:id/invoices/send');
  for (const answer of answers) expect([200, 409]).toContain(answer.status);
  await waitFor(
    'the send job to finish',
    async () => {
      const [j] = await rows<{ state: string }>(pg, `select state from invoicing_jobs where run_id = $1 and type = 'send' order by id desc limit 1`, [run.id]);
      return j && (j.state === 'succeeded' || j.state === 'failed');
    },
    { timeoutMs: 120000, intervalMs: 250 },
  );

  // Every run (the one sent, and those with the credit notes of the test before): its stored counts,
  // and what GET /runs answers on both instances, equal a GROUP BY over its documents.
  const counted = await rows<{ run_id: number; status: string; n: string }>(pg, 'select run_id, status, count(*) as n from invoicing_invoices group by run_id, status');
  const stored = await rows<{ id: number; document_id: string; docs_open: number; docs_sending: number; docs_sent: number; docs_failed: number }>(
    pg,
    'select id, document_id, docs_open, docs_sending, docs_sent, docs_failed from invoicing_runs order by id',
  );
  const listed = await Promise.all([a, b].map(async (who) => expectStatus(await who.http.get('/runs', { pageSize: 100 }), 200, 'GET /runs').results as Array<{ documentId: string; sending: unknown }>));
  for (const r of stored) {
    const expected = { open: 0, sending: 0, sent: 0, failed: 0 };
    for (const c of counted.filter((x) => x.run_id === r.id)) expected[c.status === 'send_failed' ? 'failed' : (c.status as 'open' | 'sending' | 'sent')] += Number(c.n);
    expect({ open: r.docs_open, sending: r.docs_sending, sent: r.docs_sent, failed: r.docs_failed }).toEqual(expected);
    for (const list of listed) expect(list.find((x) => x.documentId === r.document_id)?.sending).toEqual(expected);
  }
  const sent = stored.find((r) => r.id === run.id)!;
  expect(sent.docs_sent).toBeGreaterThan(0);
  expect(sent.docs_failed).toBeGreaterThan(0);
  expect(sent.docs_open + sent.docs_sending).toBe(0);
});
