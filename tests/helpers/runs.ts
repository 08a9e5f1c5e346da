/**
 * Driving runs and their jobs in integration tests: `/invoicing/…` requests as an admin user, a run
 * brought into any status, its amounts, invoices and events, direct reads of the plugin's internal
 * tables (jobs, amounts, invoices), the worker driven by hand, and a way to await an event hub event.
 */
import type { Core } from '@strapi/strapi';
import type { Amount, Invoice, Job, Run } from '../../shared/contracts/runs';
import type { JobContext, JobHandler } from '../../server/src/services/worker';
import type { TestApp, TestUser } from './strapi';
import { adHocRun, UIDS } from './fixtures';

/** Parsed JSON of an API answer or event payload (supertest's `body` is untyped too). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Api {
  get(path: string, query?: Record<string, unknown>): Promise<{ status: number; body: Json }>;
  post(path: string, body?: unknown): Promise<{ status: number; body: Json }>;
  put(path: string, body?: unknown): Promise<{ status: number; body: Json }>;
  del(path: string): Promise<{ status: number; body: Json }>;
}

/** `/invoicing/…` requests as the given admin user (or without a token). */
export function api(app: TestApp, user: TestUser | null): Api {
  const auth = <T extends { set(name: string, value: string): T }>(req: T): T => (user ? req.set('Authorization', user.auth) : req);
  return {
    get: (path, query = {}) => auth(app.request.get(`/invoicing${path}`)).query(query) as never,
    post: (path, body) => auth(app.request.post(`/invoicing${path}`)).send(body as object) as never,
    put: (path, body) => auth(app.request.put(`/invoicing${path}`)).send(body as object) as never,
    del: (path) => auth(app.request.delete(`/invoicing${path}`)) as never,
  };
}

/** Throws (with the answer) unless the request answered `status`. */
export function expectStatus(res: { status: number; body: unknown }, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what} answered ${res.status} (expected ${status}): ${JSON.stringify(res.body)}`);
}

/** GET /runs/:id → data. */
export async function getRun(app: TestApp, user: TestUser, runId: string): Promise<Run> {
  const res = await api(app, user).get(`/runs/${runId}`);
  expectStatus(res, 200, 'GET /runs/:id');
  return res.body.data;
}

/** GET /runs/:id/job → the run's latest job (data is null for a run that never had one). */
export async function getJob(app: TestApp, user: TestUser, runId: string): Promise<Job> {
  const res = await api(app, user).get(`/runs/${runId}/job`);
  expectStatus(res, 200, 'GET /runs/:id/job');
  return res.body.data;
}

/** Every event of a run, oldest first. */
export async function runEvents(app: TestApp, user: TestUser, runId: string): Promise<Array<Record<string, Json>>> {
  const res = await api(app, user).get(`/runs/${runId}/events`, { pageSize: 100 });
  expectStatus(res, 200, 'GET /runs/:id/events');
  return res.body.results;
}

/** POST /runs/:id/{approve,cancel,activate} → data (fails on anything but 200). */
export async function transitionRun(app: TestApp, user: TestUser, runId: string, action: 'activate' | 'approve' | 'cancel'): Promise<Run> {
  const res = await api(app, user).post(`/runs/${runId}/${action}`);
  expectStatus(res, 200, `POST /runs/:id/${action}`);
  return res.body.data;
}

/** POST /runs/:id/{amounts,invoices}/generate → the job of the 202 answer. */
export async function startJob(app: TestApp, user: TestUser, runId: string, type: 'amounts' | 'invoices'): Promise<Job> {
  const res = await api(app, user).post(`/runs/${runId}/${type}/generate`);
  expectStatus(res, 202, `POST /runs/:id/${type}/generate`);
  return res.body.data;
}

/**
 * Waits until the run's job has finished, draining the worker between looks (so it also works with
 * the worker's timer off); fails on a failed job unless `allowFailure`.
 */
export async function waitForJob(app: TestApp, user: TestUser, runId: string, options: { allowFailure?: boolean; timeoutMs?: number } = {}) {
  const deadline = Date.now() + (options.timeoutMs ?? 60000);
  for (;;) {
    const job: Job | null = await getJob(app, user, runId);
    if (job && (job.state === 'succeeded' || job.state === 'failed')) {
      if (job.state === 'failed' && !options.allowFailure) throw new Error(`job failed: ${job.error}`);
      return job;
    }
    if (Date.now() > deadline) throw new Error(`job did not finish in time: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await worker(app).drain();
  }
}

