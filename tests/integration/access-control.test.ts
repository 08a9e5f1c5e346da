import type { Test } from 'supertest';
import { createRole, createUser, type TestApp, type TestUser } from '../helpers/strapi';
import { adHocRun, createContract, createDebtor, monthRun, scheduleBody } from '../helpers/fixtures';
import { expectStatus, runInStatus, type Api, type Json } from '../helpers/runs';
import { pluginSnapshot, type PluginSnapshot } from '../helpers/checksum';
import { bootForFile } from '../helpers/suite';
import { removeArchivedDocuments } from '../helpers/documents';
import { ADMIN_ROUTES, type AdminRouteSpec } from '../../server/src/routes/admin';
import { PERMISSIONS } from '../../shared/permissions';

/**
 * Access control generated from the route table itself (DESIGN §10): for every admin route, no token
 * answers 401; a role holding every plugin action except the route's answers 403; a role holding only
 * the route's action gets through. The table must list every route Strapi registered for the plugin.
 */

const ALL_ACTIONS: string[] = Object.values(PERMISSIONS);
const key = (r: Pick<AdminRouteSpec, 'method' | 'path'>) => `${r.method} ${r.path}`;

/** What a permitted call of a route sends and answers (ids filled in at run time). */
interface Control {
  path: string;
  body?: unknown;
  status: number;
}

