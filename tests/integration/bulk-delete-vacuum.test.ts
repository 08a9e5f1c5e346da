/**
 * After deleting a run's amounts in bulk (DELETE /runs/:id/amounts), PostgreSQL's table is vacuumed and
 * analysed in the background (`tidyAfterBulkDelete`), so generating the amounts again does not wade
 * through a million dead rows under statistics that still count them. Elsewhere it does nothing. Tested
 * on the function itself, and through the HTTP API: a run of exactly BULK_DELETE_VACUUM_ROWS amounts
 * (imported contract lines, the amounts job) is vacuumed after its amounts are deleted, a run of two is
 * not.
 */
import type { Knex } from 'knex';
import { bootStrapi, createSuperAdmin, type TestApp } from '../helpers/strapi';
import { testDialect } from '../helpers/databases';
import { amountRowCount, api, expectStatus, getRun, startJob, transitionRun, waitForJob } from '../helpers/runs';
import { monthRun } from '../helpers/fixtures';
import { linesImportBody as importBody } from '../helpers/imports';
import { BULK_DELETE_VACUUM_ROWS, tidyAfterBulkDelete } from '../../server/src/data/bulk';

const YEAR = 2061;

describe('the vacuum after a bulk delete', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await bootStrapi();
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** When PostgreSQL last vacuumed the table by a VACUUM statement (autovacuum has its own column), if both vacuum and analyse are recorded. */
  const lastVacuum = async (table: string): Promise<string | null> => {
    const res = (await app.strapi.db.connection.raw('select last_vacuum, last_analyze from pg_stat_user_tables where relname = ?', [table])) as {
      rows: Array<{ last_vacuum: Date | null; last_analyze: Date | null }>;
    };
    const row = res.rows[0];
    return row?.last_vacuum && row.last_analyze ? row.last_vacuum.toISOString() : null;
  };

  test(`a delete of ${BULK_DELETE_VACUUM_ROWS} rows or more starts VACUUM (ANALYZE) on PostgreSQL, and nothing on SQLite or MySQL`, async () => {
    const knex = app.strapi.db.connection;
    const queries: string[] = [];
    // the vacuums issued (the worker's and ticker's own queries run meanwhile)
    const onQuery = (q: { sql: string }) => {
      if (/^vacuum/i.test(q.sql)) queries.push(q.sql);
    };
    knex.on('query', onQuery);
    const logged: string[] = [];
    // What the function uses of the app's connection (its client, `raw`), recording what it starts.
    const started: string[] = [];
    const db = {
      client: knex.client,
      raw: (sql: string) => {
        started.push(sql);
        return knex.raw(sql);
      },
    } as unknown as Knex;
    try {
      tidyAfterBulkDelete(db, 'invoicing_amounts', BULK_DELETE_VACUUM_ROWS - 1, (m) => logged.push(m));
      tidyAfterBulkDelete(db, 'invoicing_amounts', BULK_DELETE_VACUUM_ROWS, (m) => logged.push(m));
      if (testDialect() === 'postgres') {
        // it runs in the background: wait until PostgreSQL records it
        const until = Date.now() + 60_000;
        let vacuumed: string | null = null;
        while (vacuumed === null && Date.now() < until) {
          vacuumed = await lastVacuum('invoicing_amounts');
          if (vacuumed === null) await new Promise((r) => setTimeout(r, 200));
        }
        expect(vacuumed).not.toBeNull();
        expect(queries).toEqual(['vacuum (analyze) "invoicing_amounts"']);
        expect(started).toEqual(['vacuum (analyze) "invoicing_amounts"']);
      } else {
        // Nothing was started: a vacuum is started (db.raw) before the function returns.
        expect(started).toEqual([]);
        expect(queries).toEqual([]);
      }
      expect(logged).toEqual([]);
    } finally {
      knex.removeListener('query', onQuery);
    }
  });

  test(`DELETE /runs/:id/amounts of a run with ${BULK_DELETE_VACUUM_ROWS} amounts vacuums the table on PostgreSQL, of a run with 2 it does not; nothing on SQLite or MySQL`, async () => {
    const admin = await createSuperAdmin(app);
    const a = api(app, admin);
    const big = importBody('BIG', YEAR, BULK_DELETE_VACUUM_ROWS);
    const small = importBody('SMALL', YEAR - 1, 2);
    const imported = await a.post('/contracts/import', { debtors: [...big.debtors, ...small.debtors], contracts: [...big.contracts, ...small.contracts] });
    expectStatus(imported, 200, 'POST /contracts/import');

    /** A run of March of `year` with its amounts generated (the amounts job, awaited). */
    const runWithAmounts = async (year: number, amounts: number) => {
      const created = await a.post('/runs', monthRun(year, 3));
      expectStatus(created, 201, 'POST /runs');
      const id = created.body.data.documentId as string;
      await transitionRun(app, admin, id, 'activate');
      await startJob(app, admin, id, 'amounts');
      await waitForJob(app, admin, id, { timeoutMs: 150_000 });
      const run = await getRun(app, admin, id);
      expect({ status: run.status, amounts: run.totals.amounts }).toEqual({ status: 'amounts_generated', amounts });
      return id;
    };
    const smallRun = await runWithAmounts(YEAR - 1, 2);
    const bigRun = await runWithAmounts(YEAR, BULK_DELETE_VACUUM_ROWS);

    const postgres = testDialect() === 'postgres';
    const before = postgres ? await lastVacuum('invoicing_amounts') : null;
    const knex = app.strapi.db.connection;
    const MARKER = "select 'after the deletes' as marker";
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => {
      if (/^vacuum/i.test(q.sql) || q.sql === MARKER) queries.push(q.sql);
    };
    knex.on('query', onQuery);
    try {
      // the small run first: a vacuum after it would be issued before the big one's
      for (const id of [smallRun, bigRun]) {
        const deleted = await a.del(`/runs/${id}/amounts`);
        expectStatus(deleted, 200, 'DELETE /runs/:id/amounts');
        expect({ status: deleted.body.data.status, amounts: deleted.body.data.totals.amounts }).toEqual({ status: 'submitted', amounts: 0 });
        expect(await amountRowCount(app.strapi, id)).toBe(0);
      }
      if (postgres) {
        // the big delete's vacuum runs in the background: wait until PostgreSQL records it
        const until = Date.now() + 60_000;
        let vacuumed = before;
        while (vacuumed === before && Date.now() < until) {
          vacuumed = await lastVacuum('invoicing_amounts');
          if (vacuumed === before) await new Promise((r) => setTimeout(r, 200));
        }
        expect(vacuumed).not.toBeNull();
        expect(vacuumed).not.toBe(before);
        if (before !== null) expect(new Date(vacuumed!).getTime()).toBeGreaterThan(new Date(before).getTime());
        // one vacuum: the big delete's
        expect(queries).toEqual(['vacuum (analyze) "invoicing_amounts"']);
      } else {
        // A vacuum would be issued before the DELETE answered (after its commit); a query issued
        // after the answers comes after it.
        await knex.raw(MARKER);
        expect(queries).toEqual([MARKER]);
      }
    } finally {
      knex.removeListener('query', onQuery);
    }
  });
});
