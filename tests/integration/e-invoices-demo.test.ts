/**
 * E-invoices of the product's own output (DESIGN §18, issue 13): the playground's demo data (every
 * cycle, contracts and lines starting mid-period, discounts, 0% rent next to 9% and 21%, EUR, JPY and
 * KWD) invoiced per debtor in one run per cycle by the real amounts and invoices jobs, a partial and a
 * full credit note per run, and the UBL file of a sample of every run's documents (every non-euro
 * document, the first euro ones, the credit notes) through the official CEN EN 16931 and OpenPEPPOL
 * rules: no failed fatal assert.
 */
import { bootStrapi, createSuperAdmin, type TestApp, type TestUser } from '../helpers/strapi';
import { allInvoices, api, expectStatus, manualWorkerEnv, runInStatus, type Api } from '../helpers/runs';
import { removeArchivedDocuments } from '../helpers/documents';
import { validatePeppol } from '../helpers/peppol';
import { CYCLES, defaultPeriodTo, type Cycle } from '../../shared/periods';
import type { Invoice } from '../../shared/contracts/runs';

/** The first period of each run: 2026, where the demo data's mid-period starts fall. */
const PERIOD_START: Record<Cycle, string> = {
  weekly: '2026-03-02',
  four_weekly: '2026-03-02',
  monthly: '2026-03-01',
  quarterly: '2026-01-01',
  half_yearly: '2026-01-01',
  yearly: '2026-01-01',
};

/** Euro documents validated per run besides every non-euro one and the credit notes. */
const EURO_SAMPLE = 5;

describe('e-invoices of the demo data, one run per cycle', () => {
  let app: TestApp;
  let admin: TestUser;
  let a: Api;
  const validated: Array<{ number: string; kind: string; currency: string; cycle: Cycle }> = [];

  beforeAll(async () => {
    app = await bootStrapi({ env: { ...manualWorkerEnv(50), INVOICING_DEMO_DATA: 'true' } });
    admin = await createSuperAdmin(app);
    a = api(app, admin);
    // Every debtor gets a Peppol id (the demo gives one to companies only), so every document can be one.
    const debtors = (await app.strapi.db.query('plugin::invoicing.debtor').findMany({ select: ['id', 'electronicAddress'] })) as Array<{ id: number; electronicAddress: string | null }>;
    for (const d of debtors.filter((x) => !x.electronicAddress)) {
      await app.strapi.db.query('plugin::invoicing.debtor').update({ where: { id: d.id }, data: { electronicAddress: `0106:${String(40000000 + d.id).padStart(8, '0')}` } });
    }
    // Half the runs book their 0% (rent) lines as exempt.
    const rent = await app.strapi.db.query('plugin::invoicing.invoice-category').findOne({ where: { name: 'Rent' } });
    await app.strapi.documents('plugin::invoicing.invoice-category').update({
      documentId: rent.documentId,
      data: { vatCategory: 'E', vatExemptionReason: 'Verhuur van onroerende zaken, vrijgesteld (art. 11 lid 1 sub b Wet OB)' } as never,
    });
  }, 600_000);

  afterAll(async () => {
    if (app) await removeArchivedDocuments(app);
    await app?.stop();
  });

  test.each(CYCLES.map((cycle, i) => [cycle, i] as const))('%s: the run\'s invoices and credit notes pass the official rules', async (cycle, i) => {
    const periodStart = PERIOD_START[cycle];
    const rent = await app.strapi.db.query('plugin::invoicing.invoice-category').findOne({ where: { name: 'Rent' } });
    const runId = await runInStatus(app, admin, 'invoices_generated', {
      name: `E-invoices ${cycle}`,
      cycle,
      periodStart,
      periodEnd: defaultPeriodTo(periodStart, cycle),
      invoiceDate: periodStart,
      dueDate: periodStart.replace(/-(\d\d)$/, (_, d: string) => `-${String(Number(d) + 14).padStart(2, '0')}`),
      invoiceName: `Demo ${cycle}`,
      invoiceNameFormat: 'name_debtor',
      invoiceCategory: i % 2 === 0 ? rent.documentId : null,
    });
    const listed = await allInvoices(app, admin, runId);
    expect(listed.length).toBeGreaterThan(0);
    const euro = listed.filter((x) => x.currency === 'EUR').slice(0, EURO_SAMPLE);
    const sample = [...listed.filter((x) => x.currency !== 'EUR'), ...euro];
    const full = async (x: Pick<Invoice, 'documentId' | 'kind'>) =>
      (await a.get(`/${x.kind === 'credit_note' ? 'credit-notes' : 'invoices'}/${x.documentId}`)).body.data as Invoice;

    // a credit note of one line of the first euro invoice, and one of the whole second
    const first = await full(euro[0]);
    expectStatus(await a.post(`/invoices/${first.documentId}/credit`, { reason: 'Wrong line', lines: [first.lines![0].documentId] }), 201, 'partial credit');
    if (euro[1]) expectStatus(await a.post(`/invoices/${euro[1].documentId}/credit`, { reason: 'Contract ended' }), 201, 'full credit');
    const credits = (await a.get('/credit-notes', { run: runId, pageSize: 100 })).body.results as Invoice[];
    expect(credits.length).toBe(euro[1] ? 2 : 1);

    for (const doc of [...sample, ...credits]) {
      const res = await app.request
        .get(`/invoicing/${doc.kind === 'credit_note' ? 'credit-notes' : 'invoices'}/${doc.documentId}/ubl`)
        .set('Authorization', admin.auth)
        .buffer(true)
        .parse((stream, done) => {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
          stream.on('end', () => done(null, Buffer.concat(chunks)));
        });
      const xml = (res.body as Buffer).toString('utf8');
      expect({ number: doc.number, status: res.status, body: res.status === 200 ? '' : xml }).toEqual({ number: doc.number, status: 200, body: '' });
      const result = await validatePeppol(xml);
      expect({ number: doc.number, fatal: result.fatal }).toEqual({ number: doc.number, fatal: [] });
      validated.push({ number: doc.number, kind: doc.kind, currency: doc.currency, cycle });
    }
  });

  test('the documents validated cover credit notes, JPY and KWD', () => {
    expect(validated.filter((v) => v.kind === 'credit_note').length).toBeGreaterThanOrEqual(6);
    expect(new Set(validated.map((v) => v.currency))).toEqual(new Set(['EUR', 'JPY', 'KWD']));
    expect(new Set(validated.map((v) => v.cycle)).size).toBe(CYCLES.length);
    const notes = validated.filter((v) => v.kind === 'credit_note').length;
    process.stdout.write(`Peppol validation of the demo runs: ${validated.length} documents (${validated.length - notes} invoices, ${notes} credit notes), 0 fatal\n`);
  });
});