/** Drives a run through the API to the wanted status (ad hoc body given). Answers its documentId. */
export async function runInStatus(app: TestApp, user: TestUser, status: string, body: Record<string, unknown>): Promise<string> {
  const a = api(app, user);
  const created = await a.post('/runs', body);
  expectStatus(created, 201, 'POST /runs');
  const id = created.body.data.documentId as string;
  if (status === 'on_hold') return id;
  if (status === 'cancelled') {
    await transitionRun(app, user, id, 'cancel');
    return id;
  }
  await transitionRun(app, user, id, 'activate');
  if (status === 'submitted') return id;
  await startJob(app, user, id, 'amounts');
  await waitForJob(app, user, id);
  if (status === 'amounts_generated') return id;
  await transitionRun(app, user, id, 'approve');
  if (status === 'approved') return id;
  await startJob(app, user, id, 'invoices');
  await waitForJob(app, user, id);
  if (status === 'invoices_generated') return id;
  throw new Error(`cannot bring a run into status ${status}`);
}

/** An activated ad hoc run (status submitted). */
export const submittedRun = async (app: TestApp, user: TestUser, overrides: Record<string, unknown> = {}) =>
  getRun(app, user, await runInStatus(app, user, 'submitted', adHocRun(overrides)));

/** An ad hoc run, activated and with its amounts generated (status amounts_generated; its job succeeded). */
export const runWithAmounts = async (app: TestApp, user: TestUser, overrides: Record<string, unknown> = {}) =>
  (await getRun(app, user, await runInStatus(app, user, 'amounts_generated', adHocRun(overrides)))) as Run & { job: Job };

/** Every row of a paged list (GET `path` with page/pageSize). */
async function allPages<T>(app: TestApp, user: TestUser, path: string): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page += 1) {
    const res = await api(app, user).get(path, { page, pageSize: 100 });
    expectStatus(res, 200, `GET ${path}`);
    out.push(...res.body.results);
    if (page >= res.body.pagination.pageCount) return out;
  }
}

/** Every amount of a run, read page by page through GET /runs/:id/amounts. */
export const allAmounts = (app: TestApp, user: TestUser, runId: string) => allPages<Amount>(app, user, `/runs/${runId}/amounts`);

/** Sort comparator: invoices in invoice-number order. */
export const byNumber = (x: { number: string }, y: { number: string }) => x.number.localeCompare(y.number);

/** Every invoice of a run (GET /runs/:id/invoices), each with its lines (GET /invoices/:id). */
export async function allInvoices(app: TestApp, user: TestUser, runId: string): Promise<Invoice[]> {
  const out: Invoice[] = [];
  for (const invoice of await allPages<Invoice>(app, user, `/runs/${runId}/invoices`)) {
    const res = await api(app, user).get(`/invoices/${invoice.documentId}`);
    expectStatus(res, 200, 'GET /invoices/:id');
    out.push(res.body.data);
  }
  return out;
}

/* ---------------------------------------------------------------------------------------------- */
/* The plugin's internal tables and its worker                                                    */
/* ---------------------------------------------------------------------------------------------- */

/** The database id of a run. */
export async function runDbId(strapi: Core.Strapi, documentId: string): Promise<number> {
  const row = await strapi.db.query(UIDS.run).findOne({ where: { documentId } });
  if (!row) throw new Error(`run ${documentId} not in the database`);
  return row.id as number;
}

/** Rows of the jobs table of one run, oldest first (internal model). */
export async function jobRows(strapi: Core.Strapi, documentId: string): Promise<Array<Record<string, Json>>> {
  const id = await runDbId(strapi, documentId);
  const table = strapi.db.metadata.get(UIDS.job).tableName;
  return strapi.db.connection(table).where({ run_id: id }).orderBy('id', 'asc');
}

