/**
 * A run's `sending` counts (issue 14): kept on the run's row by every change of its documents' sending
 * status (data/runs.ts), never counted per request. After each step they must equal a GROUP BY over the
 * run's invoices and credit notes: generation, a credit note, a send job with one rejected recipient,
 * single sends (the failed one again, a sent one again), and a run whose counts are gone (a run made
 * before the counts existed), which the first read counts afresh and stores.
 */
import { bootStrapi, createSuperAdmin, type TestApp, type TestUser } from '../helpers/strapi';
import { allInvoices, api, expectStatus, getRun, manualWorkerEnv, runDbId, runInStatus, waitForJob, type Api } from '../helpers/runs';
import { monthRun } from '../helpers/fixtures';
import { VALID_SELLER } from '../helpers/seller';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp';
import { removeArchivedDocuments } from '../helpers/documents';
import type { Invoice, Run, SendingCounts } from '../../shared/contracts/runs';

const YEAR = 2033;
const MAIL = { ok: 'ok@counts.test', other: 'other@counts.test', rejected: 'gone@counts.test' };

const debtor = (reference: string, name: string, email: string | null) => ({
  reference,
  name,
  email,
  language: 'en',
  street: 'Kerkstraat 1',
  postalCode: '1011 AB',
  city: 'Amsterdam',
  countryCode: 'NL',
});

const contract = (reference: string, debtorReference: string) => ({
  reference,
  name: `Unit ${reference}`,
  debtorReference,
  invoiceCycle: 'monthly',
  startDate: `${YEAR}-01-01`,
  endDate: `${YEAR}-12-31`,
  status: 'active',
  currency: 'EUR',
  lines: [
    { reference: `${reference}-L1`, description: 'Rent', unitPrice: '100.00', quantity: '1', vatRate: '21' },
    { reference: `${reference}-L2`, description: 'Service', unitPrice: '10.00', quantity: '1', vatRate: '21' },
  ],
});

