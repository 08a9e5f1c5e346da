import { bootStrapi, login, type TestApp } from '../helpers/strapi';

const env = {
  INVOICING_DEMO_DATA: 'true',
  DEMO_ADMIN_EMAIL: 'demo-admin@invoicing.test',
  DEMO_ADMIN_PASSWORD: 'Demo-password-1',
};

const counts = async (app: TestApp) => {
  const q = (uid: string) => app.strapi.db.query(uid as never).count({});
  return {
    categories: await q('plugin::invoicing.invoice-category'),
    debtors: await q('plugin::invoicing.debtor'),
    contracts: await q('plugin::invoicing.contract'),
    lines: await q('plugin::invoicing.contract-line'),
    admins: await q('admin::user'),
  };
};

describe('playground demo data', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await bootStrapi({ env });
  });

  afterAll(async () => {
    await app?.stop();
  });

  test('seeds admins, categories, debtors and at least 300 contracts over every cycle', async () => {
    const c = await counts(app);
    expect(c.contracts).toBeGreaterThanOrEqual(300);
    expect(c.lines).toBeGreaterThan(c.contracts);
    expect(c.debtors).toBeGreaterThan(0);
    expect(c.categories).toBeGreaterThan(0);

    const contracts = await app.strapi.db.query('plugin::invoicing.contract').findMany({
      select: ['invoiceCycle', 'status', 'currency', 'startDate', 'endDate'],
    });
    const cycles = new Set(contracts.map((x: { invoiceCycle: string }) => x.invoiceCycle));
    expect([...cycles].sort()).toEqual(['four_weekly', 'half_yearly', 'monthly', 'quarterly', 'weekly', 'yearly']);
    expect(contracts.filter((x: { status: string }) => x.status === 'terminated')).toHaveLength(1);
    expect(contracts.filter((x: { currency: string }) => x.currency === 'JPY')).toHaveLength(1);
    expect(contracts.some((x: { startDate: string }) => !x.startDate.endsWith('-01'))).toBe(true);
    expect(contracts.some((x: { endDate: string | null }) => x.endDate !== null)).toBe(true);

    const line = await app.strapi.db.query('plugin::invoicing.contract-line').findOne({ where: { unitPrice: '-15' } });
    expect(line).toMatchObject({ unitPrice: '-15', quantity: '1', vatRate: '21' });

    // e-invoicing (DESIGN §18): companies have a Peppol id, some take e-invoices; categories their ledger accounts
    const debtors = (await app.strapi.db.query('plugin::invoicing.debtor').findMany({ select: ['electronicAddress', 'deliveryChannel'] })) as Array<{
      electronicAddress: string | null;
      deliveryChannel: string;
    }>;
    expect(debtors.filter((d) => d.electronicAddress?.startsWith('0106:')).length).toBeGreaterThan(10);
    expect(debtors.filter((d) => d.deliveryChannel === 'peppol_file').length).toBeGreaterThan(0);
    expect(debtors.every((d) => d.deliveryChannel !== 'peppol_file' || d.electronicAddress)).toBe(true);
    const rent = await app.strapi.db.query('plugin::invoicing.invoice-category').findOne({ where: { name: 'Rent' } });
    expect(rent).toMatchObject({ ledgerAccount: '8010' });
  });

  test('the demo admin (from DEMO_ADMIN_*) and the reviewer can log in', async () => {
    const token = await login(app, env.DEMO_ADMIN_EMAIL, env.DEMO_ADMIN_PASSWORD);
    const settings = await app.request.get('/invoicing/settings').set('Authorization', `Bearer ${token}`);
    expect(settings.status).toBe(200);
    // The demo seller, valid by the settings' own rules, so the demo invoices' documents show one.
    expect(settings.body.data.seller).toMatchObject({ legalName: 'Woonstichting De Linde', countryCode: 'NL', iban: 'NL91ABNA0417164300', defaultLanguage: 'nl' });

    const reviewerToken = await login(app, 'reviewer@example.com', env.DEMO_ADMIN_PASSWORD);
    const me = await app.request.get('/admin/users/me').set('Authorization', `Bearer ${reviewerToken}`);
    expect(me.body.data.roles.map((r: { name: string }) => r.name)).toEqual(['Invoice run reviewer']);
  });

  test('a second start adds nothing', async () => {
    const before = await counts(app);
    const { dbFile } = app;
    // An edited seller is kept: the demo seller is set only while the seller has no legal name.
    const token = await login(app, env.DEMO_ADMIN_EMAIL, env.DEMO_ADMIN_PASSWORD);
    const current = (await app.request.get('/invoicing/settings').set('Authorization', `Bearer ${token}`)).body.data;
    const edited = await app.request
      .put('/invoicing/settings')
      .set('Authorization', `Bearer ${token}`)
      .send({ seller: { ...current.seller, legalName: 'Edited B.V.' } });
    expect(edited.status).toBe(200);
    await app.stop({ keepDatabase: true });
    app = await bootStrapi({ dbFile, env });
    expect(await counts(app)).toEqual(before);
    const again = await app.request.get('/invoicing/settings').set('Authorization', `Bearer ${await login(app, env.DEMO_ADMIN_EMAIL, env.DEMO_ADMIN_PASSWORD)}`);
    expect(again.body.data.seller.legalName).toBe('Edited B.V.');
  });
});
