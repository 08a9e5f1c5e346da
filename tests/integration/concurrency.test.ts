import type { TestApp, TestUser } from '../helpers/strapi';
import { createUser } from '../helpers/strapi';
import { adHocRun, contractIn, createDebtor, monthRun, scheduleBody } from '../helpers/fixtures';
import { api, expectStatus, getRun, jobRows, nextEvent, runDbId, runEvents, runInStatus, worker, type Api, type Json } from '../helpers/runs';
import { bootForFile } from '../helpers/suite';

/**
 * Issue 5's four concurrency checks in one place (some are also in jobs.test.ts and
 * schedules.test.ts): parallel requests on one run or schedule act exactly once, and references stay
 * unique and gapless. The worker's timer is off, so no job finishes between the parallel requests.
 */

const refNumber = (ref: string) => Number(/^(?:IRS|IVR)-(\d{6})$/.exec(ref)?.[1] ?? NaN);

/** The references are `prefix-000001`-style, distinct and consecutive from `first`. */
function expectConsecutive(refs: string[], prefix: 'IRS' | 'IVR', first: number): void {
  for (const r of refs) expect(r).toMatch(new RegExp(`^${prefix}-\\d{6}$`));
  const numbers = refs.map(refNumber).sort((x, y) => x - y);
  expect(numbers).toEqual(Array.from({ length: refs.length }, (_, i) => first + i));
}

