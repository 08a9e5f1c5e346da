/**
 * Crash recovery with real processes on PostgreSQL (DESIGN §9): the instance working a job is killed
 * with SIGKILL half-way (no clean-up, its open transaction dies with its connection); another instance
 * takes the job over once the lease has expired, resumes from the last committed batch and completes
 * it. First an amounts job, then an invoices job. The end state must equal that of the same scenario
 * run uninterrupted by a single instance on a second scratch database, and what the contracts imply
 * (scenario.ts): same amounts and sums, same invoices, same numbers for the same groups, no gaps.
 */
import { createServerDatabase, type ServerDatabase } from '../helpers/databases';
import { Cluster, expectStatus, pgClient, rows, waitFor, type Instance, type PgClient } from '../helpers/cluster';
import { eligibleLineCount, expectedAmounts, expectedGroups, makeScenario, sumsByCurrency } from './scenario';

const SCENARIO = makeScenario({ seed: 5150, debtors: 320, windowFrom: '2027-01-01', windowTo: '2027-01-31' });
const RUN = {
  name: 'January 2027',
  cycle: 'monthly',
  periodStart: '2027-01-01',
  periodEnd: '2027-01-31',
  invoiceDate: '2027-02-01',
  dueDate: '2027-02-15',
  invoiceName: 'Rent',
  invoiceNameFormat: 'name_debtor',
  invoiceCategory: null,
} as const;
const EXPECTED = expectedAmounts(SCENARIO, { cycle: 'monthly', periodStart: RUN.periodStart, periodEnd: RUN.periodEnd });
const GROUPS = expectedGroups(EXPECTED, 'name_debtor');
/** Lines the amounts job reads: some overlap the period with contract and line, but not with both. */
const ELIGIBLE = eligibleLineCount(SCENARIO, { cycle: 'monthly', periodStart: RUN.periodStart, periodEnd: RUN.periodEnd });

const LEASE_MS = 4000;
const ENV = {
  INVOICING_TICKER_ENABLED: 'false',
  INVOICING_WORKER_ENABLED: 'true',
  INVOICING_WORKER_POLL_MS: '200',
  INVOICING_WORKER_LEASE_MS: String(LEASE_MS),
  // Small batches, so a job takes dozens of batches (an invoices batch is half of this in amounts).
  INVOICING_WORKER_BATCH_SIZE: '60',
};

interface JobRow {
  id: number;
  type: string;
  state: string;
  processed: number;
  total: number;
  attempts: number;
  lease_owner: string | null;
  lease_expires_at: string | null;
  summary: { created: number; alreadyInvoiced: number; parkedCount?: number; lines?: number };
  checkpoint: unknown;
}

interface Takeover {
  type: string;
  killed: string;
  survivor: string;
  processedAtKill: number;
  total: number;
  rowsAtKill: number;
  /** Time from SIGKILL to the survivor's claim, and from the lease's expiry to the claim. */
  msKillToClaim: number;
  msExpiryToClaim: number;
}

let crashDb: ServerDatabase;
let refDb: ServerDatabase;
let crash: Cluster;
let ref: Cluster;
let pg: PgClient;
let refPg: PgClient;
let runId = '';
const takeovers: Takeover[] = [];
const timings: Record<string, number> = {};

beforeAll(async () => {
  [crashDb, refDb] = await Promise.all([createServerDatabase('postgres'), createServerDatabase('postgres')]);
  crash = new Cluster(crashDb, ENV);
  // The reference runs the same data with the default batch size: batching must not change the result.
  ref = new Cluster(refDb, { ...ENV, INVOICING_WORKER_BATCH_SIZE: '2000' });
  // A and the reference instance boot at once (two databases); B and C once A has created the schema.
  // Three instances on the crash database: the amounts job's holder is killed, then the invoices
  // job's holder among the two left, and the last one completes it.
  let t = Date.now();
  const [a, r] = await Promise.all([crash.start('A'), ref.start('R')]);
  timings.bootAandRSeconds = (Date.now() - t) / 1000;
  t = Date.now();
  await Promise.all([crash.start('B'), crash.start('C')]);
  timings.bootBandCSeconds = (Date.now() - t) / 1000;
  await Promise.all([crash.registerAdmin(a), ref.registerAdmin(r)]);
  [pg, refPg] = await Promise.all([pgClient(crashDb), pgClient(refDb)]);
});

afterAll(async () => {
  await Promise.all([crash?.stopAll(), ref?.stopAll()]);
  await Promise.all([pg?.end(), refPg?.end()]);
  await Promise.all([crashDb?.drop(), refDb?.drop()]);
});

