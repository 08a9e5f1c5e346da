import { bootStrapi, createSuperAdmin, type TestApp, type TestUser } from '../helpers/strapi';

/** Contracts, lines, debtors and categories are maintained in the Content Manager, as strictly as the API. */
describe('Content Manager', () => {
  let app: TestApp;
  let admin: TestUser;
  let contractId: string;

  const cm = (uid: string) => `/content-manager/collection-types/${uid}`;

  beforeAll(async () => {
    app = await bootStrapi();
    admin = await createSuperAdmin(app);
    const debtor = await app.request
      .post(cm('plugin::invoicing.debtor'))
      .set('Authorization', admin.auth)
      .send({ reference: 'DEB-1', name: 'Jansen' });
    expect(debtor.status).toBe(201);
    const contract = await app.request
      .post(cm('plugin::invoicing.contract'))
      .set('Authorization', admin.auth)
      .send({
        reference: 'CTR-1',
        name: 'Rent Jansen',
        invoiceCycle: 'monthly',
        startDate: '2026-01-01',
        currency: 'eur',
        debtor: { connect: [{ documentId: debtor.body.data.documentId }] },
      });
    expect(contract.status).toBe(201);
    expect(contract.body.data.currency).toBe('EUR');
    contractId = contract.body.data.documentId;
  });

  afterAll(async () => {
    await app?.stop();
  });

  test('shows contracts, lines, debtors and categories, and hides the plugin-managed types', async () => {
    const res = await app.request.get('/content-manager/content-types').set('Authorization', admin.auth);
    expect(res.status).toBe(200);
    const displayed = Object.fromEntries(
      res.body.data
        .filter((t: { uid: string }) => t.uid.startsWith('plugin::invoicing.'))
        .map((t: { uid: string; isDisplayed: boolean }) => [t.uid.replace('plugin::invoicing.', ''), t.isDisplayed])
    );
    expect(displayed).toMatchObject({
      debtor: true,
      contract: true,
      'contract-line': true,
      'invoice-category': true,
      'invoice-run-schedule': false,
      'invoice-run': false,
      amount: false,
      invoice: false,
      'invoice-line': false,
      job: false,
      'run-event': false,
      sequence: false,
    });
  });

  test('a unit price typed as 1234.50 is stored exactly as a canonical decimal string', async () => {
    const res = await app.request
      .post(cm('plugin::invoicing.contract-line'))
      .set('Authorization', admin.auth)
      .send({
        description: 'Rent',
        unitPrice: '1234.50',
        quantity: '1',
        vatRate: '21',
        contract: { connect: [{ documentId: contractId }] },
      });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ unitPrice: '1234.5', quantity: '1', vatRate: '21' });
    const row = await app.strapi.db
      .query('plugin::invoicing.contract-line')
      .findOne({ where: { documentId: res.body.data.documentId } });
    expect(row.unitPrice).toBe('1234.5');
  });

  test.each([
    [{ unitPrice: 'abc' }, 'unitPrice'],
    [{ unitPrice: '12.3456789' }, 'unitPrice'],
    [{ vatRate: '101' }, 'vatRate'],
    [{ vatRate: '-1' }, 'vatRate'],
    [{ quantity: '-2' }, 'quantity'],
    [{ startDate: '2026-05-01', endDate: '2026-04-30' }, 'endDate'],
  ])('a line with %j is refused with 400 on %s and not created', async (change, field) => {
    const before = await app.strapi.db.query('plugin::invoicing.contract-line').count({});
    const res = await app.request
      .post(cm('plugin::invoicing.contract-line'))
      .set('Authorization', admin.auth)
      .send({ description: 'Bad line', unitPrice: '10', quantity: '1', vatRate: '21', ...change });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    const paths = res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'));
    expect(paths).toContain(field);
    expect(await app.strapi.db.query('plugin::invoicing.contract-line').count({})).toBe(before);
  });

  test('a contract in an unknown currency is refused', async () => {
    const res = await app.request
      .post(cm('plugin::invoicing.contract'))
      .set('Authorization', admin.auth)
      .send({ reference: 'CTR-2', name: 'Bad', invoiceCycle: 'monthly', startDate: '2026-01-01', currency: 'XYZ' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['currency']);
    expect(res.body.error.message).toMatch(/XYZ/);
  });

  test('a debtor\'s country code, VAT number and electronic address are checked and normalised', async () => {
    const bad = await app.request
      .post(cm('plugin::invoicing.debtor'))
      .set('Authorization', admin.auth)
      .send({ reference: 'DEB-2', name: 'Peeters', countryCode: 'XX', vatNumber: 'BE0417497107', electronicAddress: '0208:0417497107' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: { path: string[] }) => e.path)).toEqual([['countryCode'], ['vatNumber'], ['electronicAddress']]);

    const good = await app.request
      .post(cm('plugin::invoicing.debtor'))
      .set('Authorization', admin.auth)
      .send({ reference: 'DEB-2', name: 'Peeters', countryCode: 'be', vatNumber: 'BE 0417.497.106', electronicAddress: '0208:0417497106', language: 'nl' });
    expect(good.status).toBe(201);
    expect(good.body.data).toMatchObject({ countryCode: 'BE', vatNumber: 'BE0417497106', electronicAddress: '0208:0417497106', language: 'nl', deliveryChannel: 'email' });

    const cleared = await app.request
      .put(`${cm('plugin::invoicing.debtor')}/${good.body.data.documentId}`)
      .set('Authorization', admin.auth)
      .send({ vatNumber: '', electronicAddress: '' });
    expect(cleared.status).toBe(200);
    expect(cleared.body.data).toMatchObject({ countryCode: 'BE', vatNumber: null, electronicAddress: null });

    // e-invoices go to the electronic address: the peppol_file channel cannot do without one (DESIGN §18)
    const peppol = await app.request.put(`${cm('plugin::invoicing.debtor')}/${good.body.data.documentId}`).set('Authorization', admin.auth).send({ deliveryChannel: 'peppol_file' });
    expect(peppol.status).toBe(400);
    expect(peppol.body.error.details.errors[0].path).toEqual(['electronicAddress']);
    const both = await app.request
      .put(`${cm('plugin::invoicing.debtor')}/${good.body.data.documentId}`)
      .set('Authorization', admin.auth)
      .send({ deliveryChannel: 'peppol_file', electronicAddress: '0208:0417497106' });
    expect(both.status).toBe(200);
    const emptied = await app.request.put(`${cm('plugin::invoicing.debtor')}/${good.body.data.documentId}`).set('Authorization', admin.auth).send({ electronicAddress: '' });
    expect(emptied.status).toBe(400);
    expect(emptied.body.error.details.errors[0].path).toEqual(['electronicAddress']);
  });
  test('an invoice category\'s ledger account and VAT treatment are checked; nothing is written when refused', async () => {
    const category = 'plugin::invoicing.invoice-category';
    const count = () => app.strapi.db.query(category).count({});
    const before = await count();
    const refused: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ name: 'Bad 1', vatCategory: 'X' }, 'vatCategory', /./],
      [{ name: 'Bad 2', vatCategory: 'E' }, 'vatExemptionReason', /needs an exemption reason/],
      [{ name: 'Bad 3', vatExemptionReason: 'Article 132' }, 'vatExemptionReason', /cannot have a VAT exemption reason/],
      [{ name: 'Bad 4', vatCategory: 'AE', vatExemptionReasonCode: 'REVERSE' }, 'vatExemptionReasonCode', /not a VAT exemption reason code/],
      [{ name: 'Bad 6', vatCategory: 'E', vatExemptionReasonCode: 'VATEX-EU-IC' }, 'vatExemptionReasonCode', /belongs to VAT category K/],
      [{ name: 'Bad 5', ledgerAccount: '=HYPERLINK("x")' }, 'ledgerAccount', /Ledger account/],
    ];
    for (const [body, field, message] of refused) {
      const res = await app.request.post(cm(category)).set('Authorization', admin.auth).send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toContain(field);
      expect(res.body.error.message).toMatch(message);
    }
    expect(await count()).toBe(before);

    const good = await app.request
      .post(cm(category))
      .set('Authorization', admin.auth)
      .send({ name: 'Exempt rent', ledgerAccount: ' 8010 ', vatCategory: 'E', vatExemptionReason: 'Exempt under article 11 Wet OB', vatExemptionReasonCode: 'vatex-eu-132' });
    expect(good.status).toBe(201);
    expect(good.body.data).toMatchObject({ ledgerAccount: '8010', vatCategory: 'E', vatExemptionReasonCode: 'VATEX-EU-132' });
    // an update naming only the category is checked against the stored reason: clearing the category keeps the reason, which Z may not have
    const half = await app.request.put(`${cm(category)}/${good.body.data.documentId}`).set('Authorization', admin.auth).send({ vatCategory: null });
    expect(half.status).toBe(400);
    expect(half.body.error.details.errors[0].path).toEqual(['vatExemptionReason']);
    const cleared = await app.request
      .put(`${cm(category)}/${good.body.data.documentId}`)
      .set('Authorization', admin.auth)
      .send({ vatCategory: null, vatExemptionReason: '', vatExemptionReasonCode: '' });
    expect(cleared.status).toBe(200);
    expect(cleared.body.data).toMatchObject({ vatCategory: null, vatExemptionReason: null, vatExemptionReasonCode: null, ledgerAccount: '8010' });
  });
});
