/**
 * The worker's default batch size (config `worker.batchSize` unset): 500 contract lines per batch on
 * every database (`workerBatchSize`). Seen from outside as the amounts job's
 * progress: each batch records how many lines are done in the job row, in its own transaction.
 */
import { bootStrapi, createSuperAdmin, type TestApp } from '../helpers/strapi';
import { testDialect } from '../helpers/databases';
import { api, expectStatus, getRun, startJob, transitionRun, waitForJob } from '../helpers/runs';
import { monthRun } from '../helpers/fixtures';
import { linesImportBody } from '../helpers/imports';

const LINES = 1_200;

/** `processed` of an `update invoicing_jobs set …, processed = ?, …, checkpoint = ?` (a batch's commit), else null. */
function batchProgress(q: { sql: string; bindings?: unknown[] }): number | null {
  const m = /^update\s+[`"]?invoicing_jobs[`"]?\s+set\s+(.*?)\s+where\s/i.exec(q.sql);
  if (!m) return null;
  const columns = m[1].split(',').map((c) => c.trim().replace(/^[`"]|[`"]?\s*=\s*(\?|\$\d+)$/g, ''));
  if (!columns.includes('checkpoint') || columns.includes('state') || columns.includes('total')) return null;
  const processed = q.bindings?.[columns.indexOf('processed')];
  return typeof processed === 'number' ? processed : null;
}

describe(`the worker's default batch size (${testDialect()})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await bootStrapi(); // the playground's config: no batch size set
  });
  afterAll(async () => {
    await app?.stop();
  });

  test(`the amounts job of ${LINES} lines works in batches of 500 lines`, async () => {
    expect(process.env.INVOICING_WORKER_BATCH_SIZE).toBeUndefined();
    const admin = await createSuperAdmin(app);
    const a = api(app, admin);
    expectStatus(await a.post('/contracts/import', linesImportBody('BS', 2062, LINES)), 200, 'POST /contracts/import');
    const created = await a.post('/runs', monthRun(2062, 3));
    expectStatus(created, 201, 'POST /runs');
    const id = created.body.data.documentId as string;
    await transitionRun(app, admin, id, 'activate');

    // Each batch's commit (lease renewals set no checkpoint; the job's start sets its total, its end its state).
    const knex = app.strapi.db.connection;
    const progress: number[] = [];
    const onQuery = (q: { sql: string; bindings?: unknown[] }) => {
      const processed = batchProgress(q);
      if (processed !== null) progress.push(processed);
    };
    knex.on('query', onQuery);
    try {
      await startJob(app, admin, id, 'amounts');
      await waitForJob(app, admin, id, { timeoutMs: 120_000 });
    } finally {
      knex.removeListener('query', onQuery);
    }
    const run = await getRun(app, admin, id);
    expect({ status: run.status, amounts: run.totals.amounts }).toEqual({ status: 'amounts_generated', amounts: LINES });
    expect(progress).toEqual([500, 1000, 1200]);
  });
});
