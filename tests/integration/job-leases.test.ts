/**
 * Leases of background jobs (DESIGN §6, §9) with the worker driven by hand (timer off, batches of 5):
 * a worker whose lease another instance took over writes nothing, and amount jobs whose runs share a
 * cycle and overlap in period never run at the same time.
 *
 * Every test works in its own calendar year, so no test sees another test's contract lines.
 */
import type { TestApp, TestUser } from '../helpers/strapi';
import { contractIn, createDebtor, monthRun } from '../helpers/fixtures';
import {
  allAmounts,
  amountRowCount,
  expireLease,
  getRun,
  jobRows,
  jobService,
  manualWorkerEnv,
  runEvents,
  startJob,
  submittedRun,
  updateRunningJob,
  worker,
  wrapNextRun,
} from '../helpers/runs';
import { bootForFile } from '../helpers/suite';

const BATCH_SIZE = 5;
/** The lease owner of "another instance". */
const OTHER = 'other-host:4242:feedbeef';
const IN_AN_HOUR = () => Date.now() + 3_600_000;

let app: TestApp;
let admin: TestUser;
bootForFile((booted) => ({ app, admin } = booted), { env: manualWorkerEnv(BATCH_SIZE) });

/** 12 monthly lines of 1…12 EUR at 21% in `year`: a full month is net 78.00, vat 16.38, gross 94.38. */
async function twelveLines(year: number, name: string): Promise<string[]> {
  const debtor = await createDebtor(app.strapi, { name });
  const c = await contractIn(app.strapi, year, { debtor, lines: Array.from({ length: 12 }, (_, i) => ({ unitPrice: `${i + 1}`, vatRate: '21' })) });
  return c.lines.map((l) => l.documentId).sort();
}

/** The only job row of a run. */
const jobRow = async (runId: string) => {
  const rows = await jobRows(app.strapi, runId);
  expect(rows).toHaveLength(1);
  return rows[0];
};

/** The run ends with exactly one amount per line and the totals of a full month of `twelveLines`. */
async function expectExactAmounts(runId: string, lineIds: string[]) {
  const amounts = await allAmounts(app, admin, runId);
  expect(amounts.map((a) => a.contractLine.documentId).sort()).toEqual(lineIds);
  expect(await amountRowCount(app.strapi, runId)).toBe(12);
  expect(await getRun(app, admin, runId)).toMatchObject({
    status: 'amounts_generated',
    totals: { amounts: 12, net: '78.00', vat: '16.38', gross: '94.38' },
    job: { state: 'succeeded', processed: 12, total: 12, error: null, summary: { created: 12, alreadyInvoiced: 0, parked: [] } },
  });
}