const alive = (cluster: Cluster, not?: Instance) => {
  const instance = cluster.instances.find((i) => i.alive() && i !== not);
  if (!instance) throw new Error('no instance alive');
  return instance;
};

const jobRow = async (client: PgClient, type: string): Promise<JobRow> => {
  const found = await rows<JobRow>(client, 'select id, type, state, processed, total, attempts, lease_owner, lease_expires_at, summary, checkpoint from invoicing_jobs where type = $1 order by id desc limit 1', [type]);
  if (!found.length) throw new Error(`no ${type} job`);
  return found[0];
};

const count = async (client: PgClient, sql: string) => Number((await rows<{ n: string }>(client, sql))[0].n);

/** Creates and activates the run through `instance`; answers its documentId. */
async function submittedRun(instance: Instance): Promise<string> {
  const created = expectStatus(await instance.http.post('/runs', RUN), 201, 'POST /runs').data;
  expectStatus(await instance.http.post(`/runs/${created.documentId}/activate`), 200, 'POST /runs/:id/activate');
  return created.documentId as string;
}

/** Polls GET /runs/:id/job until the job is finished; fails on a failed job. */
async function awaitJob(cluster: Cluster, id: string, type: string, timeoutMs = 90000) {
  return waitFor(
    `the ${type} job to finish`,
    async () => {
      const job = expectStatus(await alive(cluster).http.get(`/runs/${id}/job`), 200, 'GET /runs/:id/job').data;
      if (job?.type === type && job.state === 'failed') throw new Error(`the ${type} job failed: ${job.error}`);
      return job?.type === type && job.state === 'succeeded' ? job : null;
    },
    { timeoutMs, intervalMs: 100 },
  );
}

/** The whole scenario uninterrupted on the reference database (one instance). */
async function referenceRun(): Promise<void> {
  const t = Date.now();
  const r = ref.instances[0];
  expectStatus(await r.http.post('/contracts/import', SCENARIO.body), 200, 'POST /contracts/import (reference)');
  const id = await submittedRun(r);
  expectStatus(await r.http.post(`/runs/${id}/amounts/generate`), 202, 'POST amounts/generate (reference)');
  await awaitJob(ref, id, 'amounts');
  expectStatus(await r.http.post(`/runs/${id}/approve`), 200, 'POST approve (reference)');
  expectStatus(await r.http.post(`/runs/${id}/invoices/generate`), 202, 'POST invoices/generate (reference)');
  await awaitJob(ref, id, 'invoices');
  timings.referenceRunSeconds = (Date.now() - t) / 1000;
}
let reference: Promise<void>;

/**
 * Starts a job of `type` through `via`, waits until it has committed some but not all of its batches
 * (GET /runs/:id/job), SIGKILLs the instance holding its lease, and checks that another instance
 * takes it over only after the lease has expired and completes it.
 */
