import { EMPTY_SELLER } from '../helpers/seller';
import { bootStrapi, createRole, createSuperAdmin, createUser, login, PASSWORD, type TestApp, type TestUser } from '../helpers/strapi';

const DEFAULTS = {
  activationDaysBefore: 5,
  autoApprove: false,
  autoGenerateAmounts: false,
  autoGenerateInvoices: false,
  requireDifferentApprover: false,
  invoiceNumberPrefix: '',
  creditNotePrefix: 'CN-',
  timezone: 'UTC',
  sendRatePerSecond: 10,
  autoSendInvoices: false,
  defaultLedgerAccount: '8000',
  seller: EMPTY_SELLER,
};

describe('settings API (GET/PUT /invoicing/settings)', () => {
  let app: TestApp;
  let admin: TestUser;
  let reader: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    app = await bootStrapi();
    admin = await createSuperAdmin(app);
    const readerRole = await createRole(app.strapi, 'Settings reader', ['plugin::invoicing.settings.read']);
    const outsiderRole = await createRole(app.strapi, 'No invoicing', ['plugin::invoicing.read']);
    reader = await createUser(app, [readerRole.id], 'reader');
    outsider = await createUser(app, [outsiderRole.id], 'outsider');
  });

  afterAll(async () => {
    await app?.stop();
  });

  test('the plugin is loaded with its content types and routes', () => {
    expect(app.strapi.plugin('invoicing')).toBeDefined();
    expect(app.strapi.contentType('plugin::invoicing.invoice-run')).toBeDefined();
    expect(app.strapi.contentType('plugin::invoicing.contract-line')).toBeDefined();
  });

  test('a super admin reads the defaults', async () => {
    const res = await app.request.get('/invoicing/settings').set('Authorization', admin.auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: DEFAULTS });
  });

  test('without a token the answer is 401', async () => {
    const get = await app.request.get('/invoicing/settings');
    const put = await app.request.put('/invoicing/settings').send({ autoApprove: true });
    expect(get.status).toBe(401);
    expect(put.status).toBe(401);
    expect(get.body.error).toMatchObject({ status: 401, name: 'UnauthorizedError' });
  });

  test('a role without settings.read gets 403 on GET, without settings.update 403 on PUT', async () => {
    const get = await app.request.get('/invoicing/settings').set('Authorization', outsider.auth);
    expect(get.status).toBe(403);
    expect(get.body).toMatchObject({ data: null, error: { status: 403, name: 'PolicyError' } });

    const read = await app.request.get('/invoicing/settings').set('Authorization', reader.auth);
    expect(read.status).toBe(200);
    const put = await app.request.put('/invoicing/settings').set('Authorization', reader.auth).send({ autoApprove: true });
    expect(put.status).toBe(403);

    const after = await app.request.get('/invoicing/settings').set('Authorization', admin.auth);
    expect(after.body.data.autoApprove).toBe(false);
  });

  test.each([
    [{ activationDaysBefore: -1 }, ['activationDaysBefore']],
    [{ activationDaysBefore: 366 }, ['activationDaysBefore']],
    [{ activationDaysBefore: 2.5 }, ['activationDaysBefore']],
    [{ activationDaysBefore: '5' }, ['activationDaysBefore']],
    [{ autoApprove: 'yes' }, ['autoApprove']],
    [{ timezone: 'Mars/Olympus' }, ['timezone']],
    [{ invoiceNumberPrefix: 'x'.repeat(21) }, ['invoiceNumberPrefix']],
    [{ unknownSetting: true }, []],
  ])('%j is refused with 400 naming the field, and nothing is written', async (body, path) => {
    const res = await app.request.put('/invoicing/settings').set('Authorization', admin.auth).send(body);
    expect(res.status).toBe(400);
    expect(res.body.data).toBeNull();
    expect(res.body.error.name).toBe('ValidationError');
    expect(typeof res.body.error.message).toBe('string');
    expect(res.body.error.message.length).toBeGreaterThan(10);
    const paths = res.body.error.details.errors.map((e: { path: string[] }) => e.path);
    if (path.length > 0) expect(paths).toContainEqual(path);
    else expect(res.body.error.details.errors.length).toBeGreaterThan(0);

    const after = await app.request.get('/invoicing/settings').set('Authorization', admin.auth);
    expect(after.body.data).toEqual(DEFAULTS);
  });

  test('a mixed update with one bad field writes nothing', async () => {
    const res = await app.request
      .put('/invoicing/settings')
      .set('Authorization', admin.auth)
      .send({ autoApprove: true, activationDaysBefore: -1 });
    expect(res.status).toBe(400);
    const after = await app.request.get('/invoicing/settings').set('Authorization', admin.auth);
    expect(after.body.data.autoApprove).toBe(false);
  });

  test('a valid update is answered with the whole settings and survives a restart', async () => {
    const change = { activationDaysBefore: 12, autoApprove: true, invoiceNumberPrefix: 'INV-', timezone: 'Europe/Amsterdam' };
    const res = await app.request.put('/invoicing/settings').set('Authorization', admin.auth).send(change);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ ...DEFAULTS, ...change });

    // Restart Strapi on the same database (the SQLite file, or the PostgreSQL/MySQL scratch database).
    const { database } = app;
    await app.stop({ keepDatabase: true });
    app = await bootStrapi({ database });
    const token = await login(app, admin.email, PASSWORD);
    const after = await app.request.get('/invoicing/settings').set('Authorization', `Bearer ${token}`);
    expect(after.status).toBe(200);
    expect(after.body.data).toEqual({ ...DEFAULTS, ...change });
    admin = { ...admin, token, auth: `Bearer ${token}` };
  });
});
