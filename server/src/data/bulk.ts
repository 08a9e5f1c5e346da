/**
 * The bulk writers and their dialect paths (SQLite prepared statements, PostgreSQL `unnest` arrays,
 * MySQL multi-row INSERTs), and the small knex helpers the set-wise paths share.
 *
 * Why knex here: speed. The amounts job, the invoices job (gapless numbering in one ordered pass),
 * the contract import, the documents archive and the job/sending claims write or claim thousands of
 * rows per batch, or need `SELECT … FOR UPDATE` and set-wise conditional updates; Strapi's query
 * engine writes one entity per call (and its link rows one relation at a time), which those paths
 * cannot afford.
 *
 * Where the query engine is used instead (`strapi.db.query(uid)`): low-volume reads and writes of
 * single entities — every write of a run or schedule (creation, update, status move, deletion:
 * data/runs.ts, data/schedules.ts), the schedule and category of runs and schedules and a schedule's
 * runs (data/runs.ts, data/categories.ts), category lookups, uploaded files.
 */
import type { Knex } from 'knex';

export type Trx = Knex | Knex.Transaction;

export type Dialect = 'sqlite' | 'postgres' | 'mysql';

/** The database behind a knex instance, transaction or query builder. */
export function dialectOf(q: Trx | Knex.QueryBuilder): Dialect {
  const c = String((q as { client?: { config?: { client?: unknown } } }).client?.config?.client ?? '');
  if (c.includes('sqlite')) return 'sqlite';
  if (c.startsWith('pg') || c.startsWith('postgres')) return 'postgres';
  return 'mysql';
}

/** `SELECT … FOR UPDATE` where the database has row locks (SQLite serialises whole transactions). */
export function forUpdate<T extends Knex.QueryBuilder>(qb: T): T {
  return dialectOf(qb) === 'sqlite' ? qb : (qb.forUpdate() as T);
}

/** A unique-index violation, as PostgreSQL, MySQL/MariaDB and SQLite report it. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, errno } = error as { code?: unknown; errno?: unknown };
  return code === '23505' || code === 'ER_DUP_ENTRY' || errno === 1062 || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** How often (in batches) a job looks whether the tables it writes need fresh statistics (a catalogue query). */
export const STATISTICS_EVERY_BATCHES = 25;

/**
 * PostgreSQL: `ANALYZE` the tables whose statistics are stale, i.e. more rows changed since their last
 * analysis than 10% of their rows (at least 1,000), the rule autovacuum follows, but now rather than
 * within the next minute. A job that reads tables a bulk import just filled needs it: with statistics
 * that still take the tables for empty, the planner chose nested loops that read the 100,000 contract
 * lines once per line (a batch ran for more than 10 minutes). No-op on SQLite and MySQL (InnoDB
 * recalculates its statistics itself after 10% of a table changed).
 */
export async function refreshStaleStatistics(db: Trx, tableNames: string[]): Promise<string[]> {
  if (dialectOf(db) !== 'postgres' || tableNames.length === 0) return [];
  const rows = (await db.raw(
    `select s.relname as name, s.n_mod_since_analyze as changed, greatest(c.reltuples, 0) as estimated
       from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.schemaname = current_schema() and s.relname = any(?)`,
    [tableNames],
  )) as { rows: Array<{ name: string; changed: string | number; estimated: string | number }> };
  const stale = rows.rows.filter((r) => Number(r.changed) > Math.max(1000, 0.1 * Number(r.estimated))).map((r) => r.name);
  for (const name of stale) await db.raw(`analyze ${quoteIdentifier(name)}`);
  return stale;
}

/** Rows a delete must remove before `tidyAfterBulkDelete` vacuums the table (PostgreSQL). */
export const BULK_DELETE_VACUUM_ROWS = 10_000;

