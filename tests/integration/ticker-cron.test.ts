/**
 * The real node-cron ticker, as configured in the plugin config (every other test drives `tick()`
 * itself): with the ticker on and an every-second expression, a run whose activation date has come
 * is activated by the system without anyone calling anything.
 */
import type { TestApp, TestUser } from '../helpers/strapi';
import { adHocRun } from '../helpers/fixtures';
import { getRun, runEvents, type Api } from '../helpers/runs';
import { bootForFile } from '../helpers/suite';

describe('the node-cron ticker from the plugin config', () => {
  let app: TestApp;
  let admin: TestUser;
  let a: Api;

  bootForFile(
    (booted) => {
      ({ app, admin, a } = booted);
    },
    { env: { INVOICING_TICKER_ENABLED: 'true', INVOICING_TICKER_EXPRESSION: '* * * * * *' } },
  );

  const createRun = async (overrides: Record<string, unknown>) => {
    const res = await a.post('/runs', adHocRun(overrides));
    expect(res.status).toBe(201);
    return res.body.data.documentId as string;
  };

  /** Polls the run (10 times a second) until the ticker has activated it, or 20 s have passed. */
  const activated = async (id: string) => {
    const deadline = Date.now() + 20_000;
    let status = (await getRun(app, admin, id)).status;
    while (status !== 'submitted' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await getRun(app, admin, id)).status;
    }
    return status;
  };

  test('activates a due run on its own, as "system"', async () => {
    const id = await createRun({ name: 'Due run' });
    expect(await activated(id)).toBe('submitted');
    const activations = (await runEvents(app, admin, id)).filter((e) => e.action === 'activate');
    expect(activations).toEqual([expect.objectContaining({ from: 'on_hold', to: 'submitted', actor: 'system' })]);
  });

  test('a run whose activation date lies ahead stays on hold', async () => {
    const future = await createRun({ name: 'Future run', cycle: 'yearly', periodStart: '2099-01-01', periodEnd: '2099-12-31', invoiceDate: '2099-01-01', dueDate: '2099-01-15' });
    // A due run created after it is activated by a tick that has certainly seen the future run too.
    const due = await createRun({ name: 'Due run 2', periodStart: '2026-02-01', periodEnd: '2026-02-28', invoiceDate: '2026-03-01', dueDate: '2026-03-15' });
    expect(await activated(due)).toBe('submitted');
    expect((await getRun(app, admin, future)).status).toBe('on_hold');
  });
});
