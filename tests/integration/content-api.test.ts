import type { Test } from 'supertest';
import type { TestApp, TestUser } from '../helpers/strapi';
import { createCategory, createContract, createDebtor, monthRun, scheduleBody } from '../helpers/fixtures';
import { expectStatus, runInStatus, type Api, type Json } from '../helpers/runs';
import { pluginSnapshot } from '../helpers/checksum';
import { bootForFile } from '../helpers/suite';
import { ADMIN_ROUTES } from '../../server/src/routes/admin';

/**
 * The content API (`/api`, users-permissions) exposes nothing of the plugin by default: the plugin
 * registers admin routes only, so none of its content types or endpoints is reachable for the public
 * role or an authenticated users-permissions user, not even when their role is given permissions on
 * the plugin's types. The control: users-permissions' own /api/users IS reachable once permitted, and
 * /api/users/me for the authenticated user, so the probes below are able to see an exposed route.
 */

const UP_ROLE = 'plugin::users-permissions.role';
const UP_PERMISSION = 'plugin::users-permissions.permission';

describe('the content API exposes nothing of the plugin', () => {
  let app: TestApp;
  let admin: TestUser;
  let a: Api;
  let upAuth: string;
  let publicRoleId: number;
  let authenticatedRoleId: number;
  /** `plugin::invoicing.<name>` → pluralName, singularName and the documentId of one real row */
  let types: Array<{ uid: string; plural: string; singular: string; documentId: string | null }>;
  /** the plugin's admin GET paths with real ids (what a client might try under /api) */
  let adminGetPaths: string[];

  bootForFile(
    async (booted) => {
      ({ app, admin, a } = booted);
      // a row in every table
      const category = await createCategory(app.strapi, 'Content API category');
      const debtor = await createDebtor(app.strapi, { name: 'Content API BV' });
      await createContract(app.strapi, { debtor, invoiceCycle: 'monthly', startDate: '2025-01-01', lines: [{ unitPrice: '10.00' }] });
      expectStatus(await a.post('/schedules', scheduleBody({}, { invoiceCategory: category.documentId })), 201, 'POST /schedules');
      const run = await runInStatus(app, admin, 'invoices_generated', monthRun(2025, 1));
      const invoice = (await a.get(`/runs/${run}/invoices`)).body.results[0].documentId as string;
      const schedule = (await a.get(`/runs/${run}`)).body.data.schedule.documentId as string;

      types = [];
      for (const [uid, ct] of Object.entries(app.strapi.contentTypes as Record<string, Json>)) {
        if (!uid.startsWith('plugin::invoicing.')) continue;
        const row = await app.strapi.db.query(uid as never).findOne({ select: ['documentId'] });
        types.push({ uid, plural: ct.info.pluralName, singular: ct.info.singularName, documentId: row?.documentId ?? null });
      }
      adminGetPaths = ADMIN_ROUTES.filter((r) => r.method === 'GET').map((r) =>
        r.path.replace(/^\/invoices\/:id/, `/invoices/${invoice}`).replace(/^\/schedules\/:id/, `/schedules/${schedule}`).replace(':id', run),
      );

      const roles = app.strapi.db.query(UP_ROLE as never);
      publicRoleId = (await roles.findOne({ where: { type: 'public' } })).id;
      authenticatedRoleId = (await roles.findOne({ where: { type: 'authenticated' } })).id;

      // an authenticated users-permissions user, registered as a front-end user would be
      const registered = await app.request
        .post('/api/auth/local/register')
        .send({ username: 'frontend', email: 'frontend@invoicing.test', password: 'Frontend-password-1' });
      expectStatus(registered, 200, 'POST /api/auth/local/register');
      upAuth = `Bearer ${registered.body.jwt}`;
    },
    { env: { INVOICING_WORKER_ENABLED: 'false' } },
  );

  /** Every /api path a client could try for the plugin, with real documentIds. */
  const probes = (): string[] => {
    const paths = new Set<string>(['/api/invoicing', '/api/invoicing/', '/api/plugin-invoicing']);
    for (const t of types) {
      for (const name of [t.plural, t.singular]) {
        paths.add(`/api/${name}`);
        paths.add(`/api/invoicing/${name}`);
        if (t.documentId) {
          paths.add(`/api/${name}/${t.documentId}`);
          paths.add(`/api/invoicing/${name}/${t.documentId}`);
        }
      }
    }
    for (const p of adminGetPaths) paths.add(`/api/invoicing${p}`);
    return [...paths];
  };

  const get = (path: string, auth: string | null): Test => {
    const req = app.request.get(path);
    return auth ? req.set('Authorization', auth) : req;
  };

  test('the plugin registers admin routes only: no content-api router and no /api route', async () => {
    const routers = app.strapi.plugin('invoicing').routes as unknown as Record<string, { type?: string; routes: unknown[] }>;
    expect(Object.keys(routers)).toEqual(['admin']);
    expect(Object.values(routers).map((r) => r.type)).toEqual(['admin']);

    const routesMap = (await (app.strapi as Json).contentAPI.getRoutesMap()) as Record<string, unknown[]>;
    expect(Object.keys(routesMap).filter((k) => k.includes('invoicing'))).toEqual([]);
    // the control: users-permissions does have content-api routes, so the map is not simply empty
    expect(routesMap['plugin::users-permissions']?.length).toBeGreaterThan(0);

    const apiPaths = app.strapi.server.api('content-api').listRoutes().map((l) => l.path);
    expect(apiPaths.some((p) => p.startsWith('/api/users'))).toBe(true);
    expect(apiPaths.filter((p) => /invoic|contract|debtor|amount|schedule|run/i.test(p))).toEqual([]);
  });

  test('Settings → Users & Permissions offers no invoicing action for the content API', async () => {
    const res = await app.request.get('/users-permissions/permissions').set('Authorization', admin.auth);
    expect(res.status).toBe(200);
    const sections = Object.keys(res.body.permissions);
    expect(sections).toContain('plugin::users-permissions');
    expect(sections.filter((s) => s.includes('invoicing'))).toEqual([]);
  });

  test('the public role gets 404 for every plugin path under /api (and the control route answers 403 until permitted)', async () => {
    const answers: Array<[string, number]> = [];
    for (const path of probes()) answers.push([path, (await get(path, null)).status]);
    expect(answers.length).toBeGreaterThan(40);
    expect(answers.filter(([, status]) => status !== 404)).toEqual([]);

    const res = await get('/api/contracts', null);
    expect(res.body).toMatchObject({ data: null, error: { status: 404 } });
    // an existing content-api route that is not permitted answers 403, not 404
    expect((await get('/api/users', null)).status).toBe(403);
  });

  test('an authenticated users-permissions user gets 404 for every plugin path under /api, and 401 on the admin routes', async () => {
    // the control: this token works on the content API
    const me = await get('/api/users/me', upAuth);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('frontend@invoicing.test');

    const answers: Array<[string, number]> = [];
    for (const path of probes()) answers.push([path, (await get(path, upAuth)).status]);
    expect(answers.filter(([, status]) => status !== 404)).toEqual([]);

    // a users-permissions token is no admin token
    for (const p of adminGetPaths) expect([p, (await get(`/invoicing${p}`, upAuth)).status]).toEqual([p, 401]);
  });

  test('even with permissions on the plugin’s types granted to public and authenticated, nothing is reachable; users-permissions’ own route is (the check can see an exposed route)', async () => {
    const perms = app.strapi.db.query(UP_PERMISSION as never);
    const actions = types.flatMap((t) => ['find', 'findOne', 'create', 'update', 'delete'].map((op) => `${t.uid}.${op}`));
    for (const role of [publicRoleId, authenticatedRoleId]) {
      for (const action of [...actions, 'plugin::users-permissions.user.find']) await perms.create({ data: { action, role } });
    }

    // the control: once permitted, /api/users answers 200 for the public role
    const users = await get('/api/users', null);
    expect(users.status).toBe(200);
    expect(users.body.map((u: { email: string }) => u.email)).toContain('frontend@invoicing.test');

    const before = await pluginSnapshot(app.strapi);
    for (const auth of [null, upAuth]) {
      const answers: Array<[string, number]> = [];
      for (const path of probes()) answers.push([path, (await get(path, auth)).status]);
      expect(answers.filter(([, status]) => status !== 404)).toEqual([]);

      // writes through the content API do not exist either
      const writes: Array<[string, number]> = [];
      for (const t of types) {
        const withAuth = <T extends Test>(req: T): T => (auth ? (req.set('Authorization', auth) as T) : req);
        writes.push([`POST /api/${t.plural}`, (await withAuth(app.request.post(`/api/${t.plural}`)).send({ data: { name: 'x', reference: 'X-1' } })).status]);
        if (t.documentId) {
          writes.push([`PUT /api/${t.plural}/:id`, (await withAuth(app.request.put(`/api/${t.plural}/${t.documentId}`)).send({ data: { name: 'x' } })).status]);
          writes.push([`DELETE /api/${t.plural}/:id`, (await withAuth(app.request.delete(`/api/${t.plural}/${t.documentId}`))).status]);
        }
      }
      expect(writes.length).toBeGreaterThan(20);
      expect(writes.filter(([, status]) => status !== 404 && status !== 405)).toEqual([]);
    }
    expect(await pluginSnapshot(app.strapi)).toEqual(before);
  });
});