describe('a worker whose lease was taken over writes nothing', () => {
  test('a job another instance holds a live lease on is not claimed; when that lease expires it is resumed to exact amounts', async () => {
    const lineIds = await twelveLines(2040, 'Taken over');
    const run = await submittedRun(app, admin, monthRun(2040, 1));
    const job = await startJob(app, admin, run.documentId, 'amounts');

    // This instance works the set-up and one batch of 5 lines, then stops like a crash.
    expect(await worker(app).processNext({ maxBatches: 2 })).toBe((await jobRow(run.documentId)).id);
    expect(await jobRow(run.documentId)).toMatchObject({ state: 'running', lease_owner: worker(app).owner, processed: BATCH_SIZE, attempts: 1 });
    expect(await amountRowCount(app.strapi, run.documentId)).toBe(BATCH_SIZE);

    // Another instance has taken the job over and holds a live lease on it.
    await updateRunningJob(app.strapi, job.documentId, { lease_owner: OTHER, lease_expires_at: IN_AN_HOUR() });
    expect(await worker(app).processNext()).toBeNull();
    await worker(app).drain();
    expect(await jobRow(run.documentId)).toMatchObject({ state: 'running', lease_owner: OTHER, processed: BATCH_SIZE, attempts: 1 });
    expect(await amountRowCount(app.strapi, run.documentId)).toBe(BATCH_SIZE);
    expect((await getRun(app, admin, run.documentId)).status).toBe('submitted');

    // That instance crashes too: once its lease has expired, this one resumes the job from its checkpoint.
    await expireLease(app, job.documentId);
    await worker(app).drain();
    expect(await jobRow(run.documentId)).toMatchObject({ state: 'succeeded', lease_owner: worker(app).owner, attempts: 2 });
    await expectExactAmounts(run.documentId, lineIds);
  });

  test('a worker that loses its lease cannot commit its next batch: the batch is rolled back and the job is not failed', async () => {
    const lineIds = await twelveLines(2041, 'Lease lost');
    const run = await submittedRun(app, admin, monthRun(2041, 1));
    const job = await startJob(app, admin, run.documentId, 'amounts');
    const jobId = (await jobRow(run.documentId)).id;
    expect(await worker(app).processNext({ maxBatches: 2 })).toBe(jobId);
    await expireLease(app, job.documentId);

    // 1. This worker claims the job again, but another instance takes the lease over before its next
    //    batch: the batch's lease renewal fails, so the batch does no work and commits nothing.
    let stolen = 0;
    const restoreBefore = wrapNextRun(jobService(app, 'amounts'), (ctx) => ({
      ...ctx,
      async batch(work) {
        stolen += 1;
        await updateRunningJob(app.strapi, job.documentId, { lease_owner: OTHER, lease_expires_at: IN_AN_HOUR() });
        return ctx.batch(work);
      },
    }));
    try {
      expect(await worker(app).processNext()).toBe(jobId);
    } finally {
      restoreBefore();
    }
    expect(stolen).toBe(1);
    expect(await jobRow(run.documentId)).toMatchObject({ state: 'running', lease_owner: OTHER, processed: BATCH_SIZE, attempts: 2, error: null });
    expect(await amountRowCount(app.strapi, run.documentId)).toBe(BATCH_SIZE);

    // 2. The other instance is gone; this worker claims the job once more, and the lease changes hands
    //    while its batch is open: the batch's amounts were written inside the transaction, but the
    //    progress update finds the lease no longer ours, so the whole batch is rolled back.
    await expireLease(app, job.documentId);
    let insideBatch = 0;
    const restoreDuring = wrapNextRun(jobService(app, 'amounts'), (ctx) => ({
      ...ctx,
      async batch(work) {
        return ctx.batch(async (trx) => {
          const patch = await work(trx);
          insideBatch = Number((await trx('invoicing_amounts').where({ run_id: ctx.run.id }).count({ n: '*' }))[0].n);
          await trx('invoicing_jobs').where({ id: jobId }).update({ lease_owner: OTHER });
          return patch;
        });
      },
    }));
    try {
      expect(await worker(app).processNext()).toBe(jobId);
    } finally {
      restoreDuring();
    }
    expect(insideBatch).toBe(2 * BATCH_SIZE);
    expect(await amountRowCount(app.strapi, run.documentId)).toBe(BATCH_SIZE);
    expect(await jobRow(run.documentId)).toMatchObject({ state: 'running', processed: BATCH_SIZE, attempts: 3, error: null });

    // A lost lease is not a failure: no job_failed event, and the run waits for whoever holds the job.
    expect((await runEvents(app, admin, run.documentId)).map((e) => e.action)).not.toContain('job_failed');
    expect(await getRun(app, admin, run.documentId)).toMatchObject({ status: 'submitted', job: { state: 'running' } });

    await expireLease(app, job.documentId);
    await worker(app).drain();
    expect(await jobRow(run.documentId)).toMatchObject({ state: 'succeeded', attempts: 4 });
    await expectExactAmounts(run.documentId, lineIds);
  });
});

describe('a stopping instance hands its job back', () => {
  test('a job claimed while the worker stops keeps no lease: another worker takes it over at once and ends with exact amounts', async () => {
    const lineIds = await twelveLines(2043, 'Handed back');
    const run = await submittedRun(app, admin, monthRun(2043, 1));
    await startJob(app, admin, run.documentId, 'amounts');
    const jobId = (await jobRow(run.documentId)).id;

    // Strapi is shutting down (destroy stops the worker) while this instance claims the job.
    await worker(app).stop();
    try {
      expect(await worker(app).processNext()).toBe(jobId);
      const row = await jobRow(run.documentId);
      expect(row).toMatchObject({ state: 'running', lease_owner: worker(app).owner, processed: 0 });
      // Not a live lease of 60 s as after a crash: the lease ended when the worker stopped.
      expect(Number(row.lease_expires_at)).toBe(0);
      expect(await amountRowCount(app.strapi, run.documentId)).toBe(0);
    } finally {
      worker(app).start();
    }

    // Any worker claims it straight away, without waiting for a lease to run out.
    await worker(app).drain();
    expect(await jobRow(run.documentId)).toMatchObject({ state: 'succeeded', attempts: 2 });
    await expectExactAmounts(run.documentId, lineIds);
  });
});

