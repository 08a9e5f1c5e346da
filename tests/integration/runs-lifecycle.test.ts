import { createUser, type TestApp, type TestUser } from '../helpers/strapi';
import { adHocRun, createCategory, createContract, createDebtor, scheduleBody } from '../helpers/fixtures';
import { api, errorPaths, getRun, jobRows, runEvents, runInStatus, waitForJob, type Api } from '../helpers/runs';
import { bootForFile } from '../helpers/suite';
import { canPerform, completionActionOf, ownJobOf, statusAfter, TRANSITIONS, USER_ACTIONS, type RunAction, type RunStatus } from '../../shared/lifecycle';

/** The route of each user action (DESIGN §11) and its status code when allowed. */
const ROUTES: Record<string, { method: 'post' | 'del'; path: (id: string) => string; ok: number }> = {
  activate: { method: 'post', path: (id) => `/runs/${id}/activate`, ok: 200 },
  approve: { method: 'post', path: (id) => `/runs/${id}/approve`, ok: 200 },
  cancel: { method: 'post', path: (id) => `/runs/${id}/cancel`, ok: 200 },
  delete_amounts: { method: 'del', path: (id) => `/runs/${id}/amounts`, ok: 200 },
  generate_amounts: { method: 'post', path: (id) => `/runs/${id}/amounts/generate`, ok: 202 },
  generate_invoices: { method: 'post', path: (id) => `/runs/${id}/invoices/generate`, ok: 202 },
  prepare_documents: { method: 'post', path: (id) => `/runs/${id}/documents/prepare`, ok: 202 },
  send_invoices: { method: 'post', path: (id) => `/runs/${id}/invoices/send`, ok: 202 },
};

/** Statuses a run can be brought into through the API (draft is left at once). */
const REACHABLE: RunStatus[] = ['on_hold', 'submitted', 'amounts_generated', 'approved', 'invoices_generated', 'cancelled'];

/** Runs of the matrix use the weekly cycle, which no contract of this file has: no amounts, fast jobs. */
/** An empty total: "0" (a run without amounts has no currency) or "0.00". */
const ZERO = expect.stringMatching(/^0(\.0+)?$/);

const matrixRun = (name: string) => adHocRun({ name, cycle: 'weekly', periodStart: '2027-01-04', periodEnd: '2027-01-10' });

