/** Row counts around a contract import (JSON or NDJSON): the three tables and their two link tables. */
import type { TestApp } from './strapi';
import { UIDS } from './fixtures';

export interface ImportRowCounts {
  debtors: number;
  contracts: number;
  lines: number;
  contractDebtorLinks: number;
  lineContractLinks: number;
}

/** Row counts of the debtor, contract and line tables and of the two link tables (names from Strapi's metadata). */
export async function importRowCounts(app: TestApp): Promise<ImportRowCounts> {
  const knex = app.strapi.db.connection;
  const table = (uid: string) => app.strapi.db.metadata.get(uid as never).tableName;
  const linkTable = (uid: string, attr: string) =>
    (app.strapi.db.metadata.get(uid as never).attributes as unknown as Record<string, { joinTable: { name: string } }>)[attr].joinTable.name;
  const count = async (name: string) => Number(((await knex(name).count({ n: '*' })) as Array<{ n: number | string }>)[0].n);
  return {
    debtors: await count(table(UIDS.debtor)),
    contracts: await count(table(UIDS.contract)),
    lines: await count(table(UIDS.line)),
    contractDebtorLinks: await count(linkTable(UIDS.contract, 'debtor')),
    lineContractLinks: await count(linkTable(UIDS.line, 'contract')),
  };
}

/** The counts after a first import of `debtors`, `contracts` and `lines` (each contract one debtor link, each line one contract link). */
export const grownBy = <T extends ImportRowCounts>(before: T, debtors: number, contracts: number, lines: number): T => ({
  ...before,
  debtors: before.debtors + debtors,
  contracts: before.contracts + contracts,
  lines: before.lines + lines,
  contractDebtorLinks: before.contractDebtorLinks + contracts,
  lineContractLinks: before.lineContractLinks + lines,
});

/** A JSON import body of `lines` contract lines in all, in contracts of up to 100 lines of one debtor each, living in `year`. */
export function linesImportBody(prefix: string, year: number, lines: number, linesPerContract = 100) {
  const contracts = Math.ceil(lines / linesPerContract);
  const debtors = Array.from({ length: contracts }, (_, i) => ({ reference: `${prefix}-D${i + 1}`, name: `Debtor ${prefix} ${i + 1}`, countryCode: 'NL' }));
  return {
    debtors,
    contracts: debtors.map((d, i) => ({
      reference: `${prefix}-C${i + 1}`,
      name: `Unit ${prefix} ${i + 1}`,
      debtorReference: d.reference,
      invoiceCycle: 'monthly',
      startDate: `${year}-01-01`,
      endDate: `${year}-12-31`,
      status: 'active',
      currency: 'EUR',
      lines: Array.from({ length: Math.min(linesPerContract, lines - i * linesPerContract) }, (_, l) => ({
        reference: `L${l + 1}`,
        description: `Service ${l + 1}`,
        unitPrice: `${10 + (l % 90)}.00`,
        quantity: '1',
        vatRate: '21',
      })),
    })),
  };
}

/**
 * Resolves once the import's INSERT into `table` is under way on the app's PostgreSQL or MySQL/MariaDB
 * database, that is once it has read the stored references and can no longer see a row written after
 * that read. On PostgreSQL the INSERT must also be waiting for a lock (the other writer's uncommitted
 * row). MariaDB does not reliably list such a wait in information_schema.innodb_trx, so there the
 * INSERT's presence in the process list is the condition: it cannot finish before the other writer
 * commits or rolls back. Fails if `pending` settles first or the INSERT does not show in 45 s (under
 * MySQL's 50 s lock wait timeout), with what the database's connections were doing.
 */
