/**
 * After deleting a run's amounts in bulk (DELETE /runs/:id/amounts), PostgreSQL's table is vacuumed and
 * analysed in the background (`tidyAfterBulkDelete`), so generating the amounts again does not wade
 * through a million dead rows under statistics that still count them. Elsewhere it does nothing.
 */
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { testDialect } from '../helpers/databases';
import { BULK_DELETE_VACUUM_ROWS, tidyAfterBulkDelete } from '../../server/src/data/bulk';

describe('the vacuum after a bulk delete', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await bootStrapi();
  });
  afterAll(async () => {
    await app?.stop();
  });

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
    try {
      tidyAfterBulkDelete(knex, 'invoicing_amounts', BULK_DELETE_VACUUM_ROWS - 1, (m) => logged.push(m));
      tidyAfterBulkDelete(knex, 'invoicing_amounts', BULK_DELETE_VACUUM_ROWS, (m) => logged.push(m));
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
      } else {
        await new Promise((r) => setTimeout(r, 500));
        expect(queries).toEqual([]);
      }
      expect(logged).toEqual([]);
    } finally {
      knex.removeListener('query', onQuery);
    }
  });
});