describe('access control of every admin route (generated from ADMIN_ROUTES)', () => {
  let app: TestApp;
  let a: Api;
  const allBut = new Map<string, TestUser>();
  const only = new Map<string, TestUser>();
  let controls: Record<string, Control>;
  let before: PluginSnapshot;

  // The documents the permitted calls archive are removed before the app stops (hooks run in order).
  afterAll(async () => {
    if (app) await removeArchivedDocuments(app);
  });

  bootForFile(
    async (booted) => {
      ({ app, a } = booted);
      const { admin } = booted;

      for (const action of ALL_ACTIONS) {
        const short = action.replace('plugin::invoicing.', '');
        const without = await createRole(app.strapi, `All but ${short}`, ALL_ACTIONS.filter((x) => x !== action));
        const with1 = await createRole(app.strapi, `Only ${short}`, [action]);
        allBut.set(action, await createUser(app, [without.id], `allbut-${short}`));
        only.set(action, await createUser(app, [with1.id], `only-${short}`));
      }

      // Real entities for every :id, each in the status its permitted call needs.
      const debtor = await createDebtor(app.strapi, { name: 'Access BV' });
      await createContract(app.strapi, { debtor, invoiceCycle: 'monthly', startDate: '2024-01-01', lines: [{ unitPrice: '10.00' }] });
      const made = await a.post('/schedules', scheduleBody({ numberOfRuns: 2 }));
      expectStatus(made, 201, 'POST /schedules');
      const schedule = made.body.data.documentId as string;
      const doomed = await a.post('/schedules', scheduleBody({ name: 'To be deleted' }));
      expectStatus(doomed, 201, 'POST /schedules');

      const onHold = await runInStatus(app, admin, 'on_hold', monthRun(2025, 1));
      const toCancel = await runInStatus(app, admin, 'on_hold', monthRun(2025, 2));
      const submitted = await runInStatus(app, admin, 'submitted', monthRun(2025, 3));
      const toApprove = await runInStatus(app, admin, 'amounts_generated', monthRun(2025, 4));
      const toDeleteAmounts = await runInStatus(app, admin, 'amounts_generated', monthRun(2025, 5));
      const approved = await runInStatus(app, admin, 'approved', monthRun(2025, 6));
      const invoiced = await runInStatus(app, admin, 'invoices_generated', monthRun(2025, 7));
      // Its own run: a send job would have to wait for the documents job started on `invoiced`.
      const toSend = await runInStatus(app, admin, 'invoices_generated', monthRun(2025, 8));
      const invoices = await a.get(`/runs/${invoiced}/invoices`);
      expectStatus(invoices, 200, 'GET /runs/:id/invoices');
      const invoice = invoices.body.results[0].documentId as string;
      // Credit notes (DESIGN §17): one to read and send, and an invoice left to credit.
      const firstInvoiceOf = async (run: string) => (await a.get(`/runs/${run}/invoices`)).body.results[0].documentId as string;
      const credited = await a.post(`/invoices/${await firstInvoiceOf(await runInStatus(app, admin, 'invoices_generated', monthRun(2025, 9)))}/credit`, { reason: 'Access control' });
      expectStatus(credited, 201, 'POST /invoices/:id/credit');
      const creditNote = credited.body.data.documentId as string;
      const toCredit = await firstInvoiceOf(await runInStatus(app, admin, 'invoices_generated', monthRun(2025, 10)));

      controls = {
        'GET /settings': { path: '/settings', status: 200 },
        'PUT /settings': { path: '/settings', body: { activationDaysBefore: 6 }, status: 200 },
        'GET /schedules': { path: '/schedules', status: 200 },
        'POST /schedules': { path: '/schedules', body: scheduleBody({ name: 'Permitted' }), status: 201 },
        'GET /schedules/:id': { path: `/schedules/${schedule}`, status: 200 },
        'PUT /schedules/:id': { path: `/schedules/${schedule}`, body: scheduleBody({ name: 'Renamed', numberOfRuns: 3 }), status: 200 },
        'DELETE /schedules/:id': { path: `/schedules/${doomed.body.data.documentId}`, status: 200 },
        'POST /schedules/:id/generate-runs': { path: `/schedules/${schedule}/generate-runs`, status: 201 },
        'GET /runs': { path: '/runs', status: 200 },
        'POST /runs': { path: '/runs', body: adHocRun({ name: 'Permitted ad hoc' }), status: 201 },
        'GET /runs/:id': { path: `/runs/${onHold}`, status: 200 },
        'POST /runs/:id/activate': { path: `/runs/${onHold}/activate`, status: 200 },
        'POST /runs/:id/approve': { path: `/runs/${toApprove}/approve`, status: 200 },
        'POST /runs/:id/cancel': { path: `/runs/${toCancel}/cancel`, status: 200 },
        'GET /runs/:id/job': { path: `/runs/${toApprove}/job`, status: 200 },
        'GET /runs/:id/events': { path: `/runs/${toApprove}/events`, status: 200 },
        'POST /runs/:id/amounts/generate': { path: `/runs/${submitted}/amounts/generate`, status: 202 },
        'DELETE /runs/:id/amounts': { path: `/runs/${toDeleteAmounts}/amounts`, status: 200 },
        'GET /runs/:id/amounts': { path: `/runs/${toApprove}/amounts`, status: 200 },
        'GET /runs/:id/amounts/export': { path: `/runs/${toApprove}/amounts/export`, status: 200 },
        'POST /runs/:id/invoices/generate': { path: `/runs/${approved}/invoices/generate`, status: 202 },
        'GET /runs/:id/invoices': { path: `/runs/${invoiced}/invoices`, status: 200 },
        'GET /invoices/:id': { path: `/invoices/${invoice}`, status: 200 },
        'GET /invoices/:id/document': { path: `/invoices/${invoice}/document`, status: 200 },
        'GET /runs/:id/invoices/documents': { path: `/runs/${invoiced}/invoices/documents`, status: 200 },
        // past the policy: these debtors have no electronic address, so the e-invoice itself is a 409
        'GET /invoices/:id/ubl': { path: `/invoices/${invoice}/ubl`, status: 409 },
        'GET /runs/:id/invoices/ubl': { path: `/runs/${invoiced}/invoices/ubl`, status: 200 },
        'POST /runs/:id/documents/prepare': { path: `/runs/${invoiced}/documents/prepare`, status: 202 },
        'POST /runs/:id/invoices/send': { path: `/runs/${toSend}/invoices/send`, status: 202 },
        'POST /invoices/:id/send': { path: `/invoices/${invoice}/send`, status: 200 },
        'POST /invoices/:id/credit': { path: `/invoices/${toCredit}/credit`, body: { reason: 'Permitted credit' }, status: 201 },
        'GET /credit-notes': { path: '/credit-notes', status: 200 },
        'GET /credit-notes/:id': { path: `/credit-notes/${creditNote}`, status: 200 },
        'GET /credit-notes/:id/document': { path: `/credit-notes/${creditNote}/document`, status: 200 },
        'GET /credit-notes/:id/ubl': { path: `/credit-notes/${creditNote}/ubl`, status: 409 },
        'POST /credit-notes/:id/send': { path: `/credit-notes/${creditNote}/send`, status: 200 },
        'GET /exports/journal': { path: '/exports/journal?from=2025-01-01&to=2025-12-31', status: 200 },
        'GET /invoice-categories': { path: '/invoice-categories', status: 200 },
        'POST /contracts/import': { path: '/contracts/import', body: { debtors: [{ reference: 'DEB-ACCESS', name: 'Imported' }] }, status: 200 },
      };
      before = await pluginSnapshot(app.strapi);
    },
    { env: { INVOICING_WORKER_ENABLED: 'false' } },
  );

  const call = (route: AdminRouteSpec, auth: string | null): Test => {
    const control = controls[key(route)];
    const method = route.method === 'DELETE' ? 'delete' : (route.method.toLowerCase() as 'get' | 'post' | 'put');
    let req = app.request[method](`/invoicing${control.path}`);
    if (auth) req = req.set('Authorization', auth);
    return control.body === undefined ? req : req.send(control.body as object);
  };

  const cases = ADMIN_ROUTES.map((route) => [key(route), route] as const);

  describe('the table is complete', () => {
    test('ADMIN_ROUTES lists exactly the routes Strapi registered under /invoicing', () => {
      const registered = new Set<string>();
      for (const layer of app.strapi.server.api('admin').listRoutes()) {
        if (!layer.path.startsWith('/invoicing/')) continue;
        for (const m of layer.methods) if (m !== 'HEAD') registered.add(`${m} ${layer.path.slice('/invoicing'.length)}`);
      }
      expect([...registered].sort()).toEqual(ADMIN_ROUTES.map(key).sort());
      expect(registered.size).toBe(ADMIN_ROUTES.length);

      // nothing of the plugin outside the admin API: no content-api route, and the root router (which
      // mounts the admin API's routes) has no other route under /invoicing
      const adminPaths = new Set(app.strapi.server.api('admin').listRoutes().map((l) => l.path));
      const contentApi = app.strapi.server.api('content-api').listRoutes().filter((l) => /invoic/i.test(l.path));
      expect(contentApi.map((l) => l.path)).toEqual([]);
      const root = app.strapi.server.listRoutes().filter((l) => /invoic/i.test(l.path) && !adminPaths.has(l.path));
      expect(root.map((l) => l.path)).toEqual([]);
    });

    test("the plugin's route declarations are the table, each with isAuthenticatedAdmin and hasPermissions on its action", () => {
      const routers = app.strapi.plugin('invoicing').routes as unknown as Record<string, { type: string; routes: Json[] }>;
      const declared = Object.values(routers).flatMap((r) => r.routes.map((route: Json) => ({ type: r.type, ...route })));
      expect(declared).toHaveLength(ADMIN_ROUTES.length);
      for (const spec of ADMIN_ROUTES) {
        const route = declared.find((d) => d.method === spec.method && d.path === spec.path);
        expect([key(spec), route?.type, route?.handler]).toEqual([key(spec), 'admin', spec.handler]);
        expect([key(spec), route.config.policies]).toEqual([
          key(spec),
          ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [spec.action] } }],
        ]);
      }
    });

    test('every action of the table is a registered admin action, and every plugin action guards a route', () => {
      const provider = (app.strapi.service('admin::permission') as Json).actionProvider;
      for (const action of new Set(ADMIN_ROUTES.map((r) => r.action))) expect([action, Boolean(provider.get(action))]).toEqual([action, true]);
      const registered = (provider.values() as Array<{ actionId: string }>).map((x) => x.actionId).filter((id) => id.startsWith('plugin::invoicing.'));
      expect(registered.sort()).toEqual([...ALL_ACTIONS].sort());
      expect([...new Set(ADMIN_ROUTES.map((r) => r.action))].sort()).toEqual([...ALL_ACTIONS].sort());
    });

    test('every route has a permitted call in this file (a new route needs one)', () => {
      expect(ADMIN_ROUTES.map(key).filter((k) => !controls[k])).toEqual([]);
      expect(Object.keys(controls).sort()).toEqual(ADMIN_ROUTES.map(key).sort());
    });
  });

  describe('refused: nothing is written', () => {
    test.each(cases)('%s without a token answers 401', async (_k, route) => {
      const res = await call(route, null);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ data: null, error: { status: 401, name: 'UnauthorizedError' } });
    });

    test.each(cases)('%s with a forged token answers 401', async (_k, route) => {
      const res = await call(route, 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.c2lnbmF0dXJl');
      expect(res.status).toBe(401);
    });

    test.each(cases)('%s for a role with every plugin action but its own answers 403', async (_k, route) => {
      const user = allBut.get(route.action)!;
      const res = await call(route, user.auth);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ data: null, error: { status: 403, name: 'PolicyError' } });
    });

    test('after every refusal the plugin tables and settings are unchanged', async () => {
      expect(await pluginSnapshot(app.strapi)).toEqual(before);
    });
  });

  describe('permitted: a role with only the route’s action gets through', () => {
    test.each(cases)('%s', async (_k, route) => {
      const user = only.get(route.action)!;
      const res = await call(route, user.auth);
      if (res.status !== controls[key(route)].status) {
        throw new Error(`${key(route)} as "only ${route.action}" answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
      }
      expect([401, 403]).not.toContain(res.status);
    });

    test('the permitted calls did write (the control is real)', async () => {
      const after = await pluginSnapshot(app.strapi);
      expect(after).not.toEqual(before);
      expect(after.invoicing_schedules.rows).toBe(before.invoicing_schedules.rows + 1 /* POST /schedules */ + 1 /* ad hoc */ - 1 /* DELETE */);
      expect((await a.get('/settings')).body.data.activationDaysBefore).toBe(6);
    });
  });
});
