import { createRole, createUser, type TestApp, type TestUser } from '../helpers/strapi';
import { adHocRun, createContract, createDebtor, scheduleBody } from '../helpers/fixtures';
import { api, getRun, jobRows, runEvents, runInStatus, waitForJob } from '../helpers/runs';
import { ADMIN_ROUTES } from '../../server/src/routes/admin';
import { PERMISSIONS } from '../../shared/permissions';
import { bootForFile } from '../helpers/suite';

const ALL_BUT_APPROVE = Object.values(PERMISSIONS).filter((p) => p !== PERMISSIONS.runsApprove);

/** Admin permissions on the run and schedule routes (DESIGN §10), and the four-eyes option (§4). */
describe('permissions on schedules and runs', () => {
  let app: TestApp;
  let admin: TestUser;
  let operator: TestUser; // every invoicing action except approve
  let reviewer: TestUser; // the bootstrap role "Invoice run reviewer"
  let reviewer2: TestUser;
  let reader: TestUser; // read only

  bootForFile(async (booted) => {
    ({ app, admin } = booted);
    const operatorRole = await createRole(app.strapi, 'Invoicing operator', ALL_BUT_APPROVE);
    const readerRole = await createRole(app.strapi, 'Invoicing reader', [PERMISSIONS.read]);
    const reviewerRole = await app.strapi.db.query('admin::role').findOne({ where: { code: 'invoicing-run-reviewer' } });
    expect(reviewerRole).toMatchObject({ name: 'Invoice run reviewer' });
    operator = await createUser(app, [operatorRole.id], 'operator');
    reader = await createUser(app, [readerRole.id], 'reader');
    reviewer = await createUser(app, [reviewerRole.id], 'reviewer');
    reviewer2 = await createUser(app, [reviewerRole.id], 'reviewer');

    // One contract so that runs have real amounts.
    const debtor = await createDebtor(app.strapi, { name: 'Perm BV' });
    await createContract(app.strapi, { debtor, invoiceCycle: 'monthly', lines: [{ unitPrice: '10.00' }] });
  });

  /** A fresh run (ad hoc, distinct period so duplicate protection never interferes) in a status. */
  let month = 0;
  const freshRun = async (status: string, user: TestUser = admin) => {
    month += 1;
    const start = new Date(Date.UTC(2030, month - 1, 1));
    const end = new Date(Date.UTC(2030, month, 0));
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    return runInStatus(app, user, status, adHocRun({ name: `Perm ${month}`, periodStart: iso(start), periodEnd: iso(end) }));
  };

  /** Answers of every schedule/run route for a user (placeholders for ids), keyed "METHOD path". */
  async function callAll(user: TestUser | null, ids: { run: string; schedule: string; invoice: string; creditNote?: string }) {
    const a = api(app, user);
    const out: Record<string, number> = {};
    for (const route of ADMIN_ROUTES) {
      if (route.path.startsWith('/settings') || route.path.startsWith('/contracts')) continue;
      const path = route.path
        .replace(/^\/invoices\/:id/, `/invoices/${ids.invoice}`)
        .replace(/^\/credit-notes\/:id/, `/credit-notes/${ids.creditNote ?? 'x'}`)
        .replace(/^\/schedules\/:id/, `/schedules/${ids.schedule}`)
        .replace(/:id/, ids.run);
      const body = route.path === '/schedules' || route.path === '/schedules/:id' ? scheduleBody() : route.path === '/runs' ? adHocRun() : {};
      // the journal export needs its period (without one it answers 400)
      const query = route.path === '/exports/journal' ? { from: '2030-01-01', to: '2030-12-31' } : {};
      const res =
        route.method === 'GET'
          ? await a.get(path, query)
          : route.method === 'POST'
            ? await a.post(path, body)
            : route.method === 'PUT'
              ? await a.put(path, body)
              : await a.del(path);
      out[`${route.method} ${route.path}`] = res.status;
    }
    return out;
  }

  test('without a token every route answers 401 and nothing changes', async () => {
    const run = await freshRun('amounts_generated');
    const eventsBefore = await runEvents(app, admin, run);
    const statuses = await callAll(null, { run, schedule: 'x', invoice: 'x' });
    expect(Object.keys(statuses).length).toBeGreaterThanOrEqual(20);
    for (const [route, status] of Object.entries(statuses)) expect([route, status]).toEqual([route, 401]);
    const res = await api(app, null).post(`/runs/${run}/approve`);
    expect(res.body).toMatchObject({ data: null, error: { status: 401, name: 'UnauthorizedError' } });
    expect(await runEvents(app, admin, run)).toEqual(eventsBefore);
    expect((await getRun(app, admin, run)).status).toBe('amounts_generated');
  });

  test('a read-only role can GET every list and entity, but every POST, PUT and DELETE answers 403', async () => {
    const run = await freshRun('amounts_generated');
    const done = await freshRun('invoices_generated');
    const invoice = (await api(app, admin).get(`/runs/${done}/invoices`)).body.results[0].documentId;
    const schedule = (await getRun(app, admin, run)).schedule.documentId;
    // a credit note of a second invoice (the reader's POST /invoices/:id/credit must find a line to refuse)
    const credited = await api(app, admin).post(`/invoices/${(await api(app, admin).get(`/runs/${await freshRun('invoices_generated')}/invoices`)).body.results[0].documentId}/credit`, { reason: 'Permissions' });
    expect(credited.status).toBe(201);
    const creditNote = credited.body.data.documentId as string;
    const eventsBefore = await runEvents(app, admin, run);
    const schedulesBefore = (await api(app, admin).get('/schedules', { pageSize: 1 })).body.pagination.total;

    const statuses = await callAll(reader, { run, schedule, invoice, creditNote });
    for (const route of ADMIN_ROUTES) {
      const key = `${route.method} ${route.path}`;
      if (!(key in statuses)) continue;
      // a document's e-invoice passes the permission; these debtors have no electronic address, so it is the e-invoice's own 409
      const readable = /^\/(invoices|credit-notes)\/:id\/ubl$/.test(route.path) ? 409 : 200;
      expect([key, statuses[key]]).toEqual([key, route.method === 'GET' ? readable : 403]);
    }
    const refused = await api(app, reader).post(`/runs/${run}/approve`);
    expect(refused.body).toMatchObject({ data: null, error: { status: 403, name: 'PolicyError' } });

    expect(await runEvents(app, admin, run)).toEqual(eventsBefore);
    expect((await getRun(app, admin, run)).status).toBe('amounts_generated');
    expect((await api(app, admin).get('/schedules', { pageSize: 1 })).body.pagination.total).toBe(schedulesBefore);
  });

  test('a role without plugin::invoicing.runs.approve gets 403 on approve, but may do everything else', async () => {
    const run = await freshRun('submitted', operator);
    const o = api(app, operator);
    expect((await o.post(`/runs/${run}/amounts/generate`)).status).toBe(202);
    await waitForJob(app, operator, run);
    const eventsBefore = await runEvents(app, admin, run);

    const res = await o.post(`/runs/${run}/approve`);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ data: null, error: { status: 403, name: 'PolicyError' } });
    expect((await getRun(app, admin, run)).status).toBe('amounts_generated');
    expect(await runEvents(app, admin, run)).toEqual(eventsBefore);

    // Delete amounts and cancel are the operator's.
    expect((await o.del(`/runs/${run}/amounts`)).status).toBe(200);
    expect((await o.post(`/runs/${run}/cancel`)).status).toBe(200);
    // Schedules too.
    const s = await o.post('/schedules', scheduleBody());
    expect(s.status).toBe(201);
    expect((await o.post(`/schedules/${s.body.data.documentId}/generate-runs`)).status).toBe(201);
  });

  test('the reviewer can read and approve, but gets 403 on generating amounts or invoices and on the other actions', async () => {
    const r = api(app, reviewer);
    const run = await freshRun('amounts_generated');
    const onHold = await freshRun('on_hold');

    for (const [res, what] of [
      [await r.post(`/runs/${onHold}/activate`), 'activate'],
      [await r.post(`/runs/${run}/amounts/generate`), 'generate amounts'],
      [await r.del(`/runs/${run}/amounts`), 'delete amounts'],
      [await r.post(`/runs/${run}/cancel`), 'cancel'],
      [await r.post('/runs', adHocRun()), 'ad hoc run'],
      [await r.post('/schedules', scheduleBody()), 'schedule'],
    ] as const) {
      expect([what, res.status]).toEqual([what, 403]);
    }
    expect((await getRun(app, admin, onHold)).status).toBe('on_hold');
    expect((await r.get(`/runs/${run}`)).status).toBe(200);
    expect((await r.get(`/runs/${run}/amounts`)).status).toBe(200);

    const approved = await r.post(`/runs/${run}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({ status: 'approved', approvedBy: reviewer.id });

    const jobsBefore = await jobRows(app.strapi, run);
    const gen = await r.post(`/runs/${run}/invoices/generate`);
    expect(gen.status).toBe(403);
    expect(await jobRows(app.strapi, run)).toEqual(jobsBefore);
    expect((await getRun(app, admin, run)).status).toBe('approved');
  });

  describe('four-eyes (requireDifferentApprover)', () => {
    afterAll(async () => {
      await api(app, admin).put('/settings', { requireDifferentApprover: false });
    });

    test('off (default): the admin who generated the amounts may approve them', async () => {
      const run = await freshRun('amounts_generated');
      const res = await api(app, admin).post(`/runs/${run}/approve`);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ approvedBy: admin.id, amountsGeneratedBy: admin.id });
    });

    test('on: the admin who generated the amounts gets 403, another reviewer succeeds', async () => {
      const put = await api(app, admin).put('/settings', { requireDifferentApprover: true });
      expect(put.status).toBe(200);
      expect(put.body.data.requireDifferentApprover).toBe(true);

      const run = await freshRun('amounts_generated');
      expect((await getRun(app, admin, run)).amountsGeneratedBy).toBe(admin.id);
      const eventsBefore = await runEvents(app, admin, run);

      const refused = await api(app, admin).post(`/runs/${run}/approve`);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ data: null, error: { status: 403 } });
      expect(refused.body.error.message).toMatch(/another reviewer/i);
      expect((await getRun(app, admin, run)).status).toBe('amounts_generated');
      expect(await runEvents(app, admin, run)).toEqual(eventsBefore);

      const ok = await api(app, reviewer2).post(`/runs/${run}/approve`);
      expect(ok.status).toBe(200);
      expect(ok.body.data).toMatchObject({ status: 'approved', approvedBy: reviewer2.id, amountsGeneratedBy: admin.id });
      const last = (await runEvents(app, admin, run)).pop();
      expect(last).toMatchObject({ action: 'approve', actor: reviewer2.id });
    });

    test('on: it is who generated the latest amounts that counts (after delete and regenerate by another admin)', async () => {
      const run = await freshRun('amounts_generated');
      expect((await api(app, admin).del(`/runs/${run}/amounts`)).status).toBe(200);
      expect((await api(app, operator).post(`/runs/${run}/amounts/generate`)).status).toBe(202);
      await waitForJob(app, operator, run);
      expect((await getRun(app, admin, run)).amountsGeneratedBy).toBe(operator.id);
      const res = await api(app, admin).post(`/runs/${run}/approve`);
      expect(res.status).toBe(200);
      expect(res.body.data.approvedBy).toBe(admin.id);
    });
  });
});