/**
 * PostgreSQL, after a committed delete of `deleted` rows (a run's amounts: up to a million): starts
 * `VACUUM (ANALYZE)` of the table in the background and does not wait for it. Until autovacuum comes
 * by (within a minute, or later on a busy server), the dead rows stay in the table and its indexes
 * and the statistics still count them as live: generating the amounts again right after deleting
 * 1,000,000 of them stalled at 36,000 lines after 6 minutes (4.5 s per duplicate-protection query),
 * because `refreshStaleStatistics` at the job's start did not yet see the delete (a backend reports
 * its counts to the statistics when it goes idle, up to 10 s later). VACUUM cannot run inside a
 * transaction, takes no lock that blocks reads or writes, and a failure only costs the speed it
 * would have brought, so it is logged and otherwise ignored. No-op elsewhere and for small deletes.
 */
export function tidyAfterBulkDelete(db: Trx, tableName: string, deleted: number, log: (message: string) => void): void {
  if (dialectOf(db) !== 'postgres' || deleted < BULK_DELETE_VACUUM_ROWS) return;
  db.raw(`vacuum (analyze) ${quoteIdentifier(tableName)}`).then(
    () => undefined,
    (error: unknown) => log(`[invoicing] vacuum of ${tableName} after deleting ${deleted} rows failed: ${error instanceof Error ? error.message : String(error)}`),
  );
}

/**
 * A deadlock the database broke by rolling this transaction back (MySQL/MariaDB InnoDB, PostgreSQL):
 * nothing of it was written, and running it again is safe.
 */
export function isDeadlock(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, errno } = error as { code?: unknown; errno?: unknown };
  return code === 'ER_LOCK_DEADLOCK' || errno === 1213 || code === '40P01';
}

/** Splits a list for IN (…) lists and multi-row inserts under every database's variable limit. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Rows per multi-row INSERT: SQLite allows 500 terms per compound statement and 32,766 variables. */
export function insertChunkSize(columns: number): number {
  return Math.max(1, Math.min(500, Math.floor(30000 / Math.max(1, columns))));
}

interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

const statements = new WeakMap<object, Map<string, SqliteStatement>>();

/**
 * SQLite inside a transaction: the transaction's own better-sqlite3 connection with a prepared
 * statement cached per connection. Executing one prepared statement per row in a transaction is
 * SQLite's fastest write path (no SQL text to build or compile per chunk); null elsewhere.
 */
async function sqliteStatement(trx: Trx, sql: string): Promise<SqliteStatement | null> {
  if (!(trx as Knex.Transaction).isTransaction || dialectOf(trx) !== 'sqlite') return null;
  const connection = (await ((trx as Knex).client as { acquireConnection(): Promise<unknown> }).acquireConnection()) as SqliteConnection;
  let cache = statements.get(connection);
  if (!cache) statements.set(connection, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = connection.prepare(sql)));
  return statement;
}

/** A value as better-sqlite3 binds it (knex's own conversions: Date → epoch ms, boolean → 0/1). */
function sqliteValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** PostgreSQL column types (`udt_name`: int4, varchar, timestamp, jsonb, …) per table, read once per process. */
const pgColumnTypes = new Map<string, Promise<Map<string, string>>>();

function pgTypesOf(trx: Trx, table: string): Promise<Map<string, string>> {
  let types = pgColumnTypes.get(table);
  if (!types) {
    types = (async () => {
      const rows = (await trx('information_schema.columns')
        .where({ table_name: table })
        .whereRaw('table_schema = current_schema()')
        .select('column_name', 'udt_name')) as Array<{ column_name: string; udt_name: string }>;
      return new Map(rows.map((r) => [r.column_name, r.udt_name]));
    })();
    types.catch(() => pgColumnTypes.delete(table));
    pgColumnTypes.set(table, types);
  }
  return types;
}

/** Rows per PostgreSQL `unnest` insert: one statement of one array per column, whatever the row count. */
const PG_UNNEST_ROWS = 5000;

/**
 * PostgreSQL: `INSERT … SELECT * FROM unnest($1::int4[], $2::varchar[], …)`, one array per column. The
 * statement has as many parameters as columns (a multi-row VALUES of 500 rows has 13,500 that knex
 * builds as SQL text and PostgreSQL parses, every chunk), so a chunk costs little on either side.
 */