async function killHolderAndAwaitTakeover(type: 'amounts' | 'invoices', via: Instance): Promise<Takeover> {
  const started = expectStatus(await via.http.post(`/runs/${runId}/${type}/generate`), 202, `POST /runs/:id/${type}/generate`).data;
  expect(started).toMatchObject({ type, state: 'queued' });

  // Half-way: a quarter of the work committed, in several batches.
  await waitFor(
    `the ${type} job to commit a quarter of its work`,
    async () => {
      const job = expectStatus(await via.http.get(`/runs/${runId}/job`), 200, 'GET /runs/:id/job').data;
      if (job.state === 'succeeded' || job.state === 'failed') throw new Error(`the ${type} job ended (${job.state}) before it could be interrupted`);
      return job.state === 'running' && job.processed > 0 && job.processed * 4 >= job.total;
    },
    { timeoutMs: 60000, intervalMs: 40 },
  );
  const holderRow = await jobRow(pg, type);
  const victim = crash.byOwner(holderRow.lease_owner);
  if (!victim) throw new Error(`lease owner ${holderRow.lease_owner} is none of the instances`);
  const killedAt = Date.now();
  await victim.kill('SIGKILL');

  // The job as the killed instance left it: running, its lease not yet expired, part done, and the
  // committed rows exactly what its checkpoint says.
  const atKill = await jobRow(pg, type);
  expect(atKill).toMatchObject({ state: 'running', lease_owner: victim.owner, attempts: 1 });
  expect(atKill.processed).toBeGreaterThan(0);
  expect(atKill.processed).toBeLessThan(atKill.total);
  let rowsAtKill: number;
  if (type === 'amounts') {
    rowsAtKill = await count(pg, 'select count(*) as n from invoicing_amounts');
    expect(rowsAtKill).toBe(atKill.summary.created);
    expect(atKill.checkpoint).toMatchObject({ lastLineId: expect.any(Number) });
  } else {
    rowsAtKill = await count(pg, 'select count(*) as n from invoicing_invoices');
    expect(rowsAtKill).toBe(atKill.summary.created);
    expect(await count(pg, 'select count(*) as n from invoicing_amounts where invoice_id is not null')).toBe(atKill.processed);
    expect(await count(pg, 'select count(*) as n from invoicing_invoice_lines')).toBe(atKill.processed);
    // No number burned: the counter stands at the invoices committed.
    expect(await count(pg, `select value as n from invoicing_sequences where name = 'invoice-number:2027'`)).toBe(rowsAtKill);
  }
  const expiresAt = Number(atKill.lease_expires_at);

  const survivorRow = await waitFor(
    `another instance to take the ${type} job over`,
    async () => {
      const row = await jobRow(pg, type);
      return row.lease_owner !== victim.owner || row.state !== 'running' ? row : null;
    },
    { timeoutMs: 30000, intervalMs: 50 },
  );
  const claimedSeen = Date.now();
  const survivor = crash.byOwner(survivorRow.lease_owner);
  expect(survivor).toBeDefined();
  expect(survivor).not.toBe(victim);
  expect(survivorRow.attempts).toBe(2);
  // Not before the lease had expired (one clock: all processes run on this machine).
  expect(claimedSeen).toBeGreaterThanOrEqual(expiresAt);

  const done = await awaitJob(crash, runId, type);
  expect(done).toMatchObject({ state: 'succeeded', attempts: 2, error: null });
  expect(done.processed).toBe(done.total);
  return {
    type,
    killed: `${victim.name} (pid ${victim.pid})`,
    survivor: `${survivor!.name} (pid ${survivor!.pid})`,
    processedAtKill: atKill.processed,
    total: atKill.total,
    rowsAtKill,
    msKillToClaim: claimedSeen - killedAt,
    msExpiryToClaim: claimedSeen - expiresAt,
  };
}

test('an amounts job survives the SIGKILL of the instance working it', async () => {
  const t = Date.now();
  reference = referenceRun();
  reference.catch(() => undefined); // awaited (and reported) in the last test
  const [a] = crash.instances;
  const imported = expectStatus(await a.http.post('/contracts/import', SCENARIO.body), 200, 'POST /contracts/import').data;
  expect(imported.lines.created).toBe(SCENARIO.lines.length);
  runId = await submittedRun(a);

  const takeover = await killHolderAndAwaitTakeover('amounts', a);
  takeovers.push(takeover);
  const job = await jobRow(pg, 'amounts');
  expect(job.summary).toMatchObject({ created: EXPECTED.length, alreadyInvoiced: 0 });
  expect(job.total).toBe(ELIGIBLE);
  expect(job.processed).toBe(ELIGIBLE);
  expect(await count(pg, 'select count(*) as n from invoicing_amounts')).toBe(EXPECTED.length);
  const run = expectStatus(await alive(crash).http.get(`/runs/${runId}`), 200, 'GET /runs/:id').data;
  expect(run.status).toBe('amounts_generated');
  expect(run.totals.amounts).toBe(EXPECTED.length);
  timings.amountsSeconds = (Date.now() - t) / 1000;
});

test('an invoices job survives the SIGKILL of the instance working it', async () => {
  const t = Date.now();
  const via = alive(crash);
  expect(crash.instances.filter((i) => i.alive())).toHaveLength(2);
  expectStatus(await via.http.post(`/runs/${runId}/approve`), 200, 'POST /runs/:id/approve');
  const takeover = await killHolderAndAwaitTakeover('invoices', via);
  takeovers.push(takeover);
  const job = await jobRow(pg, 'invoices');
  expect(job.summary).toMatchObject({ created: GROUPS.length, lines: EXPECTED.length });
  const run = expectStatus(await alive(crash).http.get(`/runs/${runId}`), 200, 'GET /runs/:id').data;
  expect(run).toMatchObject({ status: 'invoices_generated', totals: { amounts: EXPECTED.length, invoices: GROUPS.length } });
  timings.invoicesSeconds = (Date.now() - t) / 1000;
});

