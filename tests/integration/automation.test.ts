import type { TestApp, TestUser } from '../helpers/strapi';
import { adHocRun, createContract, createDebtor, scheduleBody } from '../helpers/fixtures';
import { getRun, jobRows, runEvents, startJob, transitionRun, waitForJob, type Api } from '../helpers/runs';
import { bootForFile } from '../helpers/suite';
import type { TickResult } from '../../server/src/services/ticker';

const NEW_YEAR = new Date('2026-01-01T00:00:00Z');
const ALL_ON = { autoApprove: true, autoGenerateAmounts: true, autoGenerateInvoices: true };
const ALL_OFF = {
  autoApprove: false,
  autoGenerateAmounts: false,
  autoGenerateInvoices: false,
  requireDifferentApprover: false,
  activationDaysBefore: 5,
  timezone: 'UTC',
};

/** The ticker and the automation settings (DESIGN §8, §9): the test drives the ticker itself. */
describe('automation: the ticker and the settings', () => {
  let app: TestApp;
  let admin: TestUser;
  let a: Api;

  bootForFile(async (booted) => {
    ({ app, admin, a } = booted);
    const debtor = await createDebtor(app.strapi, { name: 'Auto BV' });
    await createContract(app.strapi, {
      debtor,
      name: 'Auto contract',
      invoiceCycle: 'monthly',
      lines: [
        { description: 'Rent', unitPrice: '800.00', vatRate: '21' },
        { description: 'Service', unitPrice: '45.50', quantity: '2', vatRate: '9' },
      ],
    });
  });

  const tick = (now: Date = NEW_YEAR): Promise<TickResult> => app.strapi.plugin('invoicing').service('ticker').tick(now);
  const settings = async (body: Record<string, unknown>) => {
    const res = await a.put('/settings', body);
    if (res.status !== 200) throw new Error(`PUT settings answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.data;
  };
  const create = async (overrides: Record<string, unknown>) => {
    const res = await a.post('/runs', adHocRun(overrides));
    if (res.status !== 201) throw new Error(`POST /runs answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.data.documentId as string;
  };
  const status = async (id: string) => (await getRun(app, admin, id)).status as string;
  /** Cancels whatever this test left that the ticker could still move (keeps the tests independent). */
  const cancelLeftovers = async () => {
    for (const s of ['on_hold', 'submitted', 'amounts_generated']) {
      const res = await a.get('/runs', { status: s, pageSize: 100 });
      for (const run of res.body.results) {
        if (run.job && (run.job.state === 'queued' || run.job.state === 'running')) await waitForJob(app, admin, run.documentId);
        const cancelled = await a.post(`/runs/${run.documentId}/cancel`);
        if (cancelled.status !== 200 && cancelled.status !== 409) throw new Error(`cancel answered ${cancelled.status}`);
      }
    }
  };

  afterEach(async () => {
    await settings(ALL_OFF);
    await cancelLeftovers();
  });

  test('a tick activates exactly the runs whose activation date has come, as "system"', async () => {
    // activationDaysBefore 5: activation dates 2025-12-27, 2026-01-01 (today), 2026-01-02, 2026-02-24.
    const due = await create({ name: 'due', periodStart: '2026-01-01', periodEnd: '2026-01-31' });
    const today = await create({ name: 'today', periodStart: '2026-01-06', periodEnd: '2026-02-05' });
    const tomorrow = await create({ name: 'tomorrow', periodStart: '2026-01-07', periodEnd: '2026-02-06' });
    const future = await create({ name: 'future', periodStart: '2026-03-01', periodEnd: '2026-03-31' });
    expect((await getRun(app, admin, today)).activationDate).toBe('2026-01-01');

    const result = await tick();
    expect(result).toEqual({ activated: 2, amountJobsStarted: 0, approved: 0, invoiceJobsStarted: 0, sendJobsStarted: 0 });
    expect(await status(due)).toBe('submitted');
    expect(await status(today)).toBe('submitted');
    expect(await status(tomorrow)).toBe('on_hold');
    expect(await status(future)).toBe('on_hold');
    const last = (await runEvents(app, admin, due)).pop();
    expect(last).toMatchObject({ action: 'activate', from: 'on_hold', to: 'submitted', actor: 'system' });
    // With the automatic steps off, nothing else happens.
    expect(await jobRows(app.strapi, due)).toHaveLength(0);
    expect(await tick()).toEqual({ activated: 0, amountJobsStarted: 0, approved: 0, invoiceJobsStarted: 0, sendJobsStarted: 0 });
    expect(await runEvents(app, admin, tomorrow)).toHaveLength(2);
  });

  test('"today" is taken in the settings\' time zone', async () => {
    const run = await create({ name: 'tz', periodStart: '2026-01-07', periodEnd: '2026-02-06' }); // activation 2026-01-02
    const noonUtc = new Date('2026-01-01T12:00:00Z'); // already 2026-01-02 01:00 in Auckland
    await tick(noonUtc);
    expect(await status(run)).toBe('on_hold');
    await settings({ timezone: 'Pacific/Auckland' });
    expect((await tick(noonUtc)).activated).toBe(1);
    expect(await status(run)).toBe('submitted');
  });

  test('changing activationDaysBefore moves the activation date of runs on hold, not of others', async () => {
    const onHold = await create({ name: 'moves', periodStart: '2026-03-01', periodEnd: '2026-03-31' });
    const activated = await create({ name: 'stays', periodStart: '2026-03-01', periodEnd: '2026-03-31' });
    expect((await a.post(`/runs/${activated}/activate`)).status).toBe(200);
    const s = await a.post('/schedules', scheduleBody({ periodFrom: '2026-04-01', numberOfRuns: 2 }));
    const scheduled = (await a.post(`/schedules/${s.body.data.documentId}/generate-runs`)).body.data.runs;
    expect(scheduled.map((r: { activationDate: string }) => r.activationDate)).toEqual(['2026-03-27', '2026-04-26']);
    expect((await getRun(app, admin, onHold)).activationDate).toBe('2026-02-24');

    await settings({ activationDaysBefore: 10 });
    expect((await getRun(app, admin, onHold)).activationDate).toBe('2026-02-19');
    expect((await getRun(app, admin, activated)).activationDate).toBe('2026-02-24');
    const after = (await a.get(`/schedules/${s.body.data.documentId}`)).body.data.runs;
    expect(after.map((r: { activationDate: string }) => r.activationDate)).toEqual(['2026-03-22', '2026-04-21']);
    // New runs take the new setting too.
    const fresh = await create({ name: 'fresh', periodStart: '2026-03-01', periodEnd: '2026-03-31' });
    expect((await getRun(app, admin, fresh)).activationDate).toBe('2026-02-19');

    // The moved date is the one the ticker uses: activation 2026-02-19 comes with that day.
    expect((await tick(new Date('2026-02-18T23:59:59Z'))).activated).toBe(0);
    expect((await tick(new Date('2026-02-19T00:00:00Z'))).activated).toBe(2); // "moves" and "fresh"
    expect(await status(onHold)).toBe('submitted');

    await settings({ activationDaysBefore: 0 });
    expect((await a.get(`/schedules/${s.body.data.documentId}`)).body.data.runs.map((r: { activationDate: string }) => r.activationDate)).toEqual([
      '2026-04-01',
      '2026-05-01',
    ]);
    expect((await getRun(app, admin, onHold)).activationDate).toBe('2026-02-19');
  });

  test('with all automation on, a run goes from on_hold to invoices_generated with no human action', async () => {
    await settings(ALL_ON);
    const id = await create({ name: 'Automatic January', periodStart: '2026-01-01', periodEnd: '2026-01-31' });

    // Tick, let the job the tick started finish, and tick again: a few ticks suffice.
    for (let i = 0; i < 4 && (await status(id)) !== 'invoices_generated'; i++) {
      await tick();
      if ((await getRun(app, admin, id)).job) await waitForJob(app, admin, id);
    }
    const run = await getRun(app, admin, id);
    expect(run).toMatchObject({
      status: 'invoices_generated',
      approvedBy: 'system',
      amountsGeneratedBy: 'system',
      totals: { amounts: 2, net: '891.00', vat: '176.19', gross: '1067.19', invoices: 1 },
    });
    const events = await runEvents(app, admin, id);
    expect(events.map((e) => [e.action, e.to, e.actor])).toEqual([
      ['create', 'draft', admin.id],
      ['hold', 'on_hold', admin.id],
      ['activate', 'submitted', 'system'],
      ['generate_amounts', 'submitted', 'system'],
      ['complete_amounts', 'amounts_generated', 'system'],
      ['approve', 'approved', 'system'],
      ['generate_invoices', 'approved', 'system'],
      ['complete_invoices', 'invoices_generated', 'system'],
    ]);
    const invoices = (await a.get(`/runs/${id}/invoices`)).body.results;
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ name: 'Rent - Auto contract', gross: '1067.19' });

    // Further ticks change nothing.
    expect(await tick()).toEqual({ activated: 0, amountJobsStarted: 0, approved: 0, invoiceJobsStarted: 0, sendJobsStarted: 0 });
    expect(await runEvents(app, admin, id)).toHaveLength(events.length);
  });

  test('ticks called twice and concurrently still act exactly once', async () => {
    await settings(ALL_ON);
    const id = await create({ name: 'Concurrent February', periodStart: '2026-02-01', periodEnd: '2026-02-28' });
    const future = await create({ name: 'Concurrent later', periodStart: '2026-06-01', periodEnd: '2026-06-30' });
    const totals: TickResult = { activated: 0, amountJobsStarted: 0, approved: 0, invoiceJobsStarted: 0, sendJobsStarted: 0 };
    const add = (results: TickResult[]) => {
      for (const r of results) for (const k of Object.keys(totals) as Array<keyof TickResult>) totals[k] += r[k];
    };

    for (let round = 0; round < 4 && (await status(id)) !== 'invoices_generated'; round++) {
      add(await Promise.all(Array.from({ length: 5 }, () => tick(new Date('2026-01-28T08:00:00Z')))));
      add([await tick(new Date('2026-01-28T08:00:00Z'))]); // and once more right after
      if ((await getRun(app, admin, id)).job) await waitForJob(app, admin, id);
    }
    expect(await status(id)).toBe('invoices_generated');
    expect(totals).toEqual({ activated: 1, amountJobsStarted: 1, approved: 1, invoiceJobsStarted: 1, sendJobsStarted: 0 });

    const events = await runEvents(app, admin, id);
    const count = (action: string) => events.filter((e) => e.action === action).length;
    for (const action of ['activate', 'generate_amounts', 'complete_amounts', 'approve', 'generate_invoices', 'complete_invoices']) {
      expect([action, count(action)]).toEqual([action, 1]);
    }
    const jobs = await jobRows(app.strapi, id);
    expect(jobs.map((j) => [j.type, j.state])).toEqual([
      ['amounts', 'succeeded'],
      ['invoices', 'succeeded'],
    ]);
    expect((await a.get(`/runs/${id}/invoices`)).body.pagination.total).toBe(1);
    expect((await a.get(`/runs/${id}/amounts`)).body.pagination.total).toBe(2);

    // The run whose activation date is in the future was left alone.
    expect(await status(future)).toBe('on_hold');
    expect(await runEvents(app, admin, future)).toHaveLength(2);
  });

  test('autoApprove with requireDifferentApprover: the ticker approves amounts a user generated, as "system"', async () => {
    await settings({ autoApprove: true, requireDifferentApprover: true });
    const id = await create({ name: 'Four eyes, automatic', periodStart: '2026-07-01', periodEnd: '2026-07-31' });
    await transitionRun(app, admin, id, 'activate');
    await startJob(app, admin, id, 'amounts');
    await waitForJob(app, admin, id);
    expect(await getRun(app, admin, id)).toMatchObject({ status: 'amounts_generated', amountsGeneratedBy: admin.id, totals: { amounts: 2 } });
    // Four eyes holds for the user who generated the amounts…
    const refused = await a.post(`/runs/${id}/approve`);
    expect(refused.status).toBe(403);
    expect(await status(id)).toBe('amounts_generated');

    // …but not for the system: switching automatic approval on is the administrator's choice (README).
    expect(await tick(new Date('2026-07-01T06:00:00Z'))).toEqual({ activated: 0, amountJobsStarted: 0, approved: 1, invoiceJobsStarted: 0, sendJobsStarted: 0 });
    expect(await getRun(app, admin, id)).toMatchObject({ status: 'approved', amountsGeneratedBy: admin.id, approvedBy: 'system' });
    const events = await runEvents(app, admin, id);
    expect(events.filter((e) => e.action === 'approve')).toEqual([
      expect.objectContaining({ from: 'amounts_generated', to: 'approved', actor: 'system' }),
    ]);
    expect(events.pop()).toMatchObject({ action: 'approve', actor: 'system' });

    // Finish the run, so later tests' ticks find nothing of it to move (an approved run cannot be cancelled).
    await startJob(app, admin, id, 'invoices');
    expect(await waitForJob(app, admin, id)).toMatchObject({ type: 'invoices', state: 'succeeded' });
  });

  test('autoApprove with requireDifferentApprover: the ticker also approves amounts the system generated itself', async () => {
    await settings({ ...ALL_ON, requireDifferentApprover: true });
    const id = await create({ name: 'Four eyes, all automatic', periodStart: '2026-08-01', periodEnd: '2026-08-31' });
    const august = new Date('2026-08-01T06:00:00Z');
    for (let i = 0; i < 4 && (await status(id)) !== 'invoices_generated'; i++) {
      await tick(august);
      if ((await getRun(app, admin, id)).job) await waitForJob(app, admin, id);
    }
    expect(await getRun(app, admin, id)).toMatchObject({ status: 'invoices_generated', amountsGeneratedBy: 'system', approvedBy: 'system' });
    expect((await runEvents(app, admin, id)).filter((e) => e.action === 'approve')).toEqual([
      expect.objectContaining({ from: 'amounts_generated', to: 'approved', actor: 'system' }),
    ]);
  });

  test('each automatic step follows its own setting', async () => {
    const april = new Date('2026-04-01T06:00:00Z');
    await settings({ autoGenerateAmounts: true });
    const id = await create({ name: 'Step by step', periodStart: '2026-04-01', periodEnd: '2026-04-30' });
    expect(await tick(april)).toMatchObject({ activated: 1, amountJobsStarted: 1, approved: 0, invoiceJobsStarted: 0, sendJobsStarted: 0 });
    await waitForJob(app, admin, id);
    expect(await tick(april)).toEqual({ activated: 0, amountJobsStarted: 0, approved: 0, invoiceJobsStarted: 0, sendJobsStarted: 0 });
    expect(await status(id)).toBe('amounts_generated');

    await settings({ autoGenerateAmounts: false, autoApprove: true });
    expect(await tick(april)).toEqual({ activated: 0, amountJobsStarted: 0, approved: 1, invoiceJobsStarted: 0, sendJobsStarted: 0 });
    expect(await status(id)).toBe('approved');
    expect(await tick(april)).toEqual({ activated: 0, amountJobsStarted: 0, approved: 0, invoiceJobsStarted: 0, sendJobsStarted: 0 });
    expect(await jobRows(app.strapi, id)).toHaveLength(1);

    await settings({ autoApprove: false, autoGenerateInvoices: true });
    expect(await tick(april)).toEqual({ activated: 0, amountJobsStarted: 0, approved: 0, invoiceJobsStarted: 1, sendJobsStarted: 0 });
    await waitForJob(app, admin, id);
    expect(await getRun(app, admin, id)).toMatchObject({ status: 'invoices_generated', totals: { amounts: 2, invoices: 1 } });

    // autoSendInvoices: a send job once the invoices exist, and only once per run.
    await settings({ autoGenerateInvoices: false, autoSendInvoices: true });
    try {
      // This run and those of earlier tests of this file that are invoices_generated.
      const started = await tick(april);
      expect(started).toMatchObject({ activated: 0, amountJobsStarted: 0, approved: 0, invoiceJobsStarted: 0 });
      expect(started.sendJobsStarted).toBeGreaterThanOrEqual(1);
      const job = await waitForJob(app, admin, id);
      expect(job).toMatchObject({ type: 'send', actor: 'system' });
      expect(await tick(april)).toEqual({ activated: 0, amountJobsStarted: 0, approved: 0, invoiceJobsStarted: 0, sendJobsStarted: 0 });
    } finally {
      await settings({ autoSendInvoices: false });
    }
  });
});