async function pgInsertUnnest(trx: Trx, table: string, cols: string[], rows: Record<string, unknown>[]): Promise<boolean> {
  const types = await pgTypesOf(trx, table);
  if (cols.some((c) => !types.has(c))) return false;
  const casts = cols.map((c) => `?::${quoteIdentifier(types.get(c)!)}[]`).join(', ');
  const sql = `insert into ${quoteIdentifier(table)} (${cols.map(quoteIdentifier).join(', ')}) select * from unnest(${casts})`;
  for (const part of chunk(rows, PG_UNNEST_ROWS)) {
    const arrays = cols.map((c) => part.map((row) => (row[c] === undefined ? null : row[c])));
    await trx.raw(sql, arrays);
  }
  return true;
}

/**
 * Bulk INSERT of rows that share their columns. SQLite (in a transaction): one cached prepared
 * statement run per row; PostgreSQL: `unnest` arrays; MySQL: knex multi-row INSERTs in chunks under
 * the variable limits.
 */
export async function insertMany(trx: Trx, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]);
  const sql = `insert into ${quoteIdentifier(table)} (${cols.map(quoteIdentifier).join(', ')}) values (${cols.map(() => '?').join(', ')})`;
  const statement = await sqliteStatement(trx, sql);
  if (statement) {
    for (const row of rows) statement.run(...cols.map((c) => sqliteValue(row[c])));
    return;
  }
  if (dialectOf(trx) === 'postgres' && (await pgInsertUnnest(trx, table, cols, rows))) return;
  for (const part of chunk(rows, insertChunkSize(cols.length))) await trx(table).insert(part);
}

/**
 * Sets one column per row by id (`UPDATE table SET column = value WHERE id = ? AND column IS NULL`):
 * a prepared statement per row on SQLite, `CASE id WHEN … THEN …` in chunks elsewhere. Answers the
 * number of rows changed.
 */
export async function setColumnByIdWhereNull(trx: Trx, table: string, column: string, pairs: Array<[id: number, value: number]>): Promise<number> {
  if (pairs.length === 0) return 0;
  const sql = `update ${quoteIdentifier(table)} set ${quoteIdentifier(column)} = ? where "id" = ? and ${quoteIdentifier(column)} is null`;
  const statement = await sqliteStatement(trx, sql);
  let changed = 0;
  if (statement) {
    for (const [id, value] of pairs) changed += statement.run(value, id).changes;
    return changed;
  }
  if (dialectOf(trx) === 'postgres') {
    // one statement per 5,000 pairs: the ids and the values as two arrays
    for (const part of chunk(pairs, PG_UNNEST_ROWS)) {
      const result = (await trx.raw(
        `update ${quoteIdentifier(table)} as t set ${quoteIdentifier(column)} = v.value from unnest(?::int4[], ?::int4[]) as v(id, value) where t.id = v.id and t.${quoteIdentifier(column)} is null`,
        [part.map(([id]) => id), part.map(([, value]) => value)],
      )) as { rowCount?: number };
      changed += Number(result.rowCount ?? 0);
    }
    return changed;
  }
  const then = '?';
  for (const part of chunk(pairs, 400)) {
    const bindings: number[] = [];
    for (const [id, value] of part) bindings.push(id, value);
    changed += await trx(table)
      .whereIn(
        'id',
        part.map(([id]) => id),
      )
      .whereNull(column)
      .update({ [column]: trx.raw(`CASE id ${part.map(() => `WHEN ? THEN ${then}`).join(' ')} END`, bindings) });
  }
  return changed;
}

/**
 * Case-insensitive `LIKE` on any of the columns. `!` is the escape character: a backslash means
 * different things in MySQL string literals and elsewhere.
 */
export function whereSearch(qb: Knex.QueryBuilder, columns: string[], search: string | undefined): Knex.QueryBuilder {
  if (!search) return qb;
  const pattern = `%${search.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
  return qb.where((w) => {
    for (const col of columns) w.orWhereRaw(`LOWER(??) LIKE ? ESCAPE '!'`, [col, pattern]);
  });
}

/**
 * Lets Node handle pending I/O (HTTP requests, timers). better-sqlite3 answers synchronously, so a job
 * that only awaits queries would otherwise never give the event loop a turn until it ends.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