/** The number of amount rows a run has in the database. */
export async function amountRowCount(strapi: Core.Strapi, runId: string): Promise<number> {
  const [{ n }] = (await strapi.db.connection('invoicing_amounts').where({ run_id: await runDbId(strapi, runId) }).count({ n: '*' })) as Array<{
    n: number | string;
  }>;
  return Number(n);
}

/** The invoice rows of a run in number order. */
export async function invoiceRows(strapi: Core.Strapi, runId: string): Promise<Array<{ id: number; number: string }>> {
  return strapi.db.connection('invoicing_invoices').where({ run_id: await runDbId(strapi, runId) }).select('id', 'number').orderBy('number', 'asc');
}

export interface WorkerService {
  /** This instance's lease owner id. */
  owner: string;
  drain(): Promise<void>;
  processNext(options?: { maxBatches?: number }): Promise<number | null>;
  start(): void;
  stop(): Promise<void>;
}

export const worker = (app: TestApp) => app.strapi.plugin('invoicing').service('worker') as unknown as WorkerService;

/**
 * Boot environment with the worker's timer off and small batches: the test drives the worker with
 * `drain()` and `processNext({ maxBatches })`, which stops like a crashed instance would (the job stays
 * `running` with its lease).
 */
export const manualWorkerEnv = (batchSize: number) => ({
  INVOICING_WORKER_ENABLED: 'false',
  INVOICING_WORKER_BATCH_SIZE: String(batchSize),
  INVOICING_WORKER_LEASE_MS: '60000',
});

/** The service that does the work of a job type (its `runJob` is what the worker calls). */
export const jobService = (app: TestApp, type: 'amounts' | 'invoices') => app.strapi.plugin('invoicing').service(type) as unknown as JobHandler;

/**
 * Makes the next call of the job service's `runJob` get the context `wrap` makes of the worker's (e.g.
 * with a `batch` that fails, or that lets another instance take the lease first); later calls run
 * normally. Answers a function that undoes it (for a `finally`, in case no job ran).
 */
export function wrapNextRun(service: JobHandler, wrap: (ctx: JobContext) => JobContext): () => void {
  const original = service.runJob;
  const restore = () => {
    service.runJob = original;
  };
  service.runJob = async (ctx: JobContext) => {
    restore();
    return original.call(service, wrap(ctx));
  };
  return restore;
}

/** Sets columns of a running job's row directly (as another instance would); expects exactly one row. */
export async function updateRunningJob(strapi: Core.Strapi, jobDocumentId: string, values: Record<string, unknown>): Promise<void> {
  const updated = await strapi.db.connection('invoicing_jobs').where({ document_id: jobDocumentId, state: 'running' }).update(values);
  if (updated !== 1) throw new Error(`job ${jobDocumentId} is not running (${updated} rows updated)`);
}

/** Simulates a crash: the instance holding the job's lease is gone and its lease has run out. */
export const expireLease = (app: TestApp, jobDocumentId: string) => updateRunningJob(app.strapi, jobDocumentId, { lease_expires_at: 0 });

/* ---------------------------------------------------------------------------------------------- */

/**
 * Resolves with the payload of the next `event` on Strapi's event hub that matches `predicate`
 * (rejects after `timeoutMs`). Subscribe before the action that triggers it.
 */
export function nextEvent(strapi: Core.Strapi, event: string, predicate: (payload: Json) => boolean, timeoutMs = 30000): Promise<Json> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = strapi.eventHub.on(event, async (payload: unknown) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      // Unsubscribe after the event hub has finished this emit (removing a listener while it iterates
      // them would skip the next one).
      setImmediate(off);
      resolve(payload);
    });
  });
}

/** Paths of the issues of a 400 answer. */
export const errorPaths = (body: Json): string[][] => (body?.error?.details?.errors ?? []).map((e: { path: string[] }) => e.path);
