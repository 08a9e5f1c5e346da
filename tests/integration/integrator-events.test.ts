import http from 'http';
import type { AddressInfo } from 'net';
import type { TestApp, TestUser } from '../helpers/strapi';
import { adHocRun, createContract, createDebtor } from '../helpers/fixtures';
import { getRun, nextEvent, waitForJob, type Api, type Json } from '../helpers/runs';
import { bootForFile } from '../helpers/suite';

const EVENTS = [
  'invoice-run.activated',
  'invoice-run.amounts-generated',
  'invoice-run.amounts-deleted',
  'invoice-run.approved',
  'invoice-run.invoices-generated',
  'invoice-run.cancelled',
  'invoice-run.job-failed',
  'invoice-run.invoices-sent',
  'invoice.sent',
  'invoice.send-failed',
];

/** Events for integrators (DESIGN §13): the event hub and Strapi webhooks. */
describe('events for integrators', () => {
  let app: TestApp;
  let admin: TestUser;
  let a: Api;
  const received: Array<{ event: string; payload: Json }> = [];
  const offs: Array<() => void> = [];
  let month = 0;

  bootForFile(async (booted) => {
    ({ app, admin, a } = booted);
    const debtor = await createDebtor(app.strapi, { name: 'Hook BV' });
    await createContract(app.strapi, { debtor, invoiceCycle: 'monthly', lines: [{ unitPrice: '250.00', vatRate: '21' }] });
    for (const event of EVENTS) {
      const collect = async (payload: unknown) => {
        received.push({ event, payload });
      };
      offs.push(app.strapi.eventHub.on(event, collect));
    }
  });

  afterAll(() => {
    for (const off of offs) off();
  });

  /** A run with its own month (so duplicate protection never empties its amounts). */
  const freshRun = async () => {
    month += 1;
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const res = await a.post(
      '/runs',
      adHocRun({ name: `Hooked ${month}`, periodStart: iso(new Date(Date.UTC(2031, month - 1, 1))), periodEnd: iso(new Date(Date.UTC(2031, month, 0))) }),
    );
    expect(res.status).toBe(201);
    return res.body.data.documentId as string;
  };
  const eventsOf = (id: string) => received.filter((r) => r.payload?.run?.documentId === id);
  const forRun = (id: string) => (p: Json) => p?.run?.documentId === id;
  /** The payload's run is the run as the API shows it right after the transition. */
  const expectPayload = async (payload: Json, id: string, status: string) => {
    const run = await getRun(app, admin, id);
    expect(payload.run).toEqual({ reference: run.reference, documentId: id, status, totals: run.totals });
    expect(run.status).toBe(status);
  };

  test('the events are registered as allowed webhook events', async () => {
    const store = app.strapi.get('webhookStore') as { allowedEvents: Map<string, string> };
    const allowed = [...store.allowedEvents.values()];
    expect(allowed).toEqual(expect.arrayContaining(EVENTS));
    expect(store.allowedEvents.get('INVOICE_RUN_APPROVED')).toBe('invoice-run.approved');

    // So an administrator can subscribe a webhook to them (Settings → Webhooks), and not to unknown ones.
    const ok = await app.request
      .post('/admin/webhooks')
      .set('Authorization', admin.auth)
      .send({ name: 'Accounting', url: 'http://127.0.0.1:9999/never', headers: {}, events: EVENTS });
    expect(ok.status).toBe(201);
    const bad = await app.request
      .post('/admin/webhooks')
      .set('Authorization', admin.auth)
      .send({ name: 'Nonsense', url: 'http://127.0.0.1:9999/never', headers: {}, events: ['invoice-run.sent-to-mars'] });
    expect(bad.status).toBe(400);
    await app.request.delete(`/admin/webhooks/${ok.body.data.id}`).set('Authorization', admin.auth);
  });

  test('every transition announces its event with the run reference, documentId, status and totals', async () => {
    const id = await freshRun();

    const activated = nextEvent(app.strapi, 'invoice-run.activated', forRun(id));
    expect((await a.post(`/runs/${id}/activate`)).status).toBe(200);
    const p1 = await activated;
    await expectPayload(p1, id, 'submitted');
    expect(p1).toMatchObject({ action: 'activate', from: 'on_hold', actor: admin.id });

    let generated = nextEvent(app.strapi, 'invoice-run.amounts-generated', forRun(id));
    expect((await a.post(`/runs/${id}/amounts/generate`)).status).toBe(202);
    await waitForJob(app, admin, id);
    const p2 = await generated;
    await expectPayload(p2, id, 'amounts_generated');
    expect(p2.run.totals).toMatchObject({ amounts: 1, net: '250.00', vat: '52.50', gross: '302.50', invoices: 0 });
    expect(p2).toMatchObject({ action: 'complete_amounts', actor: admin.id, summary: { created: 1, alreadyInvoiced: 0, parked: 0 } });

    const deleted = nextEvent(app.strapi, 'invoice-run.amounts-deleted', forRun(id));
    expect((await a.del(`/runs/${id}/amounts`)).status).toBe(200);
    const p3 = await deleted;
    await expectPayload(p3, id, 'submitted');
    expect(p3.run.totals.amounts).toBe(0);

    generated = nextEvent(app.strapi, 'invoice-run.amounts-generated', forRun(id));
    expect((await a.post(`/runs/${id}/amounts/generate`)).status).toBe(202);
    await waitForJob(app, admin, id);
    await generated;

    const approved = nextEvent(app.strapi, 'invoice-run.approved', forRun(id));
    expect((await a.post(`/runs/${id}/approve`)).status).toBe(200);
    const p4 = await approved;
    await expectPayload(p4, id, 'approved');
    expect(p4.run.totals).toMatchObject({ amounts: 1, gross: '302.50' });
    expect(p4).toMatchObject({ action: 'approve', from: 'amounts_generated', actor: admin.id });

    const invoiced = nextEvent(app.strapi, 'invoice-run.invoices-generated', forRun(id));
    expect((await a.post(`/runs/${id}/invoices/generate`)).status).toBe(202);
    await waitForJob(app, admin, id);
    const p5 = await invoiced;
    await expectPayload(p5, id, 'invoices_generated');
    expect(p5.run.totals).toMatchObject({ amounts: 1, invoices: 1 });

    const other = await freshRun();
    const cancelled = nextEvent(app.strapi, 'invoice-run.cancelled', forRun(other));
    expect((await a.post(`/runs/${other}/cancel`)).status).toBe(200);
    const p6 = await cancelled;
    await expectPayload(p6, other, 'cancelled');
    expect(p6).toMatchObject({ action: 'cancel', from: 'on_hold', actor: admin.id });

    // Each event once per transition, in the order of the lifecycle.
    expect(eventsOf(id).map((r) => r.event)).toEqual([
      'invoice-run.activated',
      'invoice-run.amounts-generated',
      'invoice-run.amounts-deleted',
      'invoice-run.amounts-generated',
      'invoice-run.approved',
      'invoice-run.invoices-generated',
    ]);
    expect(eventsOf(other).map((r) => r.event)).toEqual(['invoice-run.cancelled']);
  });

  test('a refused transition announces nothing', async () => {
    const id = await freshRun();
    const before = received.length;
    expect((await a.post(`/runs/${id}/approve`)).status).toBe(409);
    expect((await a.del(`/runs/${id}/amounts`)).status).toBe(409);
    expect((await a.post(`/runs/${id}/amounts/generate`)).status).toBe(409);
    // The cancel that follows proves the listeners are live.
    const cancelled = nextEvent(app.strapi, 'invoice-run.cancelled', forRun(id));
    expect((await a.post(`/runs/${id}/cancel`)).status).toBe(200);
    await cancelled;
    expect(received.slice(before).map((r) => r.event)).toEqual(['invoice-run.cancelled']);
  });

  test('the automatic steps announce the same events (actor "system")', async () => {
    await a.put('/settings', { autoApprove: true, autoGenerateAmounts: true, autoGenerateInvoices: true });
    try {
      const id = await freshRun();
      const approved = nextEvent(app.strapi, 'invoice-run.approved', forRun(id));
      const invoiced = nextEvent(app.strapi, 'invoice-run.invoices-generated', forRun(id));
      const ticker = app.strapi.plugin('invoicing').service('ticker');
      const now = new Date('2031-12-31T00:00:00Z'); // after the activation date of every run of this file
      for (let i = 0; i < 4 && (await getRun(app, admin, id)).status !== 'invoices_generated'; i++) {
        await ticker.tick(now);
        if ((await getRun(app, admin, id)).job) await waitForJob(app, admin, id);
      }
      expect((await approved).actor).toBe('system');
      await expectPayload(await invoiced, id, 'invoices_generated');
      expect(eventsOf(id).map((r) => [r.event, r.payload.actor])).toEqual([
        ['invoice-run.activated', 'system'],
        ['invoice-run.amounts-generated', 'system'],
        ['invoice-run.approved', 'system'],
        ['invoice-run.invoices-generated', 'system'],
      ]);
    } finally {
      await a.put('/settings', { autoApprove: false, autoGenerateAmounts: false, autoGenerateInvoices: false });
    }
  });

  test('a webhook subscribed to the events receives them over HTTP', async () => {
    const deliveries: Array<{ headers: http.IncomingHttpHeaders; body: Json }> = [];
    let notify: () => void = () => undefined;
    const server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        deliveries.push({ headers: req.headers, body: JSON.parse(data) });
        res.writeHead(200).end();
        notify();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const { port } = server.address() as AddressInfo;
      const hook = await app.request
        .post('/admin/webhooks')
        .set('Authorization', admin.auth)
        .send({ name: 'Accounting export', url: `http://127.0.0.1:${port}/hook`, headers: { 'X-Token': 'secret' }, events: ['invoice-run.approved', 'invoice-run.cancelled'] });
      expect(hook.status).toBe(201);

      const id = await freshRun();
      const other = await freshRun();
      const arrived = (n: number) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`only ${deliveries.length} of ${n} webhook calls arrived`)), 30000);
          notify = () => {
            if (deliveries.length >= n) {
              clearTimeout(timer);
              resolve();
            }
          };
          notify();
        });
      expect((await a.post(`/runs/${id}/activate`)).status).toBe(200); // not subscribed
      expect((await a.post(`/runs/${id}/amounts/generate`)).status).toBe(202);
      await waitForJob(app, admin, id);
      expect((await a.post(`/runs/${id}/approve`)).status).toBe(200);
      await arrived(1);
      expect((await a.post(`/runs/${other}/cancel`)).status).toBe(200);
      await arrived(2);

      const run = await getRun(app, admin, id);
      expect(deliveries.map((d) => d.body.event)).toEqual(['invoice-run.approved', 'invoice-run.cancelled']);
      expect(deliveries[0].headers['x-strapi-event']).toBe('invoice-run.approved');
      expect(deliveries[0].headers['x-token']).toBe('secret');
      expect(deliveries[0].body).toMatchObject({
        event: 'invoice-run.approved',
        run: { reference: run.reference, documentId: id, status: 'approved', totals: run.totals },
      });
      expect(deliveries[1].body.run).toMatchObject({ documentId: other, status: 'cancelled' });
      await app.request.delete(`/admin/webhooks/${hook.body.data.id}`).set('Authorization', admin.auth);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a failed job announces invoice-run.job-failed with the error', async () => {
    const amounts = app.strapi.plugin('invoicing').service('amounts');
    const original = amounts.runJob;
    // Fault injection: the amounts job of this run fails as a crashed calculation would.
    amounts.runJob = async () => {
      throw new Error('disk on fire');
    };
    const log = app.strapi.log;
    const logError = log.error;
    const logged: string[] = [];
    log.error = ((message: unknown) => {
      logged.push(String(message));
      return log;
    }) as unknown as typeof log.error;
    try {
      const id = await freshRun();
      expect((await a.post(`/runs/${id}/activate`)).status).toBe(200);
      const failed = nextEvent(app.strapi, 'invoice-run.job-failed', forRun(id));
      expect((await a.post(`/runs/${id}/amounts/generate`)).status).toBe(202);
      const job = await waitForJob(app, admin, id, { allowFailure: true });
      expect(job).toMatchObject({ state: 'failed', error: 'disk on fire' });
      const payload = await failed;
      await expectPayload(payload, id, 'submitted');
      expect(payload.job).toEqual({ type: 'amounts', error: 'disk on fire' });
      // The failure is logged on the server, too.
      expect(logged.some((m) => m.includes('disk on fire'))).toBe(true);
    } finally {
      amounts.runJob = original;
      log.error = logError;
    }
  });

  test('a failing integrator listener never fails the transition', async () => {
    const off = app.strapi.eventHub.on('invoice-run.activated', async () => {
      throw new Error('listener broke');
    });
    try {
      const id = await freshRun();
      const res = await a.post(`/runs/${id}/activate`);
      expect(res.status).toBe(200);
      expect((await getRun(app, admin, id)).status).toBe('submitted');
    } finally {
      off();
    }
  });
});