test('the end state equals that of the same scenario run uninterrupted, and what the contracts imply', async () => {
  await reference;

  const amountsOf = (client: PgClient) =>
    rows<Record<string, string>>(
      client,
      `select am.contract_reference || '|' || l.reference as key, am.debtor_reference, am.currency, am.period_start::text as period_start,
              am.period_end::text as period_end, am.net::text as net, am.vat::text as vat, am.gross::text as gross, i.number
         from invoicing_amounts am
         join invoicing_contract_lines l on l.id = am.contract_line_id
         left join invoicing_invoices i on i.id = am.invoice_id
        order by key`,
    );
  const invoicesOf = (client: PgClient) =>
    rows<Record<string, string>>(
      client,
      `select number, debtor_reference, currency, net::text as net, vat::text as vat, gross::text as gross, line_count, name
         from invoicing_invoices order by number`,
    );
  const linesOf = (client: PgClient) =>
    rows<Record<string, string>>(
      client,
      `select i.number, il.position, am.contract_reference || '|' || l.reference as key, il.net::text as net
         from invoicing_invoice_lines il
         join invoicing_invoices i on i.id = il.invoice_id
         join invoicing_amounts am on am.id = il.amount_id
         join invoicing_contract_lines l on l.id = am.contract_line_id
        order by i.number, il.position`,
    );
  const eventsOf = (client: PgClient) =>
    rows<Record<string, string>>(client, 'select action, from_status, to_status from invoicing_run_events order by id');

  const [amounts, refAmounts] = await Promise.all([amountsOf(pg), amountsOf(refPg)]);
  const [invoices, refInvoices] = await Promise.all([invoicesOf(pg), invoicesOf(refPg)]);
  const [lines, refLines] = await Promise.all([linesOf(pg), linesOf(refPg)]);
  const [events, refEvents] = await Promise.all([eventsOf(pg), eventsOf(refPg)]);

  // Equal to the uninterrupted run: every amount with its figures and the number of its invoice,
  // every invoice, every invoice line in its position, the audit trail.
  expect(amounts).toHaveLength(refAmounts.length);
  expect(amounts).toEqual(refAmounts);
  expect(invoices).toEqual(refInvoices);
  expect(lines).toEqual(refLines);
  expect(events).toEqual(refEvents);
  expect(events.map((e) => e.action)).toEqual([
    'create',
    'hold',
    'activate',
    'generate_amounts',
    'complete_amounts',
    'approve',
    'generate_invoices',
    'complete_invoices',
  ]);

  // Equal to what the contracts imply (computed independently), with no duplicates and no gaps.
  expect(amounts.map((a) => a.key)).toEqual(EXPECTED.map((e) => `${e.contractRef}|${e.lineRef}`).sort());
  const byKey = new Map(amounts.map((a) => [a.key, a]));
  for (const e of EXPECTED) {
    expect(byKey.get(`${e.contractRef}|${e.lineRef}`)).toMatchObject({
      period_start: e.periodStart,
      period_end: e.periodEnd,
      net: String(e.net),
      vat: String(e.vat),
      gross: String(e.gross),
      currency: e.currency,
    });
  }
  expect(amounts.every((a) => a.number !== null)).toBe(true);
  expect(invoices.map((i) => i.number)).toEqual(GROUPS.map((_, i) => `2027-${String(i + 1).padStart(6, '0')}`));
  expect(invoices.map((i) => ({ key: `${i.debtor_reference}|${i.currency}`, lines: Number(i.line_count), net: Number(i.net), vat: Number(i.vat), gross: Number(i.gross) }))).toEqual(
    GROUPS.map((g) => ({ key: g.key, lines: g.lines, net: g.net, vat: g.vat, gross: g.gross })),
  );
  expect(await count(pg, `select value as n from invoicing_sequences where name = 'invoice-number:2027'`)).toBe(GROUPS.length);
  expect(await count(pg, 'select count(distinct amount_id) as n from invoicing_invoice_lines')).toBe(EXPECTED.length);

  const jobs = await rows<{ type: string; attempts: number }>(pg, 'select type, attempts from invoicing_jobs order by id');
  const refJobs = await rows<{ type: string; attempts: number }>(refPg, 'select type, attempts from invoicing_jobs order by id');
  expect(jobs).toEqual([
    { type: 'amounts', attempts: 2 },
    { type: 'invoices', attempts: 2 },
  ]);
  expect(refJobs).toEqual([
    { type: 'amounts', attempts: 1 },
    { type: 'invoices', attempts: 1 },
  ]);

  const report = {
    lines: SCENARIO.lines.length,
    linesRead: ELIGIBLE,
    amounts: amounts.length,
    amountsByCurrency: sumsByCurrency(EXPECTED),
    invoices: invoices.length,
    invoiceNumbers: `${invoices[0].number} … ${invoices[invoices.length - 1].number}`,
    invoiceLines: lines.length,
    runEvents: events.length,
    takeovers,
    seconds: timings,
  };
  console.log(`crash-recovery report:\n${JSON.stringify(report, null, 2)}`);
});
