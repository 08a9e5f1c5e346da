/**
 * Sending invoices by e-mail (DESIGN §16): the send job of a run and the single send, through Strapi's
 * email plugin (nodemailer provider) to a real SMTP server on 127.0.0.1 that the test reads back.
 */
import { bootStrapi, createRole, createSuperAdmin, createUser, type TestApp, type TestUser } from '../helpers/strapi';
import {
  allInvoices,
  api,
  expectStatus,
  expireLease,
  getRun,
  manualWorkerEnv,
  runEvents,
  runInStatus,
  waitForJob,
  worker,
  wrapNextRun,
  type Api,
  type Json,
} from '../helpers/runs';
import { monthRun } from '../helpers/fixtures';
import { VALID_SELLER } from '../helpers/seller';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../helpers/smtp';
import { pdfText } from '../helpers/pdf-text';
import { removeArchivedDocuments } from '../helpers/documents';
import type { JobContext, JobHandler } from '../../server/src/services/worker';
import type { Invoice } from '../../shared/contracts/runs';

const YEAR = 2031;
const MAIL = { nl: 'nl-klant@sending.test', en: 'en-customer@sending.test', rejected: 'gone@sending.test' };

const debtor = (reference: string, name: string, email: string | null, language: string) => ({
  reference,
  name,
  email,
  language,
  street: 'Kerkstraat 1',
  postalCode: '1011 AB',
  city: 'Amsterdam',
  countryCode: 'NL',
});

/** A contract of `debtorReference` from month `from` to month `to` of YEAR, one line of 100.00. */
const contract = (reference: string, debtorReference: string, from: number, to: number) => ({
  reference,
  name: `Unit ${reference}`,
  debtorReference,
  invoiceCycle: 'monthly',
  startDate: `${YEAR}-${String(from).padStart(2, '0')}-01`,
  endDate: new Date(Date.UTC(YEAR, to, 0)).toISOString().slice(0, 10),
  status: 'active',
  currency: 'EUR',
  lines: [{ reference: `${reference}-L1`, description: 'Rent', unitPrice: '100.00', quantity: '1', vatRate: '21' }],
});