describe('concurrent requests act exactly once', () => {
  let app: TestApp;
  let admin: TestUser;
  let a: Api;
  let reviewers: TestUser[];

  bootForFile(
    async (booted) => {
      ({ app, admin, a } = booted);
      const reviewerRole = await app.strapi.db.query('admin::role').findOne({ where: { code: 'invoicing-run-reviewer' } });
      reviewers = [];
      for (let i = 0; i < 10; i += 1) reviewers.push(await createUser(app, [reviewerRole.id], `reviewer${i}`));
      const debtor = await createDebtor(app.strapi, { name: 'Concurrency BV' });
      await contractIn(app.strapi, 2031, { debtor, invoiceCycle: 'monthly', lines: [{ unitPrice: '12.50' }, { unitPrice: '3.00', quantity: '4' }] });
    },
    { env: { INVOICING_WORKER_ENABLED: 'false' } },
  );

  /** Every reference in a table, from the database (not through the API's pages). */
  const allReferences = async (table: 'invoicing_schedules' | 'invoicing_runs'): Promise<string[]> =>
    ((await app.strapi.db.connection(table).select('reference')) as Array<{ reference: string }>).map((r) => r.reference);

  /** The highest reference number handed out so far. */
  const lastNumber = async (table: 'invoicing_schedules' | 'invoicing_runs') => Math.max(0, ...(await allReferences(table)).map(refNumber));

  test('20 parallel POST /runs/:id/amounts/generate: all 202 with the same job, one job row, one audit event', async () => {
    const run = await runInStatus(app, admin, 'submitted', monthRun(2031, 1));
    const answers = await Promise.all(Array.from({ length: 20 }, () => a.post(`/runs/${run}/amounts/generate`)));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(202));
    const jobIds = new Set(answers.map((r) => r.body.data.documentId));
    expect(jobIds.size).toBe(1);
    for (const r of answers) expect(r.body.data).toMatchObject({ type: 'amounts', state: 'queued' });

    const rows = await jobRows(app.strapi, run);
    expect(rows).toHaveLength(1);
    expect(rows[0].document_id).toBe([...jobIds][0]);
    expect((await runEvents(app, admin, run)).filter((e) => e.action === 'generate_amounts')).toHaveLength(1);

    // the one job does the work once
    await worker(app).drain();
    const done = await getRun(app, admin, run);
    expect(done.status).toBe('amounts_generated');
    expect(done.job).toMatchObject({ documentId: [...jobIds][0], state: 'succeeded', summary: { created: 2 } });
    expect(done.totals.amounts).toBe(2);
    expect(await jobRows(app.strapi, run)).toHaveLength(1);
  });

  /** Approves `run` with one request per user at once; answers the responses. */
  async function approveAtOnce(run: string, users: TestUser[]) {
    const approved: Json[] = [];
    const off = app.strapi.eventHub.on('invoice-run.approved', async (payload: Json) => {
      if (payload?.run?.documentId === run) approved.push(payload);
    });
    // the integrators' event is announced after the commit, possibly after the answer went out
    const first = nextEvent(app.strapi, 'invoice-run.approved', (payload) => payload?.run?.documentId === run);
    try {
      const answers = await Promise.all(users.map((u) => api(app, u).post(`/runs/${run}/approve`)));
      await first;
      return { answers, approved };
    } finally {
      off();
    }
  }

  test('10 parallel approvals by 10 different reviewers: one 200, nine 409, one approval event', async () => {
    const run = await runInStatus(app, admin, 'amounts_generated', monthRun(2031, 2));
    const { answers, approved } = await approveAtOnce(run, reviewers);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    for (const r of answers.filter((x) => x.status === 409)) {
      expect(r.body).toMatchObject({ data: null, error: { status: 409, name: 'ConflictError' } });
      expect(r.body.error.message).toMatch(/approved/);
    }
    const winner = reviewers[statuses.indexOf(200)];
    expect(answers[statuses.indexOf(200)].body.data).toMatchObject({ status: 'approved', approvedBy: winner.id });

    const events = (await runEvents(app, admin, run)).filter((e) => e.action === 'approve');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ from: 'amounts_generated', to: 'approved', actor: winner.id });
    expect(approved).toHaveLength(1);
    expect(await getRun(app, admin, run)).toMatchObject({ status: 'approved', approvedBy: winner.id });
  });

  test('10 parallel approvals by the same reviewer: one 200, nine 409, one approval event', async () => {
    const run = await runInStatus(app, admin, 'amounts_generated', monthRun(2031, 3));
    const { answers, approved } = await approveAtOnce(run, Array(10).fill(reviewers[0]));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(409)]);
    expect((await runEvents(app, admin, run)).filter((e) => e.action === 'approve')).toHaveLength(1);
    expect(approved).toHaveLength(1);
    expect((await getRun(app, admin, run)).status).toBe('approved');
  });

  test('parallel POST /schedules/:id/generate-runs: every period once, IVR references gapless', async () => {
    const made = await a.post('/schedules', scheduleBody({ name: 'Parallel generate', periodFrom: '2032-01-01', numberOfRuns: 12 }, { invoiceDate: '2032-01-05', dueDate: '2032-01-20' }));
    expectStatus(made, 201, 'POST /schedules');
    const schedule = made.body.data.documentId as string;
    const lastRun = await lastNumber('invoicing_runs');

    const answers = await Promise.all(Array.from({ length: 10 }, () => a.post(`/schedules/${schedule}/generate-runs`)));
    for (const r of answers) expect([200, 201]).toContain(r.status);
    expect(answers.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    expect(answers.reduce((n, r) => n + (r.body.meta.created as number), 0)).toBe(12);
    for (const r of answers) expect(r.status).toBe(r.body.meta.created > 0 ? 201 : 200);

    const runs = (await a.get(`/schedules/${schedule}`)).body.data.runs as Array<{ sequence: number; periodStart: string; periodEnd: string; reference: string }>;
    expect(runs.map((r) => r.sequence)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(new Set(runs.map((r) => r.periodStart)).size).toBe(12);
    expect(runs.map((r) => r.periodStart)).toEqual(Array.from({ length: 12 }, (_, i) => `2032-${String(i + 1).padStart(2, '0')}-01`));
    expectConsecutive(
      runs.map((r) => r.reference),
      'IVR',
      lastRun + 1,
    );

    // in the database: twelve rows for this schedule, one per slot, and no gap in any run reference
    const link = app.strapi.db.metadata.get('plugin::invoicing.invoice-run' as never).attributes.schedule as unknown as {
      joinTable: { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } };
    };
    const scheduleRow = await app.strapi.db.connection('invoicing_schedules').where({ document_id: schedule }).first('id');
    const linked = await app.strapi.db.connection(link.joinTable.name).where(link.joinTable.inverseJoinColumn.name, scheduleRow.id);
    expect(linked).toHaveLength(12);
    const slots = await app.strapi.db.connection('invoicing_runs').where('slot', 'like', `${schedule}#%`).select('slot');
    expect(slots).toHaveLength(12);
    const all = await allReferences('invoicing_runs');
    expectConsecutive(all, 'IVR', 1);

    // pressing it again afterwards creates nothing
    const again = await a.post(`/schedules/${schedule}/generate-runs`);
    expect(again.status).toBe(200);
    expect(again.body.meta.created).toBe(0);
  });

  test('10 parallel POST /schedules: all 201, IRS references unique and gapless', async () => {
    const lastSchedule = await lastNumber('invoicing_schedules');
    const countBefore = (await allReferences('invoicing_schedules')).length;
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => a.post('/schedules', scheduleBody({ name: `Parallel schedule ${i}` }))));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(201));
    const refs = answers.map((r) => r.body.data.reference as string);
    expect(new Set(refs).size).toBe(10);
    expectConsecutive(refs, 'IRS', lastSchedule + 1);

    const all = await allReferences('invoicing_schedules');
    expect(all).toHaveLength(countBefore + 10);
    expectConsecutive(all, 'IRS', 1);
  });

  test('parallel ad hoc runs and schedules at once: both counters stay gapless', async () => {
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => a.post('/runs', adHocRun({ name: `Parallel ad hoc ${i}` }))),
      ...Array.from({ length: 6 }, (_, i) => a.post('/schedules', scheduleBody({ name: `Parallel mixed ${i}` }))),
    ]);
    expect(answers.map((r) => r.status)).toEqual(Array(12).fill(201));
    expectConsecutive(await allReferences('invoicing_schedules'), 'IRS', 1);
    expectConsecutive(await allReferences('invoicing_runs'), 'IVR', 1);
    // each ad hoc run sits in its own one-run schedule
    const adHoc = answers.slice(0, 6).map((r) => r.body.data);
    expect(new Set(adHoc.map((r: Json) => r.schedule.documentId)).size).toBe(6);
    for (const r of adHoc) expect(await runDbId(app.strapi, r.documentId)).toBeGreaterThan(0);
  });
});