describe('a run keeps its documents per sending status exact', () => {
  let app: TestApp;
  let admin: TestUser;
  let a: Api;
  let sink: SmtpSink;
  let runId: string;
  let runRowId: number;
  let invoices: Invoice[];

  const byDebtor = (reference: string) => invoices.find((i) => i.debtor.reference === reference)!;

  /** The run's documents per sending status as a GROUP BY counts them. */
  async function counted(): Promise<SendingCounts> {
    const rows = (await app.strapi.db
      .connection('invoicing_invoices')
      .where({ run_id: runRowId })
      .groupBy('status')
      .select('status')
      .count({ count: '*' })) as Array<{ status: string; count: number | string }>;
    const out: SendingCounts = { open: 0, sending: 0, sent: 0, failed: 0 };
    for (const r of rows) out[r.status === 'send_failed' ? 'failed' : (r.status as keyof SendingCounts)] += Number(r.count);
    return out;
  }

  /** The run's counts as GET /runs/:id and the runs list answer them, checked against the GROUP BY. */
  async function expectCounts(expected: SendingCounts): Promise<void> {
    expect(await counted()).toEqual(expected);
    expect((await getRun(app, admin, runId)).sending).toEqual(expected);
    const list = await a.get('/runs', { pageSize: 100 });
    expectStatus(list, 200, 'GET /runs');
    expect((list.body.results as Run[]).find((r) => r.documentId === runId)?.sending).toEqual(expected);
  }

  const storedCounts = async () =>
    (await app.strapi.db.connection('invoicing_runs').where({ id: runRowId }).first('docs_open', 'docs_sending', 'docs_sent', 'docs_failed')) as Record<
      string,
      number | string | null
    >;

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await bootStrapi({ env: { ...manualWorkerEnv(2), ...sink.env } });
    admin = await createSuperAdmin(app);
    a = api(app, admin);
    expectStatus(await a.put('/settings', { seller: { ...VALID_SELLER, defaultLanguage: 'en' }, sendRatePerSecond: 0 }), 200, 'PUT /settings');
    const imported = await a.post('/contracts/import', {
      debtors: [debtor('K-OK', 'Okay BV', MAIL.ok), debtor('K-OTHER', 'Other BV', MAIL.other), debtor('K-REJ', 'Gone Away', MAIL.rejected)],
      contracts: [contract('K-C-OK', 'K-OK'), contract('K-C-OTHER', 'K-OTHER'), contract('K-C-REJ', 'K-REJ')],
    });
    expectStatus(imported, 200, 'POST /contracts/import');
  });

  afterAll(async () => {
    if (app) await removeArchivedDocuments(app).catch(() => undefined);
    await app?.stop();
    await sink?.stop();
  });

  test('a new run counts nothing; generating its invoices (several batches) counts each one open', async () => {
    const created = await a.post('/runs', monthRun(YEAR, 3));
    expectStatus(created, 201, 'POST /runs');
    expect(created.body.data.sending).toEqual({ open: 0, sending: 0, sent: 0, failed: 0 });
    const fresh = await app.strapi.db.connection('invoicing_runs').where({ document_id: created.body.data.documentId }).first('docs_open', 'docs_sending', 'docs_sent', 'docs_failed');
    expect(fresh).toEqual({ docs_open: 0, docs_sending: 0, docs_sent: 0, docs_failed: 0 });

    runId = await runInStatus(app, admin, 'invoices_generated', monthRun(YEAR, 2));
    runRowId = await runDbId(app.strapi, runId);
    invoices = await allInvoices(app, admin, runId);
    expect(invoices).toHaveLength(3);
    await expectCounts({ open: 3, sending: 0, sent: 0, failed: 0 });
  });

  test('a credit note is one more open document of the run', async () => {
    const invoice = byDebtor('K-OK');
    const full = await a.get(`/invoices/${invoice.documentId}`);
    expectStatus(full, 200, 'GET /invoices/:id');
    const rent = (full.body.data.lines as Array<{ documentId: string; description: string }>).find((l) => l.description.startsWith('Rent'))!;
    expectStatus(await a.post(`/invoices/${invoice.documentId}/credit`, { reason: 'Rent was lower', lines: [rent.documentId] }), 201, 'POST /invoices/:id/credit');
    await expectCounts({ open: 4, sending: 0, sent: 0, failed: 0 });
  });

  test('a send job with a rejected recipient: sent and failed', async () => {
    sink.reject.add(MAIL.rejected);
    expectStatus(await a.post(`/runs/${runId}/invoices/send`), 202, 'POST /runs/:id/invoices/send');
    const job = await waitForJob(app, admin, runId);
    expect(job.summary).toMatchObject({ sent: 3, failed: 1 });
    await expectCounts({ open: 0, sending: 0, sent: 3, failed: 1 });
  });

  test('single sends: the failed invoice again (now accepted), and a sent one again', async () => {
    sink.reject.delete(MAIL.rejected);
    const retried = await a.post(`/invoices/${byDebtor('K-REJ').documentId}/send`);
    expectStatus(retried, 200, 'POST /invoices/:id/send');
    expect(retried.body.data).toMatchObject({ status: 'sent' });
    await expectCounts({ open: 0, sending: 0, sent: 4, failed: 0 });
    expect((await getRun(app, admin, runId)).status).toBe('invoices_sent');

    const again = await a.post(`/invoices/${byDebtor('K-OTHER').documentId}/send`);
    expectStatus(again, 200, 'POST /invoices/:id/send');
    expect(again.body.data).toMatchObject({ status: 'sent', sendCount: 2 });
    await expectCounts({ open: 0, sending: 0, sent: 4, failed: 0 });
  });

  test('a run without stored counts (made before they existed) is counted once on its first read and stored', async () => {
    await app.strapi.db.connection('invoicing_runs').where({ id: runRowId }).update({ docs_open: null, docs_sending: null, docs_sent: null, docs_failed: null });
    // a change while the counts are null leaves them null (no partial count): a single send, failing
    sink.reject.add(MAIL.other);
    const failed = await a.post(`/invoices/${byDebtor('K-OTHER').documentId}/send`);
    expectStatus(failed, 200, 'POST /invoices/:id/send');
    expect(failed.body.data).toMatchObject({ status: 'send_failed' });
    expect(await storedCounts()).toEqual({ docs_open: null, docs_sending: null, docs_sent: null, docs_failed: null });

    await expectCounts({ open: 0, sending: 0, sent: 3, failed: 1 });
    expect(Object.values(await storedCounts()).map(Number)).toEqual([0, 0, 3, 1]);

    // and it is kept from there on
    sink.reject.delete(MAIL.other);
    expectStatus(await a.post(`/invoices/${byDebtor('K-OTHER').documentId}/send`), 200, 'POST /invoices/:id/send');
    await expectCounts({ open: 0, sending: 0, sent: 4, failed: 0 });
    expect(Object.values(await storedCounts()).map(Number)).toEqual([0, 0, 4, 0]);
  });
});
