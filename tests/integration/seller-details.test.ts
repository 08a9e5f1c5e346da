/**
 * Seller and debtor details (DESIGN §16): the settings' seller object, the debtor's new fields through
 * the contract import, and the snapshot an invoice keeps of both.
 */
import { bootStrapi, createSuperAdmin, type TestApp, type TestUser } from '../helpers/strapi';
import { allInvoices, api, expectStatus, expireLease, getJob, manualWorkerEnv, runInStatus, startJob, worker, type Api, type Json } from '../helpers/runs';
import { monthRun, UIDS } from '../helpers/fixtures';
import { EMPTY_SELLER, VALID_SELLER } from '../helpers/seller';

const SELLER = VALID_SELLER;

const paths = (res: { body: Json }): string[] => res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'));

describe('seller and debtor details', () => {
  let app: TestApp;
  let admin: TestUser;
  let a: Api;
  let logoId: number;

  beforeAll(async () => {
    // The worker runs only when a test drives it (small batches), so a test can stop a job midway.
    app = await bootStrapi({ env: manualWorkerEnv(4) });
    admin = await createSuperAdmin(app);
    a = api(app, admin);
    // A Media Library file, as the upload plugin stores one.
    const file = await app.strapi.db.query('plugin::upload.file').create({
      data: { name: 'logo.png', hash: `logo_${Date.now()}`, ext: '.png', mime: 'image/png', size: 1.5, url: '/uploads/logo.png', provider: 'local' },
    });
    logoId = Number(file.id);
  });

  afterAll(async () => {
    await app?.stop();
  });

  describe('settings: the seller object', () => {
    test('a fresh install answers an empty seller and the two sending settings with their defaults', async () => {
      const res = await a.get('/settings');
      expectStatus(res, 200, 'GET /settings');
      expect(res.body.data.seller).toEqual(EMPTY_SELLER);
      expect(res.body.data.sendRatePerSecond).toBe(10);
      expect(res.body.data.autoSendInvoices).toBe(false);
    });

    test('a whole seller round-trips, normalised; a body without seller keeps it; a new seller replaces it whole', async () => {
      const put = await a.put('/settings', {
        seller: { ...SELLER, iban: 'nl91 abna 0417 1643 00', bic: 'abnanl2a', vatNumber: 'nl 1234.567.89.B01', countryCode: 'nl', logo: logoId },
        sendRatePerSecond: 0,
        autoSendInvoices: true,
      });
      expectStatus(put, 200, 'PUT /settings');
      const expected = { ...SELLER, logo: logoId };
      expect(put.body.data.seller).toEqual(expected);
      expect(put.body.data).toMatchObject({ sendRatePerSecond: 0, autoSendInvoices: true });
      expect((await a.get('/settings')).body.data.seller).toEqual(expected);

      // A PUT from before seller details existed keeps the stored seller.
      const old = await a.put('/settings', { autoApprove: false, invoiceNumberPrefix: 'S-' });
      expectStatus(old, 200, 'PUT /settings without seller');
      expect(old.body.data.seller).toEqual(expected);

      // The seller is replaced whole: what is left out is emptied.
      const partial = await a.put('/settings', { seller: { legalName: 'Only a name' } });
      expectStatus(partial, 200, 'PUT /settings with a partial seller');
      expect(partial.body.data.seller).toEqual({ ...EMPTY_SELLER, legalName: 'Only a name' });
      expect(partial.body.data.invoiceNumberPrefix).toBe('S-');
    });

    test('empty values and null clear fields', async () => {
      const res = await a.put('/settings', { seller: { ...SELLER, iban: '', bic: null, vatNumber: '  ', logo: null } });
      expectStatus(res, 200, 'PUT /settings');
      expect(res.body.data.seller).toMatchObject({ iban: '', bic: '', vatNumber: '', logo: null });
    });

    test.each([
      ['countryCode', { countryCode: 'XX' }],
      ['countryCode', { countryCode: 'NLD' }],
      ['iban', { iban: 'NL91ABNA0417164301' }],
      ['iban', { iban: 'NL91ABNA041716430' }],
      ['bic', { bic: 'ABNA NL' }],
      ['vatNumber', { vatNumber: 'NL123456789' }],
      ['vatNumber', { vatNumber: 'BE0123456789' }],
      ['vatNumber', { vatNumber: 'DE12345678' }],
      ['email', { email: 'finance@' }],
      ['emailFrom', { emailFrom: 'not an address' }],
      ['emailReplyTo', { emailReplyTo: 42 }],
      ['defaultLanguage', { defaultLanguage: 'de' }],
      ['electronicAddress', { electronicAddress: '0208:0123456789' }],
      ['electronicAddress', { electronicAddress: '12:345' }],
      ['electronicAddress', { electronicAddress: '9944:BE0123456749' }],
      ['paymentTerms.nl', { paymentTerms: { en: '', nl: 'x'.repeat(2001) } }],
      ['paymentTerms.de', { paymentTerms: { en: '', nl: '', de: 'Zahlbar' } }],
      ['logo', { logo: 'logo.png' }],
      ['logo', { logo: 999999 }],
      ['legalName', { legalName: 'A\u0000B' }],
      ['unknownField', { unknownField: 'x' }],
    ])('seller.%s: %j is refused with 400 on that path, nothing written', async (path, patch) => {
      const before = (await a.get('/settings')).body.data;
      const res = await a.put('/settings', { seller: { ...SELLER, ...patch }, autoApprove: !before.autoApprove });
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('ValidationError');
      expect(paths(res)).toContain(`seller.${path}`);
      for (const e of res.body.error.details.errors) expect(e.message.length).toBeGreaterThan(15);
      expect((await a.get('/settings')).body.data).toEqual(before);
    });

    test('every bad seller field is reported at once', async () => {
      const res = await a.put('/settings', {
        seller: { ...SELLER, iban: 'NL00ABNA0417164300', bic: 'X', countryCode: 'ZZ', email: 'x' },
        sendRatePerSecond: 1001,
      });
      expect(res.status).toBe(400);
      expect(paths(res).sort()).toEqual(['seller.bic', 'seller.countryCode', 'seller.email', 'seller.iban', 'sendRatePerSecond']);
    });

    test.each([[-1], [1.5], ['10'], [null]])('sendRatePerSecond %j is refused', async (value) => {
      const res = await a.put('/settings', { sendRatePerSecond: value });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(['sendRatePerSecond']);
    });

    test.each([[null], ['x'], [[]]])('seller %j (not an object) is refused', async (value) => {
      const res = await a.put('/settings', { seller: value });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(['seller']);
    });
  });

  describe('contract import: debtor details', () => {
    const debtor = (patch: Record<string, unknown> = {}) => ({
      reference: 'SD-D1',
      name: 'Bakkerij Zon',
      email: 'zon@example.com',
      street: 'Kerkstraat 1',
      postalCode: '1011 AB',
      city: 'Amsterdam',
      countryCode: 'NL',
      vatNumber: 'NL123456789B01',
      language: 'nl',
      electronicAddress: '9944:NL123456789B01',
      deliveryChannel: 'peppol_file',
      ...patch,
    });
    const stored = (reference: string) => app.strapi.db.query(UIDS.debtor).findOne({ where: { reference } });

    test('the new fields are stored, a re-import is unchanged, a change updates in place', async () => {
      const first = await a.post('/contracts/import', { debtors: [debtor({ countryCode: 'nl', vatNumber: 'nl123456789b01' })] });
      expectStatus(first, 200, 'POST /contracts/import');
      const row = await stored('SD-D1');
      expect(row).toMatchObject({
        countryCode: 'NL',
        vatNumber: 'NL123456789B01',
        language: 'nl',
        electronicAddress: '9944:NL123456789B01',
        deliveryChannel: 'peppol_file',
      });

      const again = await a.post('/contracts/import', { debtors: [debtor()] });
      expect(again.body.data.debtors).toEqual({ created: 0, updated: 0, unchanged: 1 });

      const changed = await a.post('/contracts/import', { debtors: [debtor({ language: '', deliveryChannel: undefined, electronicAddress: null })] });
      expect(changed.body.data.debtors).toEqual({ created: 0, updated: 1, unchanged: 0 });
      const after = await stored('SD-D1');
      expect(after).toMatchObject({ id: row!.id, documentId: row!.documentId, language: null, electronicAddress: null, deliveryChannel: 'email' });
    });

    test('a debtor without the new fields gets the email channel and no language', async () => {
      const res = await a.post('/contracts/import', { debtors: [{ reference: 'SD-D2', name: 'Plain' }] });
      expectStatus(res, 200, 'POST /contracts/import');
      expect(await stored('SD-D2')).toMatchObject({ deliveryChannel: 'email', language: null, countryCode: null, vatNumber: null });
    });

    test('every bad new field is listed by path and nothing is written', async () => {
      const res = await a.post('/contracts/import', {
        debtors: [
          debtor({ reference: 'SD-BAD-1', countryCode: 'Netherlands', vatNumber: 'BE0123456789' }),
          debtor({ reference: 'SD-BAD-2', language: 'fr', deliveryChannel: 'fax', electronicAddress: '0106:1234' }),
          debtor({ reference: 'SD-OK-3' }),
        ],
      });
      expect(res.status).toBe(400);
      expect(paths(res).sort()).toEqual([
        'debtors.0.countryCode',
        'debtors.0.vatNumber',
        'debtors.1.deliveryChannel',
        'debtors.1.electronicAddress',
        'debtors.1.language',
      ]);
      for (const reference of ['SD-BAD-1', 'SD-BAD-2', 'SD-OK-3']) expect(await stored(reference)).toBeNull();
    });
  });

  describe('invoice snapshots', () => {
    test('an invoice keeps the seller and debtor of its generation; later edits do not change it', async () => {
      const seller = { ...SELLER, logo: logoId };
      expectStatus(await a.put('/settings', { seller }), 200, 'PUT /settings');
      const imported = await a.post('/contracts/import', {
        debtors: [{ reference: 'SNAP-D', name: 'Snapshot debtor', street: 'Oude weg 1', city: 'Gent', countryCode: 'BE', vatNumber: 'BE0417497106', language: 'nl' }],
        contracts: [
          {
            reference: 'SNAP-C',
            name: 'Snapshot contract',
            debtorReference: 'SNAP-D',
            invoiceCycle: 'monthly',
            startDate: '2031-01-01',
            endDate: '2031-12-31',
            lines: [{ description: 'Rent', unitPrice: '100.00', quantity: '1', vatRate: '21' }],
          },
        ],
      });
      expectStatus(imported, 200, 'POST /contracts/import');

      const runId = await runInStatus(app, admin, 'invoices_generated', monthRun(2031, 3));
      const list = await a.get(`/runs/${runId}/invoices`);
      expect(list.body.results).toHaveLength(1);
      const id = list.body.results[0].documentId as string;
      const before = await a.get(`/invoices/${id}`);
      expectStatus(before, 200, 'GET /invoices/:id');
      const { logo: _logo, ...sellerDetails } = seller;
      expect(before.body.data.seller).toEqual({ ...sellerDetails, logo: { id: logoId, name: 'logo.png', url: '/uploads/logo.png', mime: 'image/png' } });
      expect(before.body.data.debtor).toEqual({
        documentId: expect.any(String),
        reference: 'SNAP-D',
        name: 'Snapshot debtor',
        email: null,
        street: 'Oude weg 1',
        postalCode: null,
        city: 'Gent',
        country: null,
        countryCode: 'BE',
        vatNumber: 'BE0417497106',
        language: 'nl',
        electronicAddress: null,
        deliveryChannel: 'email',
      });

      // Change the seller and the debtor.
      expectStatus(await a.put('/settings', { seller: { ...SELLER, legalName: 'New owner B.V.', iban: 'BE68539007547034', logo: null } }), 200, 'PUT /settings');
      const edited = await a.post('/contracts/import', {
        debtors: [{ reference: 'SNAP-D', name: 'Renamed debtor', city: 'Brugge', countryCode: 'BE', language: 'en', deliveryChannel: 'peppol_file', electronicAddress: '0208:0417497106' }],
      });
      expect(edited.body.data.debtors).toEqual({ created: 0, updated: 1, unchanged: 0 });

      const after = await a.get(`/invoices/${id}`);
      expect(after.body.data.seller).toEqual(before.body.data.seller);
      expect(after.body.data.debtor).toEqual(before.body.data.debtor);

      // A new run's invoice shows the new details.
      const nextRun = await runInStatus(app, admin, 'invoices_generated', monthRun(2031, 4));
      const nextId = (await a.get(`/runs/${nextRun}/invoices`)).body.results[0].documentId as string;
      const fresh = await a.get(`/invoices/${nextId}`);
      expect(fresh.body.data.seller).toMatchObject({ legalName: 'New owner B.V.', iban: 'BE68539007547034', logo: null });
      expect(fresh.body.data.debtor).toMatchObject({ city: 'Brugge', language: 'en', deliveryChannel: 'peppol_file', electronicAddress: '0208:0417497106' });
    });

    test('a job resumed after a crash gives all its invoices the seller it started with', async () => {
      expectStatus(await a.put('/settings', { seller: { ...SELLER, legalName: 'Before the crash B.V.' } }), 200, 'PUT /settings');
      const debtors = Array.from({ length: 6 }, (_, i) => ({ reference: `RES-D${i}`, name: `Resume ${i}` }));
      const contracts = debtors.map((d, i) => ({
        reference: `RES-C${i}`,
        name: `Resume contract ${i}`,
        debtorReference: d.reference,
        invoiceCycle: 'monthly',
        startDate: '2032-01-01',
        lines: [{ description: 'Rent', unitPrice: '10.00', quantity: '1', vatRate: '21' }],
      }));
      expectStatus(await a.post('/contracts/import', { debtors, contracts }), 200, 'POST /contracts/import');
      const runId = await runInStatus(app, admin, 'approved', monthRun(2032, 1));

      // Set-up and one batch (2 invoices of one amount each), then the instance "crashes".
      const started = await startJob(app, admin, runId, 'invoices');
      expect(await worker(app).processNext({ maxBatches: 2 })).not.toBeNull();
      const midway = await getJob(app, admin, runId);
      expect(midway).toMatchObject({ state: 'running', total: 6 });
      expect(midway.processed).toBeGreaterThan(0);
      expect(midway.processed).toBeLessThan(6);

      expectStatus(await a.put('/settings', { seller: { ...SELLER, legalName: 'After the crash B.V.' } }), 200, 'PUT /settings');
      await expireLease(app, started.documentId);
      await worker(app).drain();
      expect(await getJob(app, admin, runId)).toMatchObject({ state: 'succeeded', processed: 6, attempts: 2 });

      const invoices = await allInvoices(app, admin, runId);
      expect(invoices).toHaveLength(6);
      expect(invoices.map((i) => i.seller?.legalName)).toEqual(Array(6).fill('Before the crash B.V.'));
    });
  });
});
