import type { Knex } from 'knex';
import { bootStrapi, type TestApp } from '../helpers/strapi';

/** A unique-index violation as SQLite, PostgreSQL and MySQL/MariaDB report it. */
const isUniqueViolation = (error: unknown) => {
  const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505' || code === 'ER_DUP_ENTRY' || errno === 1062;
};

/** The columns of every unique index (primary keys left out) of a table, read from the database's own catalogue. */
async function uniqueIndexes(knex: Knex, table: string): Promise<string[][]> {
  const client = String(knex.client.config.client);
  if (client.includes('sqlite')) {
    const indexes = (await knex.raw(`PRAGMA index_list('${table}')`)) as Array<{ name: string; unique: number; origin: string }>;
    const out: string[][] = [];
    for (const index of indexes.filter((i) => i.unique === 1 && i.origin !== 'pk')) {
      const cols = (await knex.raw(`PRAGMA index_info('${index.name}')`)) as Array<{ name: string }>;
      out.push(cols.map((c) => c.name));
    }
    return out;
  }
  if (client === 'pg' || client.startsWith('postgres')) {
    const { rows } = (await knex.raw(
      `SELECT i.relname AS name, a.attname AS col
         FROM pg_index x
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE t.relname = ? AND n.nspname = current_schema() AND x.indisunique AND NOT x.indisprimary
        ORDER BY i.relname, k.ord`,
      [table],
    )) as { rows: Array<{ name: string; col: string }> };
    return group(rows);
  }
  const [rows] = (await knex.raw(
    `SELECT index_name AS name, column_name AS col FROM information_schema.statistics
      WHERE table_schema = DATABASE() AND table_name = ? AND non_unique = 0 AND index_name <> 'PRIMARY'
      ORDER BY index_name, seq_in_index`,
    [table],
  )) as [Array<{ name: string; col: string }>];
  return group(rows);
}

const group = (rows: Array<{ name: string; col: string }>) => {
  const byIndex = new Map<string, string[]>();
  for (const { name, col } of rows) byIndex.set(name, [...(byIndex.get(name) ?? []), col]);
  return [...byIndex.values()];
};

/** Admin actions, reviewer role, content types and database keys declared by the plugin. */
describe('plugin bootstrap', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await bootStrapi();
  });

  afterAll(async () => {
    await app?.stop();
  });

  test('registers every admin permission action of DESIGN section 10', () => {
    const actions = app.strapi
      .service('admin::permission')
      .actionProvider.values()
      .filter((a: { pluginName?: string }) => a.pluginName === 'invoicing')
      .map((a: { actionId: string }) => a.actionId)
      .sort();
    expect(actions).toEqual(
      [
        'read',
        'schedules.manage',
        'runs.manage',
        'amounts.generate',
        'amounts.delete',
        'runs.approve',
        'invoices.generate',
        'invoices.send',
        'invoices.credit',
        'contracts.import',
        'settings.read',
        'settings.update',
      ]
        .map((a) => `plugin::invoicing.${a}`)
        .sort()
    );
  });

  test('creates the Invoice run reviewer role with read and approve, once, and never changes it', async () => {
    const findRoles = () => app.strapi.db.query('admin::role').findMany({ where: { name: 'Invoice run reviewer' } });
    const roles = await findRoles();
    expect(roles).toHaveLength(1);
    const permissions = await app.strapi.db
      .query('admin::permission')
      .findMany({ where: { role: { id: roles[0].id } } });
    expect(permissions.map((p: { action: string }) => p.action).sort()).toEqual([
      'plugin::invoicing.read',
      'plugin::invoicing.runs.approve',
    ]);

    // An administrator changes the role; a restart neither recreates nor resets it.
    await app.strapi.service('admin::role').assignPermissions(roles[0].id, [
      { action: 'plugin::invoicing.read', subject: null, properties: {}, conditions: [] },
    ]);
    const { database } = app;
    await app.stop({ keepDatabase: true });
    app = await bootStrapi({ database });
    const after = await findRoles();
    expect(after).toHaveLength(1);
    const afterPermissions = await app.strapi.db
      .query('admin::permission')
      .findMany({ where: { role: { id: after[0].id } } });
    expect(afterPermissions.map((p: { action: string }) => p.action)).toEqual(['plugin::invoicing.read']);
  });

  test('content types: contracts, lines, debtors and categories in the Content Manager; the rest hidden', () => {
    const visible = (uid: string) =>
      (app.strapi.contentType(uid as never) as { pluginOptions?: Record<string, { visible?: boolean }> })
        .pluginOptions?.['content-manager']?.visible !== false;
    for (const uid of ['debtor', 'contract', 'contract-line', 'invoice-category']) {
      expect(visible(`plugin::invoicing.${uid}`)).toBe(true);
    }
    for (const uid of ['invoice-run-schedule', 'invoice-run', 'amount', 'invoice', 'invoice-line', 'job', 'run-event', 'sequence']) {
      expect(visible(`plugin::invoicing.${uid}`)).toBe(false);
    }
    for (const uid of Object.keys(app.strapi.contentTypes).filter((u) => u.startsWith('plugin::invoicing.'))) {
      expect((app.strapi.contentType(uid as never) as { options?: { draftAndPublish?: boolean } }).options?.draftAndPublish).toBe(false);
    }
  });

  test('the database refuses a second amount for the same run, contract line and period start', async () => {
    const knex = app.strapi.db.connection;
    const row = (documentId: string, start: string) => ({
      document_id: documentId,
      run_id: 1,
      contract_id: 1,
      contract_document_id: 'c',
      contract_reference: 'C-1',
      contract_name: 'Contract',
      contract_line_id: 7,
      contract_line_document_id: 'l',
      line_description: 'Rent',
      debtor_id: 1,
      debtor_document_id: 'd',
      debtor_reference: 'D-1',
      debtor_name: 'Debtor',
      period_start: start,
      period_end: '2026-01-31',
      description: 'Rent',
      quantity: '1',
      unit_price: '100',
      vat_rate: '21',
      net: 10000,
      vat: 2100,
      gross: 12100,
      currency: 'EUR',
    });
    await knex('invoicing_amounts').insert(row('a1', '2026-01-01'));
    let refused: unknown = null;
    try {
      await knex('invoicing_amounts').insert(row('a2', '2026-01-01'));
    } catch (error) {
      refused = error;
    }
    expect(refused).not.toBeNull();
    expect(isUniqueViolation(refused)).toBe(true);
    await knex('invoicing_amounts').insert(row('a3', '2026-01-15'));
    expect(Number((await knex('invoicing_amounts').count({ n: '*' }))[0].n)).toBe(2);
  });

  test.each([
    ['invoicing_invoices', 'number'],
    ['invoicing_invoice_lines', 'amount_id'],
    ['invoicing_runs', 'slot'],
    ['invoicing_runs', 'reference'],
    ['invoicing_schedules', 'reference'],
    ['invoicing_contracts', 'reference'],
    ['invoicing_debtors', 'reference'],
    ['invoicing_jobs', 'active_key'],
    ['invoicing_sequences', 'name'],
  ])('%s.%s has a unique index', async (table, column) => {
    expect(await uniqueIndexes(app.strapi.db.connection, table)).toContainEqual([column]);
  });

  test('the unique index of amounts is (run, contract line, period start)', async () => {
    expect(await uniqueIndexes(app.strapi.db.connection, 'invoicing_amounts')).toContainEqual(['run_id', 'contract_line_id', 'period_start']);
  });
});