export async function importBlockedIn(app: TestApp, table: string, pending: Promise<unknown>): Promise<void> {
  const knex = app.strapi.db.connection;
  const blocked = async () => {
    if (app.database.dialect === 'postgres') {
      const { rows } = (await knex.raw(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE ?`,
        [`insert into "${table}"%`],
      )) as { rows: Array<{ n: number }> };
      return rows[0].n > 0;
    }
    const [rows] = (await knex.raw(
      `SELECT count(*) AS n FROM information_schema.processlist WHERE db = DATABASE() AND command = 'Query' AND info LIKE ?`,
      [`insert into \`${table}\`%`],
    )) as [Array<{ n: number | string }>];
    return Number(rows[0].n) > 0;
  };
  /** What the database's connections are doing (for the failure message). */
  const activity = async () => {
    const result = (await knex.raw(
      app.database.dialect === 'postgres'
        ? `SELECT pid, state, wait_event_type, wait_event, left(query, 120) AS query FROM pg_stat_activity WHERE datname = current_database()`
        : `SELECT p.id, p.command, p.state, t.trx_state, left(p.info, 120) AS query FROM information_schema.processlist p
             LEFT JOIN information_schema.innodb_trx t ON t.trx_mysql_thread_id = p.id WHERE p.db = DATABASE()`,
    )) as { rows: unknown[] } | [unknown[]];
    return JSON.stringify(Array.isArray(result) ? result[0] : result.rows);
  };
  let settled = false;
  void pending.then(
    () => (settled = true),
    () => (settled = true),
  );
  const deadline = Date.now() + 45_000;
  while (!(await blocked())) {
    if (settled) throw new Error(`the import finished without waiting for the other writer: ${await activity()}`);
    if (Date.now() > deadline) throw new Error(`the import did not reach the other writer's row within 45 s: ${await activity()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Runs an import of the debtors `first` and `second` (`post`) while another writer creates `second`,
 * and answers the import's response after checking what was written: nothing of the import's (on
 * SQLite not even the other writer's row, which went with the rolled-back transaction), only the
 * other writer's row elsewhere (deleted again afterwards). `rowCounts` counts the tables to compare.
 *
 * SQLite serialises writers (a second connection could not write while the import's transaction is
 * open), so a trigger plays the other writer: inserting `first` makes it create `second` first, as
 * a second instance would between the import's read and its insert. On PostgreSQL and MySQL/MariaDB
 * a second connection inserts `second` and keeps its transaction open; the import cannot see that
 * row, so it inserts `second` as well and waits on the unique index; when the other writer commits,
 * the index refuses the import's row.
 */
export async function importRacingAnotherWriter<T, C extends { debtors: number }>(
  app: TestApp,
  [first, second]: [string, string],
  rowCounts: () => Promise<C>,
  post: () => Promise<T>,
): Promise<T> {
  const knex = app.strapi.db.connection;
  const table = app.strapi.db.metadata.get(UIDS.debtor as never).tableName;
  const raceRows = () => knex(table).whereIn('reference', [first, second]).orderBy('reference').select('reference', 'name');
  const before = await rowCounts();
  if (app.database.dialect === 'sqlite') {
    await knex.raw(
      `CREATE TRIGGER import_race AFTER INSERT ON ${table} WHEN NEW.reference = '${first}'
       BEGIN INSERT INTO ${table} (reference, name) VALUES ('${second}', 'Someone else'); END`,
    );
    let res: T;
    try {
      res = await post();
    } finally {
      await knex.raw('DROP TRIGGER import_race');
    }
    expect(await rowCounts()).toEqual(before);
    expect(await raceRows()).toEqual([]);
    return res;
  }
  const other = await knex.transaction();
  let pending: Promise<T> | undefined;
  let res: T;
  try {
    const documentId = `race${second.toLowerCase().replace(/[^a-z0-9]/g, '')}someoneelse0000000000`.slice(0, 24);
    await other(table).insert({ document_id: documentId, reference: second, name: 'Someone else' });
    pending = post();
    await importBlockedIn(app, table, pending);
    await other.commit();
    res = await pending;
  } finally {
    if (!other.isCompleted()) await other.rollback();
    await pending?.catch(() => undefined);
  }
  expect(await rowCounts()).toEqual({ ...before, debtors: before.debtors + 1 });
  expect(await raceRows()).toEqual([{ reference: second, name: 'Someone else' }]);
  await knex(table).where({ reference: second }).delete();
  return res;
}