describe('sending invoices', () => {
  let app: TestApp;
  let admin: TestUser;
  let a: Api;
  let sink: SmtpSink;
  const events: Array<{ event: string; payload: Json }> = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await bootStrapi({ env: { ...manualWorkerEnv(4), ...sink.env } });
    admin = await createSuperAdmin(app);
    a = api(app, admin);
    for (const event of ['invoice.sent', 'invoice.send-failed', 'invoice-run.invoices-sent']) {
      app.strapi.eventHub.on(event, async (payload: unknown) => {
        events.push({ event, payload });
      });
    }
    expectStatus(await a.put('/settings', { seller: { ...VALID_SELLER, defaultLanguage: 'en' }, sendRatePerSecond: 0 }), 200, 'PUT /settings');
    const imported = await a.post('/contracts/import', {
      debtors: [
        debtor('S-NL', 'Bakkerij Zon', MAIL.nl, 'nl'),
        debtor('S-EN', 'Acme Ltd', MAIL.en, 'en'),
        debtor('S-REJ', 'Gone Away', MAIL.rejected, ''),
        debtor('S-NOMAIL', 'No Mail', null, 'nl'),
      ],
      contracts: [
        contract('S-C-NL', 'S-NL', 1, 4),
        contract('S-C-EN', 'S-EN', 1, 4),
        contract('S-C-REJ', 'S-REJ', 1, 1),
        contract('S-C-NOMAIL', 'S-NOMAIL', 2, 2),
      ],
    });
    expectStatus(imported, 200, 'POST /contracts/import');
  });

  afterAll(async () => {
    if (app) await removeArchivedDocuments(app);
    await app?.stop();
    await sink?.stop();
  });

  const runOf = async (month: number) => runInStatus(app, admin, 'invoices_generated', monthRun(YEAR, month));
  const send = async (runId: string) => {
    const res = await a.post(`/runs/${runId}/invoices/send`);
    expectStatus(res, 202, 'POST /runs/:id/invoices/send');
    expect(res.body.data).toMatchObject({ type: 'send' });
    return waitForJob(app, admin, runId);
  };
  const byDebtor = (invoices: Invoice[], reference: string) => invoices.find((i) => i.debtor.reference === reference)!;
  const mailsTo = (address: string): ReceivedMail[] => sink.received.filter((m) => m.rcptTo.includes(address));
  const messageId = (documentId: string) => `<invoice.${documentId}@example.com>`;

  describe('a run with a rejected recipient, an unreachable server and a retry', () => {
    let runId: string;
    let invoices: Invoice[];

    test('without invoices.send both send routes answer 403, and nothing is sent', async () => {
      runId = await runOf(1);
      const role = await createRole(app.strapi, 'Sending reader', ['plugin::invoicing.read', 'plugin::invoicing.invoices.generate']);
      const reader = api(app, await createUser(app, [role.id], 'reader'));
      const [invoice] = await allInvoices(app, admin, runId);
      expect((await reader.post(`/runs/${runId}/invoices/send`)).status).toBe(403);
      expect((await reader.post(`/invoices/${invoice.documentId}/send`)).status).toBe(403);
      expect((await api(app, null).post(`/invoices/${invoice.documentId}/send`)).status).toBe(401);
      expect(sink.received).toHaveLength(0);
      expect((await getRun(app, admin, runId)).sending).toEqual({ open: 3, sending: 0, sent: 0, failed: 0 });
    });

    test('the send job mails each invoice once in its debtor language with its PDF; a rejected recipient fails', async () => {
      sink.reject.add(MAIL.rejected);
      const before = events.length;
      const job = await send(runId);
      expect(job.summary).toMatchObject({ sent: 2, failed: 1 });
      expect(job.processed).toBe(3);

      invoices = await allInvoices(app, admin, runId);
      const nl = byDebtor(invoices, 'S-NL');
      const en = byDebtor(invoices, 'S-EN');
      const rej = byDebtor(invoices, 'S-REJ');
      for (const i of [nl, en]) expect(i).toMatchObject({ status: 'sent', sendCount: 1, sendError: null });
      expect(nl.sentAt).toEqual(expect.any(String));
      expect(rej).toMatchObject({ status: 'send_failed', sendCount: 0, sentAt: null });
      expect(rej.sendError).toMatch(/mail server did not accept.*gone@sending\.test|550/i);

      // Exactly one message per sent invoice.
      expect(sink.received).toHaveLength(2);
      const [nlMail] = mailsTo(MAIL.nl);
      const [enMail] = mailsTo(MAIL.en);
      expect(mailsTo(MAIL.nl)).toHaveLength(1);
      expect(mailsTo(MAIL.en)).toHaveLength(1);
      expect(nlMail.parsed.subject).toBe(`Factuur ${nl.number} van Vastgoed Beheer B.V.`);
      expect(nlMail.parsed.text).toContain(`In de bijlage vindt u factuur ${nl.number}`);
      expect(nlMail.parsed.text).toContain('€ 121,00');
      expect(enMail.parsed.subject).toBe(`Invoice ${en.number} from Vastgoed Beheer B.V.`);
      expect(enMail.parsed.text).toContain(`Please find attached invoice ${en.number}`);
      expect(enMail.parsed.text).toContain('€121.00');
      expect(nlMail.parsed.html).toContain('<p>Beste Bakkerij Zon,</p>');
      expect(nlMail.parsed.messageId).toBe(messageId(nl.documentId));
      expect(enMail.parsed.messageId).toBe(messageId(en.documentId));
      expect(nlMail.parsed.from?.value[0].address).toBe(VALID_SELLER.emailFrom);
      expect(nlMail.parsed.replyTo?.value[0].address).toBe(VALID_SELLER.emailReplyTo);

      for (const [mail, invoice, word] of [
        [nlMail, nl, 'Factuur'],
        [enMail, en, 'Invoice'],
      ] as const) {
        expect(mail.parsed.attachments).toHaveLength(1);
        const [pdf] = mail.parsed.attachments;
        expect(pdf).toMatchObject({ filename: `${invoice.number}.pdf`, contentType: 'application/pdf' });
        const text = (await pdfText(pdf.content)).text;
        expect(text).toContain(invoice.number);
        expect(text).toContain(word);
      }

      // The run stays invoices_generated and says how many failed.
      const run = await getRun(app, admin, runId);
      expect(run.status).toBe('invoices_generated');
      expect(run.sending).toEqual({ open: 0, sending: 0, sent: 2, failed: 1 });

      const mine = events.slice(before);
      expect(mine.filter((e) => e.event === 'invoice.sent').map((e) => e.payload.invoice.number).sort()).toEqual([en.number, nl.number].sort());
      const failed = mine.filter((e) => e.event === 'invoice.send-failed');
      expect(failed).toHaveLength(1);
      expect(failed[0].payload).toMatchObject({ invoice: { number: rej.number, status: 'send_failed' }, run: { documentId: runId } });
      expect(mine.some((e) => e.event === 'invoice-run.invoices-sent')).toBe(false);
    });

    test('with the mail server unreachable the retry fails again with the reason, and sends nothing twice', async () => {
      await sink.close();
      try {
        const job = await send(runId);
        expect(job.summary).toMatchObject({ sent: 0, failed: 1 });
      } finally {
        await sink.open();
      }
      const rej = byDebtor(await allInvoices(app, admin, runId), 'S-REJ');
      expect(rej.status).toBe('send_failed');
      expect(rej.sendError).toMatch(/mail server did not accept the message: .*(ECONNREFUSED|connect)/i);
      expect(sink.received).toHaveLength(2);
      expect((await getRun(app, admin, runId)).status).toBe('invoices_generated');
    });

    test('"Retry failed" sends only the failed ones; then the run is invoices_sent', async () => {
      sink.reject.clear();
      const before = events.length;
      const job = await send(runId);
      expect(job.summary).toMatchObject({ sent: 1, failed: 0 });
      expect(sink.received).toHaveLength(3);
      expect(mailsTo(MAIL.rejected)).toHaveLength(1);
      const run = await getRun(app, admin, runId);
      expect(run.status).toBe('invoices_sent');
      expect(run.sending).toEqual({ open: 0, sending: 0, sent: 3, failed: 0 });
      const history = await runEvents(app, admin, runId);
      expect(history[history.length - 1]).toMatchObject({ action: 'complete_sending', from: 'invoices_generated', to: 'invoices_sent' });
      const runSent = events.slice(before).filter((e) => e.event === 'invoice-run.invoices-sent');
      expect(runSent).toHaveLength(1);
      expect(runSent[0].payload.run).toMatchObject({ documentId: runId, status: 'invoices_sent' });

      // Nothing is left to send: a send job is refused now.
      const again = await a.post(`/runs/${runId}/invoices/send`);
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/invoices_sent/);
    });

    test('a single resend sends the same message again and counts it', async () => {
      const nl = byDebtor(invoices, 'S-NL');
      const res = await a.post(`/invoices/${nl.documentId}/send`);
      expectStatus(res, 200, 'POST /invoices/:id/send');
      expect(res.body.data).toMatchObject({ documentId: nl.documentId, status: 'sent', sendCount: 2, sendError: null });
      const mails = mailsTo(MAIL.nl);
      expect(mails).toHaveLength(2);
      expect(mails[1].parsed.messageId).toBe(mails[0].parsed.messageId);
      expect(mails[1].parsed.messageId).toBe(messageId(nl.documentId));
      expect((await a.post('/invoices/nonexistent-invoice/send')).status).toBe(404);
    });
  });

  test('a debtor without an e-mail address: send_failed with the reason, nothing sent, the run stays', async () => {
    const runId = await runOf(2);
    const count = sink.received.length;
    const job = await send(runId);
    expect(job.summary).toMatchObject({ sent: 2, failed: 1 });
    const invoices = await allInvoices(app, admin, runId);
    expect(byDebtor(invoices, 'S-NOMAIL')).toMatchObject({ status: 'send_failed', sendError: 'The debtor has no e-mail address.', sendCount: 0 });
    expect(sink.received).toHaveLength(count + 2);
    const run = await getRun(app, admin, runId);
    expect(run).toMatchObject({ status: 'invoices_generated', sending: { open: 0, sending: 0, sent: 2, failed: 1 } });

    // A single send of it answers 200 with the failure (the attempt is recorded, not an error of the request).
    const single = await a.post(`/invoices/${byDebtor(invoices, 'S-NOMAIL').documentId}/send`);
    expectStatus(single, 200, 'POST /invoices/:id/send');
    expect(single.body.data).toMatchObject({ status: 'send_failed', sendError: 'The debtor has no e-mail address.' });
  });

  test('a job that crashed after the mail server accepted a message sends it again with the same Message-ID', async () => {
    const runId = await runOf(3);
    const count = sink.received.length;
    const service = app.strapi.plugin('invoicing').service('sending') as unknown as JobHandler;
    let batches = 0;
    // Batch 1 starts the job, batch 2 claims both invoices, batch 3 would record the first send: there
    // this instance loses its lease (as when it hung or died), so the accepted send is not recorded.
    const restore = wrapNextRun(service, (ctx: JobContext) => ({
      ...ctx,
      batch: async (work) => {
        batches += 1;
        if (batches === 3) await app.strapi.db.connection('invoicing_jobs').where({ id: ctx.job.id }).update({ lease_owner: 'a-vanished-instance' });
        return ctx.batch(work);
      },
    }));
    try {
      const res = await a.post(`/runs/${runId}/invoices/send`);
      expectStatus(res, 202, 'POST /runs/:id/invoices/send');
      await worker(app).processNext();
      const jobId = res.body.data.documentId as string;
      // The first message was accepted (the second may still have been in flight beside it).
      expect(sink.received.length).toBeGreaterThanOrEqual(count + 1);
      const left = await allInvoices(app, admin, runId);
      expect(left.map((i) => i.status)).toEqual(['sending', 'sending']);
      expect((await getRun(app, admin, runId)).sending).toEqual({ open: 0, sending: 2, sent: 0, failed: 0 });

      // A single send cannot take an invoice the job holds.
      expect((await a.post(`/invoices/${left[0].documentId}/send`)).status).toBe(409);

      await expireLease(app, jobId);
      const job = await waitForJob(app, admin, runId);
      expect(job.attempts).toBe(2);
    } finally {
      restore();
    }
    const invoices = await allInvoices(app, admin, runId);
    expect(invoices.map((i) => [i.status, i.sendCount])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
    const fresh = sink.received.slice(count);
    const ids = fresh.map((m) => m.parsed.messageId);
    // The messages in flight when the lease was lost went again with their own Message-ID (at least
    // the one whose accepted send could not be recorded); no message went more than twice.
    expect(fresh.length).toBeGreaterThanOrEqual(3);
    const perInvoice = invoices.map((i) => ids.filter((id) => id === messageId(i.documentId)).length);
    expect(perInvoice.every((n) => n === 1 || n === 2)).toBe(true);
    expect(perInvoice).toContain(2);
    expect(new Set(ids)).toEqual(new Set(invoices.map((i) => messageId(i.documentId))));
    expect((await getRun(app, admin, runId)).status).toBe('invoices_sent');
  });

  test('autoSendInvoices: the ticker starts sending once the invoices exist, throttled by sendRatePerSecond', async () => {
    const runId = await runOf(4);
    const ticker = app.strapi.plugin('invoicing').service('ticker') as unknown as { tick(now?: Date): Promise<Record<string, number>> };
    expect((await ticker.tick()).sendJobsStarted).toBe(0);
    expectStatus(await a.put('/settings', { autoSendInvoices: true, sendRatePerSecond: 4 }), 200, 'PUT /settings');
    try {
      const count = sink.received.length;
      expect((await ticker.tick()).sendJobsStarted).toBe(1);
      await waitForJob(app, admin, runId);
      const run = await getRun(app, admin, runId);
      expect(run.status).toBe('invoices_sent');
      expect(run.job).toMatchObject({ type: 'send', actor: 'system' });
      const fresh = sink.received.slice(count);
      expect(fresh).toHaveLength(2);
      // 4 per second: the throttle holds the second message 250 ms after the first reached the mail
      // server's hands (unthrottled, the two go side by side, a few ms apart). The margin is the
      // first message's connection set-up, which the pooled second one skips.
      expect(fresh[1].at - fresh[0].at).toBeGreaterThanOrEqual(200);
      // The ticker sends a run once; failed invoices wait for a person.
      expect((await ticker.tick()).sendJobsStarted).toBe(0);
    } finally {
      expectStatus(await a.put('/settings', { autoSendInvoices: false, sendRatePerSecond: 0 }), 200, 'PUT /settings');
    }
  });
});