describe('amount jobs of runs that share a cycle and overlap in period never run at once', () => {
  test('the second waits while the first holds a live lease, other jobs run meanwhile, and then it counts the shared lines as alreadyInvoiced', async () => {
    const Y = 2042;
    const debtor = await createDebtor(app.strapi, { name: 'Overlap debtor' });
    const monthly = await contractIn(app.strapi, Y, {
      debtor,
      lines: [
        ...Array.from({ length: 10 }, (_, i) => ({ description: `Shared ${i}`, unitPrice: `${i + 1}` })),
        { description: 'Only in January', unitPrice: '7', endDate: `${Y}-01-10` },
        { description: 'From February', unitPrice: '28', startDate: `${Y}-02-01` },
      ],
    });
    await contractIn(app.strapi, Y, { debtor, invoiceCycle: 'quarterly', lines: [{ description: 'Quarterly', unitPrice: '90' }] });
    const fromFebruary = monthly.lines[11].documentId;

    const first = await submittedRun(app, admin, monthRun(Y, 1, { name: 'First' })); // Jan 1–31
    const second = await submittedRun(app, admin, monthRun(Y, 1, { name: 'Overlapping', periodStart: `${Y}-01-15`, periodEnd: `${Y}-02-14` }));
    await startJob(app, admin, first.documentId, 'amounts');
    await startJob(app, admin, second.documentId, 'amounts');

    // A worker claims the first job and stops after its set-up, keeping a live lease.
    const firstJobId = (await jobRow(first.documentId)).id;
    expect(await worker(app).processNext({ maxBatches: 1 })).toBe(firstJobId);
    expect(await jobRow(first.documentId)).toMatchObject({ state: 'running', processed: 0 });

    // The overlapping job is not claimed while that lease lives.
    expect(await worker(app).processNext()).toBeNull();
    expect(await jobRow(second.documentId)).toMatchObject({ state: 'queued', attempts: 0, lease_owner: null });

    // Jobs of a non-overlapping period or of another cycle are claimed and run meanwhile.
    const march = await submittedRun(app, admin, monthRun(Y, 3, { name: 'March' }));
    const quarter = await submittedRun(app, admin, monthRun(Y, 1, { name: 'Quarter', cycle: 'quarterly', periodEnd: `${Y}-03-31` }));
    await startJob(app, admin, march.documentId, 'amounts');
    await startJob(app, admin, quarter.documentId, 'amounts');
    expect(await worker(app).processNext()).toBe((await jobRow(march.documentId)).id);
    expect(await worker(app).processNext()).toBe((await jobRow(quarter.documentId)).id);
    expect((await getRun(app, admin, march.documentId)).job).toMatchObject({ state: 'succeeded', summary: { created: 11, alreadyInvoiced: 0 } });
    expect((await getRun(app, admin, quarter.documentId)).job).toMatchObject({ state: 'succeeded', summary: { created: 1, alreadyInvoiced: 0 } });
    expect(await worker(app).processNext()).toBeNull();
    expect(await jobRow(second.documentId)).toMatchObject({ state: 'queued' });

    // The first job's instance crashes; its job is resumed and finished, and only then the second runs.
    await expireLease(app, (await getRun(app, admin, first.documentId)).job!.documentId);
    await worker(app).drain();
    const [firstJob, secondJob] = [await jobRow(first.documentId), await jobRow(second.documentId)];
    expect(firstJob).toMatchObject({ state: 'succeeded', processed: 11, attempts: 2 });
    expect(secondJob).toMatchObject({ state: 'succeeded', processed: 11, attempts: 1 });
    expect(new Date(secondJob.started_at).getTime()).toBeGreaterThanOrEqual(new Date(firstJob.finished_at).getTime());

    expect((await getRun(app, admin, first.documentId)).job!.summary).toMatchObject({ created: 11, alreadyInvoiced: 0, parked: [] });
    expect((await getRun(app, admin, second.documentId)).job!.summary).toMatchObject({ created: 1, alreadyInvoiced: 10, parked: [] });
    const secondAmounts = await allAmounts(app, admin, second.documentId);
    expect(secondAmounts.map((a) => [a.contractLine.documentId, a.periodStart, a.periodEnd])).toEqual([[fromFebruary, `${Y}-02-01`, `${Y}-02-14`]]);
  });
});