describe('invoice runs (/invoicing/runs) and their lifecycle', () => {
  let app: TestApp;
  let admin: TestUser;
  let a: Api;
  bootForFile((booted) => ({ app, admin, a } = booted));

  const act = (action: string, id: string) => {
    const route = ROUTES[action];
    return route.method === 'del' ? a.del(route.path(id)) : a.post(route.path(id));
  };

  describe('list, search, filter, sort and pagination', () => {
    const tag = `Walrus${Date.now().toString(36)}`;
    const ids: Record<string, string> = {};
    const refs: Record<string, string> = {};

    beforeAll(async () => {
      for (const [name, status] of [
        ['alpha', 'on_hold'],
        ['bravo', 'submitted'],
        ['charlie', 'on_hold'],
        ['delta', 'cancelled'],
        ['echo', 'on_hold'],
      ] as const) {
        ids[name] = await runInStatus(app, admin, status, adHocRun({ name: `${tag} ${name}`, cycle: 'weekly', periodStart: '2027-02-01', periodEnd: '2027-02-07' }));
        refs[name] = (await getRun(app, admin, ids[name])).reference;
      }
    });

    test('search by name (case-insensitive, partial) and by reference', async () => {
      const byName = await a.get('/runs', { search: tag.toUpperCase() });
      expect(byName.status).toBe(200);
      expect(byName.body.pagination).toEqual({ page: 1, pageSize: 10, pageCount: 1, total: 5 });
      expect(byName.body.results.map((r: { documentId: string }) => r.documentId).sort()).toEqual(Object.values(ids).sort());

      const one = await a.get('/runs', { search: `${tag} char` });
      expect(one.body.results.map((r: { name: string }) => r.name)).toEqual([`${tag} charlie`]);

      const byRef = await a.get('/runs', { search: refs.delta });
      expect(byRef.body.pagination.total).toBe(1);
      expect(byRef.body.results[0]).toMatchObject({ documentId: ids.delta, reference: refs.delta, status: 'cancelled' });

      const none = await a.get('/runs', { search: `${tag}-none` });
      expect(none.body).toEqual({ results: [], pagination: { page: 1, pageSize: 10, pageCount: 0, total: 0 } });
    });

    test('status filter', async () => {
      const onHold = await a.get('/runs', { search: tag, status: 'on_hold' });
      expect(onHold.body.results.map((r: { name: string }) => r.name).sort()).toEqual(['alpha', 'charlie', 'echo'].map((n) => `${tag} ${n}`));
      expect(onHold.body.pagination.total).toBe(3);
      const submitted = await a.get('/runs', { search: tag, status: 'submitted' });
      expect(submitted.body.results.map((r: { documentId: string }) => r.documentId)).toEqual([ids.bravo]);
      const approved = await a.get('/runs', { search: tag, status: 'approved' });
      expect(approved.body.pagination.total).toBe(0);
    });

    test('sort and pagination', async () => {
      const asc = await a.get('/runs', { search: tag, sort: 'name:asc', pageSize: 2 });
      expect(asc.body.pagination).toEqual({ page: 1, pageSize: 2, pageCount: 3, total: 5 });
      expect(asc.body.results.map((r: { name: string }) => r.name)).toEqual([`${tag} alpha`, `${tag} bravo`]);
      const page3 = await a.get('/runs', { search: tag, sort: 'name:asc', pageSize: 2, page: 3 });
      expect(page3.body.results.map((r: { name: string }) => r.name)).toEqual([`${tag} echo`]);
      const beyond = await a.get('/runs', { search: tag, sort: 'name:asc', pageSize: 2, page: 4 });
      expect(beyond.body.results).toEqual([]);
      expect(beyond.body.pagination.total).toBe(5);

      const byRefDesc = await a.get('/runs', { search: tag, sort: 'reference:desc' });
      const got = byRefDesc.body.results.map((r: { reference: string }) => r.reference);
      expect(got).toEqual([...Object.values(refs)].sort().reverse());
      const byStatus = await a.get('/runs', { search: tag, sort: 'status:asc' });
      expect(byStatus.body.results.map((r: { status: string }) => r.status)).toEqual(['cancelled', 'on_hold', 'on_hold', 'on_hold', 'submitted']);
    });

    test.each([
      [{ status: 'almost_done' }, ['status']],
      [{ sort: 'secret:asc' }, ['sort']],
      [{ sort: 'name:sideways' }, ['sort']],
      [{ pageSize: 101 }, ['pageSize']],
      [{ page: 0 }, ['page']],
    ])('a bad list query %j answers 400 naming the parameter', async (query, path) => {
      const res = await a.get('/runs', query);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('ValidationError');
      expect(errorPaths(res.body)).toContainEqual(path);
    });
  });

  describe('ad hoc runs (POST /runs)', () => {
    test('answers 201 with the run on hold and its own one-run schedule (adHoc true)', async () => {
      const category = await createCategory(app.strapi, 'Ad hoc category');
      const body = adHocRun({ name: 'One-off cleaning', description: 'Extra cleaning', invoiceCategory: category.documentId, invoiceNameFormat: 'name_debtor' });
      const res = await a.post('/runs', body);
      expect(res.status).toBe(201);
      const run = res.body.data;
      expect(run).toMatchObject({
        name: 'One-off cleaning',
        description: 'Extra cleaning',
        status: 'on_hold',
        cycle: 'monthly',
        periodStart: '2026-01-01',
        periodEnd: '2026-01-31',
        activationDate: '2025-12-27',
        invoiceDate: '2026-02-01',
        dueDate: '2026-02-15',
        invoiceName: 'Rent',
        invoiceNameFormat: 'name_debtor',
        invoiceCategory: { documentId: category.documentId, name: 'Ad hoc category' },
        sequence: 0,
        schedule: { adHoc: true },
        totals: { amounts: 0, net: ZERO, vat: ZERO, gross: ZERO, invoices: 0 },
        approvedBy: null,
        approvedAt: null,
        job: null,
      });
      expect(run.reference).toMatch(/^IVR-\d{6}$/);
      expect(run.schedule.reference).toMatch(/^IRS-\d{6}$/);

      const schedule = (await a.get(`/schedules/${run.schedule.documentId}`)).body.data;
      expect(schedule).toMatchObject({
        adHoc: true,
        numberOfRuns: 1,
        name: 'One-off cleaning',
        periodFrom: '2026-01-01',
        periodTo: '2026-01-31',
        template: { cycle: 'monthly', invoiceCategory: category.documentId, invoiceDate: '2026-02-01', dueDate: '2026-02-15' },
      });
      expect(schedule.runs.map((r: { documentId: string }) => r.documentId)).toEqual([run.documentId]);
      // Generating runs of an ad hoc schedule adds nothing.
      const again = await a.post(`/schedules/${run.schedule.documentId}/generate-runs`);
      expect(again.body.meta.created).toBe(0);

      const events = await runEvents(app, admin, run.documentId);
      expect(events.map((e) => [e.action, e.from, e.to, e.actor])).toEqual([
        ['create', null, 'draft', admin.id],
        ['hold', 'draft', 'on_hold', admin.id],
      ]);
    });

    test.each([
      ['periodEnd before periodStart', { periodStart: '2026-02-01', periodEnd: '2026-01-31' }, ['periodEnd']],
      ['dueDate before invoiceDate', { invoiceDate: '2026-02-01', dueDate: '2026-01-31' }, ['dueDate']],
      ['an unknown cycle', { cycle: 'daily' }, ['cycle']],
      ['a missing invoice name', { invoiceName: '' }, ['invoiceName']],
      ['an unknown field', { status: 'approved' }, ['status']],
    ])('%s answers 400 with the field path and writes nothing', async (_title, overrides, path) => {
      const before = (await a.get('/runs', { pageSize: 1 })).body.pagination.total;
      const schedulesBefore = (await a.get('/schedules', { pageSize: 1 })).body.pagination.total;
      const res = await a.post('/runs', adHocRun(overrides));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
      expect(errorPaths(res.body)).toContainEqual(path);
      expect((await a.get('/runs', { pageSize: 1 })).body.pagination.total).toBe(before);
      expect((await a.get('/schedules', { pageSize: 1 })).body.pagination.total).toBe(schedulesBefore);
    });

    test('an unknown invoice category answers 404 and writes nothing; an unknown run id 404 everywhere', async () => {
      const before = (await a.get('/runs', { pageSize: 1 })).body.pagination.total;
      const res = await a.post('/runs', adHocRun({ invoiceCategory: 'missing-category' }));
      expect(res.status).toBe(404);
      expect(errorPaths(res.body)).toContainEqual(['invoiceCategory']);
      expect((await a.get('/runs', { pageSize: 1 })).body.pagination.total).toBe(before);

      for (const res404 of [
        await a.get('/runs/nope'),
        await a.get('/runs/nope/events'),
        await a.get('/runs/nope/job'),
        await a.get('/runs/nope/amounts'),
        await a.get('/runs/nope/invoices'),
        await a.get('/invoices/nope'),
        ...(await Promise.all(USER_ACTIONS.map((action) => act(action, 'nope')))),
      ]) {
        expect(res404.status).toBe(404);
        expect(res404.body).toMatchObject({ data: null, error: { status: 404, name: 'NotFoundError' } });
      }
    });
  });

  describe('lifecycle guard: every illegal user action answers 409 naming the status, and changes nothing', () => {
    const runs: Partial<Record<RunStatus, string>> = {};

    beforeAll(async () => {
      for (const status of REACHABLE) runs[status] = await runInStatus(app, admin, status, matrixRun(`Matrix ${status}`));
    });

    const illegal: Array<[RunStatus, RunAction]> = [];
    for (const status of REACHABLE) for (const action of USER_ACTIONS) if (!canPerform(status, action)) illegal.push([status, action]);

    test('the matrix is the lifecycle table of DESIGN §4', () => {
      expect(USER_ACTIONS.map((action) => [action, [...TRANSITIONS[action].from]])).toEqual([
        ['activate', ['on_hold']],
        ['generate_amounts', ['submitted']],
        ['delete_amounts', ['amounts_generated']],
        ['approve', ['amounts_generated']],
        ['generate_invoices', ['approved']],
        ['send_invoices', ['invoices_generated']],
        ['cancel', ['on_hold', 'submitted', 'amounts_generated']],
        ['prepare_documents', ['invoices_generated']],
      ]);
      expect(illegal).toHaveLength(REACHABLE.length * USER_ACTIONS.length - 10);
    });

    test.each(illegal)('in status %s, %s is refused with 409', async (status, action) => {
      const id = runs[status]!;
      const before = await getRun(app, admin, id);
      const eventsBefore = await runEvents(app, admin, id);
      const jobsBefore = await jobRows(app.strapi, id);
      expect(before.status).toBe(status);

      const res = await act(action, id);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ data: null, error: { status: 409 } });
      expect(res.body.error.message).toContain(`"${status}"`);
      expect(res.body.error.details).toMatchObject({ status, action });

      const after = await getRun(app, admin, id);
      expect(after.status).toBe(status);
      expect(after.totals).toEqual(before.totals);
      expect(after.approvedBy).toEqual(before.approvedBy);
      expect(await runEvents(app, admin, id)).toEqual(eventsBefore);
      expect(await jobRows(app.strapi, id)).toEqual(jobsBefore);
    });

    const legal: Array<[RunStatus, RunAction]> = [];
    for (const status of REACHABLE) for (const action of USER_ACTIONS) if (canPerform(status, action)) legal.push([status, action]);

    test.each(legal)('in status %s, %s is allowed and leads where the table says', async (status, action) => {
      const id = await runInStatus(app, admin, status, matrixRun(`Legal ${status} ${action}`));
      const eventsBefore = await runEvents(app, admin, id);
      const res = await act(action, id);
      expect(res.status).toBe(ROUTES[action].ok);
      let expected = statusAfter(status, action);
      const job = ownJobOf(action);
      if (job) {
        expect(res.body.data).toMatchObject({ type: job });
        expect(['queued', 'running', 'succeeded']).toContain(res.body.data.state);
        await waitForJob(app, admin, id);
        expected = statusAfter(status, completionActionOf(job));
      } else {
        expect(res.body.data).toMatchObject({ documentId: id, status: expected });
      }
      expect((await getRun(app, admin, id)).status).toBe(expected);
      const added = (await runEvents(app, admin, id)).slice(eventsBefore.length);
      expect(added[0]).toMatchObject({ action, from: status, to: statusAfter(status, action), actor: admin.id });
    });
  });

  test("the seed's manual lifecycle, step by step, with every transition in the audit trail", async () => {
    const reviewerRole = await app.strapi.db.query('admin::role').findOne({ where: { code: 'invoicing-run-reviewer' } });
    expect(reviewerRole).toBeTruthy();
    const reviewer = await createUser(app, [reviewerRole.id], 'reviewer');

    // Contracts: one quarterly contract with two lines (this file's only contract and only quarterly cycle).
    const category = await createCategory(app.strapi, 'Service charges');
    const debtor = await createDebtor(app.strapi, { name: 'Jansen BV', reference: 'DEB-JANSEN' });
    const { contract, lines } = await createContract(app.strapi, {
      debtor,
      reference: 'CTR-LIFE-1',
      name: 'Office Keizersgracht',
      invoiceCycle: 'quarterly',
      startDate: '2025-01-01',
      lines: [
        { description: 'Rent', unitPrice: '1200.00', quantity: '1', vatRate: '21' },
        { description: 'Parking', unitPrice: '50.00', quantity: '2', vatRate: '9' },
      ],
    });

    // 1. Create an invoice run schedule and press "Generate invoice runs".
    const created = await a.post(
      '/schedules',
      scheduleBody(
        { name: 'Quarterly service charges', periodFrom: '2026-01-01', numberOfRuns: 4 },
        { name: 'Service charges', cycle: 'quarterly', invoiceName: 'Service charges', invoiceNameFormat: 'name_contract_debtor', invoiceCategory: category.documentId, invoiceDate: '2026-01-05', dueDate: '2026-01-19' },
      ),
    );
    expect(created.status).toBe(201);
    expect(created.body.data.periodTo).toBe('2026-03-31');
    const generated = await a.post(`/schedules/${created.body.data.documentId}/generate-runs`);
    expect(generated.status).toBe(201);
    const scheduleRuns = generated.body.data.runs;
    expect(scheduleRuns.map((r: { periodStart: string; periodEnd: string }) => `${r.periodStart}..${r.periodEnd}`)).toEqual([
      '2026-01-01..2026-03-31',
      '2026-04-01..2026-06-30',
      '2026-07-01..2026-09-30',
      '2026-10-01..2026-12-31',
    ]);

    // 2. Open the first run from the schedule (and find it through the search box).
    const id = scheduleRuns[0].documentId as string;
    const found = await a.get('/runs', { search: scheduleRuns[0].reference });
    expect(found.body.results.map((r: { documentId: string }) => r.documentId)).toEqual([id]);
    let run = await getRun(app, admin, id);
    expect(run).toMatchObject({ status: 'on_hold', activationDate: '2025-12-27', invoiceCategory: { documentId: category.documentId } });

    // 3. Activate.
    const activated = await a.post(`/runs/${id}/activate`);
    expect(activated.status).toBe(200);
    expect(activated.body.data.status).toBe('submitted');

    // 4. Amounts tab → Generate: 202 with the job, then wait for it.
    const started = await a.post(`/runs/${id}/amounts/generate`);
    expect(started.status).toBe(202);
    expect(started.body.data).toMatchObject({ type: 'amounts', error: null });
    let job = await waitForJob(app, admin, id);
    expect(job).toMatchObject({ type: 'amounts', state: 'succeeded', processed: 2, total: 2, summary: { created: 2, alreadyInvoiced: 0, parked: [] } });
    run = await getRun(app, admin, id);
    const expectedTotals = { amounts: 2, net: '1300.00', vat: '261.00', gross: '1561.00', invoices: 0 };
    expect(run).toMatchObject({ status: 'amounts_generated', amountsGeneratedBy: admin.id, totals: expectedTotals });

    // 5. The magnifier: the to-be-invoiced amounts overview with the totals.
    const amounts = await a.get(`/runs/${id}/amounts`);
    expect(amounts.status).toBe(200);
    expect(amounts.body.pagination).toEqual({ page: 1, pageSize: 10, pageCount: 1, total: 2 });
    expect(amounts.body.meta.totals).toMatchObject(expectedTotals);
    const byDescription = Object.fromEntries(amounts.body.results.map((x: { contractLine: { description: string } }) => [x.contractLine.description, x]));
    expect(byDescription.Rent).toMatchObject({
      contract: { documentId: contract.documentId, reference: 'CTR-LIFE-1', name: 'Office Keizersgracht' },
      contractLine: { documentId: lines[0].documentId, description: 'Rent' },
      debtor: { documentId: debtor.documentId, reference: 'DEB-JANSEN', name: 'Jansen BV' },
      periodStart: '2026-01-01',
      periodEnd: '2026-03-31',
      quantity: '1',
      unitPrice: '1200',
      net: '1200.00',
      vatRate: '21',
      vat: '252.00',
      gross: '1452.00',
      currency: 'EUR',
    });
    expect(byDescription.Rent.description).toContain('Rent');
    expect(byDescription.Parking).toMatchObject({ quantity: '2', net: '100.00', vatRate: '9', vat: '9.00', gross: '109.00' });

    // 6. Delete amounts (e.g. a contract changed) and generate again.
    const deleted = await a.del(`/runs/${id}/amounts`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toMatchObject({ status: 'submitted', totals: { amounts: 0, net: ZERO } });
    const empty = await a.get(`/runs/${id}/amounts`);
    expect(empty.body.pagination.total).toBe(0);
    expect(empty.body.meta.totals).toMatchObject({ amounts: 0 });

    expect((await a.post(`/runs/${id}/amounts/generate`)).status).toBe(202);
    job = await waitForJob(app, admin, id);
    expect(job.summary).toMatchObject({ created: 2, alreadyInvoiced: 0 });
    expect((await getRun(app, admin, id)).totals).toMatchObject(expectedTotals);

    // 7. The reviewer approves.
    const approved = await api(app, reviewer).post(`/runs/${id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({ status: 'approved', approvedBy: reviewer.id });
    expect(Number.isNaN(Date.parse(approved.body.data.approvedAt))).toBe(false);

    // 8. Invoices tab → Generate.
    const invoicing = await a.post(`/runs/${id}/invoices/generate`);
    expect(invoicing.status).toBe(202);
    expect(invoicing.body.data).toMatchObject({ type: 'invoices' });
    job = await waitForJob(app, admin, id);
    expect(job).toMatchObject({ type: 'invoices', state: 'succeeded', summary: { created: 1 } });
    run = await getRun(app, admin, id);
    expect(run).toMatchObject({ status: 'invoices_generated', totals: { ...expectedTotals, invoices: 1 } });

    // The invoice list and one invoice with its lines.
    const invoices = await a.get(`/runs/${id}/invoices`);
    expect(invoices.status).toBe(200);
    expect(invoices.body.pagination.total).toBe(1);
    const [invoice] = invoices.body.results;
    expect(invoice).toMatchObject({
      number: '2026-000001',
      name: 'Service charges - Office Keizersgracht - Jansen BV',
      debtor: { documentId: debtor.documentId, name: 'Jansen BV' },
      contract: { documentId: contract.documentId, reference: 'CTR-LIFE-1' },
      category: { name: 'Service charges' },
      invoiceDate: '2026-01-05',
      dueDate: '2026-01-19',
      currency: 'EUR',
      net: '1300.00',
      vat: '261.00',
      gross: '1561.00',
      status: 'open',
    });
    const detail = await a.get(`/invoices/${invoice.documentId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.data.lines).toHaveLength(2);
    const lineNets = detail.body.data.lines.map((l: { net: string; vat: string; gross: string; periodStart: string; periodEnd: string }) => [
      l.net,
      l.vat,
      l.gross,
      l.periodStart,
      l.periodEnd,
    ]);
    expect(lineNets.sort()).toEqual([
      ['100.00', '9.00', '109.00', '2026-01-01', '2026-03-31'],
      ['1200.00', '252.00', '1452.00', '2026-01-01', '2026-03-31'],
    ]);

    // The audit trail: every transition with its actor.
    const events = await runEvents(app, admin, id);
    expect(events.map((e) => [e.action, e.from, e.to, e.actor])).toEqual([
      ['create', null, 'draft', admin.id],
      ['hold', 'draft', 'on_hold', admin.id],
      ['activate', 'on_hold', 'submitted', admin.id],
      ['generate_amounts', 'submitted', 'submitted', admin.id],
      ['complete_amounts', 'submitted', 'amounts_generated', admin.id],
      ['delete_amounts', 'amounts_generated', 'submitted', admin.id],
      ['generate_amounts', 'submitted', 'submitted', admin.id],
      ['complete_amounts', 'submitted', 'amounts_generated', admin.id],
      ['approve', 'amounts_generated', 'approved', reviewer.id],
      ['generate_invoices', 'approved', 'approved', admin.id],
      ['complete_invoices', 'approved', 'invoices_generated', admin.id],
    ]);
    for (const e of events) expect(Number.isNaN(Date.parse(e.at))).toBe(false);
    expect(events.find((e) => e.action === 'approve')!.actorName).toContain('reviewer');

    // The other runs of the schedule are untouched.
    const rest = (await a.get(`/schedules/${created.body.data.documentId}`)).body.data.runs;
    expect(rest.map((r: { status: string }) => r.status)).toEqual(['invoices_generated', 'on_hold', 'on_hold', 'on_hold']);
  });

  test('cancel removes the amounts of a run', async () => {
    const debtor = await createDebtor(app.strapi, { name: 'Cancel BV' });
    await createContract(app.strapi, { debtor, invoiceCycle: 'half_yearly', lines: [{ unitPrice: '600.00' }] });
    const id = await runInStatus(app, admin, 'amounts_generated', adHocRun({ name: 'To cancel', cycle: 'half_yearly', periodStart: '2026-01-01', periodEnd: '2026-06-30' }));
    expect((await getRun(app, admin, id)).totals).toMatchObject({ amounts: 1, net: '600.00' });
    const res = await a.post(`/runs/${id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'cancelled', totals: { amounts: 0, net: ZERO } });
    expect((await a.get(`/runs/${id}/amounts`)).body.pagination.total).toBe(0);
    const last = (await runEvents(app, admin, id)).pop();
    expect(last).toMatchObject({ action: 'cancel', from: 'amounts_generated', to: 'cancelled', actor: admin.id });

    // Its period is free again: a new run of the same period gets the amount.
    const again = await runInStatus(app, admin, 'amounts_generated', adHocRun({ name: 'Redo', cycle: 'half_yearly', periodStart: '2026-01-01', periodEnd: '2026-06-30' }));
    expect((await getRun(app, admin, again)).totals).toMatchObject({ amounts: 1, net: '600.00' });
  });
});
