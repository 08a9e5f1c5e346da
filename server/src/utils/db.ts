/**
 * Small helpers for the plugin's knex paths (bulk work and conditional updates), portable across
 * SQLite, PostgreSQL and MySQL/MariaDB.
 */
import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { formatMinor } from '../../../shared/money';
import { UID } from '../constants';

export type Trx = Knex | Knex.Transaction;

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Characters of a bulk documentId after its time prefix: 14 random ones, ~72 bits. */
const RANDOM_CHARS = 14;
let lastMs = 0;

/**
 * `count` documentIds for rows written in bulk, in the shape of Strapi's cuid2 ids (24 characters,
 * lowercase letters and digits, starting with a letter): `d`, the time in milliseconds in base 36
 * (9 characters, never decreasing in this process), then 14 crypto-random characters (~72 bits, by
 * rejection sampling, so each is uniformly distributed). cuid2's `createId` costs ~26 µs per id
 * (4 s for 150k rows); this is ~2 µs.
 *
 * The time prefix keeps the ids of a batch next to each other in Strapi's `document_id` index: with
 * wholly random ids every row of a batch lands on another page of an index that grows with the
 * table, so a batch of 1,000 rows got ~3× slower between 100k and 1M rows on SQLite (each touched
 * page is written to the journal); with the prefix the cost per batch stays flat.
 */
export function newDocumentIds(count: number): string[] {
  const ids: string[] = new Array(count);
  let pool = crypto.randomBytes(Math.max(64, count * 16));
  let p = 0;
  const next = (range: number): string => {
    const limit = 256 - (256 % range);
    for (;;) {
      if (p >= pool.length) {
        pool = crypto.randomBytes(Math.max(64, count * 4));
        p = 0;
      }
      const b = pool[p++];
      if (b < limit) return ID_ALPHABET[b % range];
    }
  };
  lastMs = Math.max(lastMs, Date.now());
  const prefix = `d${lastMs.toString(36).padStart(9, '0')}`;
  for (let i = 0; i < count; i++) {
    let id = prefix;
    for (let j = 0; j < RANDOM_CHARS; j++) id += next(36);
    ids[i] = id;
  }
  return ids;
}

let idPool: string[] = [];

/** One documentId (drawn from a pool refilled 256 at a time). */
export function newDocumentId(): string {
  if (idPool.length === 0) idPool = newDocumentIds(256);
  return idPool.pop()!;
}

/** A unique-index violation, as PostgreSQL, MySQL/MariaDB and SQLite report it. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, errno } = error as { code?: unknown; errno?: unknown };
  return code === '23505' || code === 'ER_DUP_ENTRY' || errno === 1062 || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Columns Strapi fills on every row of a collection type without draft & publish. */
export function baseColumns(now: Date = new Date()): Record<string, unknown> {
  return { document_id: newDocumentId(), created_at: now, updated_at: now, published_at: now };
}

export function tableName(strapi: Core.Strapi, uid: string): string {
  return strapi.db.metadata.get(uid as never).tableName;
}

export interface JoinTable {
  name: string;
  joinColumn: string;
  inverseJoinColumn: string;
  orderColumn?: string;
  inverseOrderColumn?: string;
}

/** The link table of a Strapi relation attribute. */
export function joinTable(strapi: Core.Strapi, uid: string, attribute: string): JoinTable {
  const attr = strapi.db.metadata.get(uid as never).attributes[attribute] as unknown as {
    joinTable: {
      name: string;
      joinColumn: { name: string };
      inverseJoinColumn: { name: string };
      orderColumnName?: string;
      inverseOrderColumnName?: string;
    };
  };
  const jt = attr.joinTable;
  return {
    name: jt.name,
    joinColumn: jt.joinColumn.name,
    inverseJoinColumn: jt.inverseJoinColumn.name,
    orderColumn: jt.orderColumnName,
    inverseOrderColumn: jt.inverseOrderColumnName,
  };
}

/**
 * The invoice category (documentId and name, the API's shape) linked to each of `ownerIds`, rows of
 * `ownerUid` (runs or schedules), through Strapi's link table.
 */
export async function linkedCategories(
  strapi: Core.Strapi,
  trx: Trx,
  ownerUid: string,
  ownerIds: number[],
): Promise<Map<number, { documentId: string; name: string }>> {
  const link = joinTable(strapi, ownerUid, 'invoiceCategory');
  const categories = tableName(strapi, UID.invoiceCategory);
  const found = new Map<number, { documentId: string; name: string }>();
  for (const ids of chunk(ownerIds, 500)) {
    const rows = (await trx(link.name)
      .join(categories, `${categories}.id`, `${link.name}.${link.inverseJoinColumn}`)
      .whereIn(`${link.name}.${link.joinColumn}`, ids)
      .select(`${link.name}.${link.joinColumn} as owner_id`, `${categories}.document_id as document_id`, `${categories}.name as name`)) as Array<
      Record<string, unknown>
    >;
    for (const r of rows) found.set(Number(r.owner_id), { documentId: String(r.document_id), name: String(r.name) });
  }
  return found;
}

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

/** The plugin's tables by role, named as Strapi's metadata names them. */
export function tables(strapi: Core.Strapi) {
  const name = (uid: string) => () => tableName(strapi, uid);
  return {
    debtors: name(UID.debtor),
    categories: name(UID.invoiceCategory),
    contracts: name(UID.contract),
    contractLines: name(UID.contractLine),
    schedules: name(UID.schedule),
    runs: name(UID.run),
    amounts: name(UID.amount),
    invoices: name(UID.invoice),
    invoiceLines: name(UID.invoiceLine),
    jobs: name(UID.job),
    events: name(UID.runEvent),
    sequences: name(UID.sequence),
  };
}

/** JSON columns come back as text (SQLite, MySQL, Strapi's PostgreSQL JSONB parser) or objects. */
export function parseJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as T;
    } catch {
      return fallback;
    }
  }
  return value as T;
}

/** Dates come back as `YYYY-MM-DD` text, or as a Date from some MySQL configurations. */
export function toDateString(value: unknown): string {
  if (value instanceof Date) {
    const y = value.getFullYear();
    const m = String(value.getMonth() + 1).padStart(2, '0');
    const d = String(value.getDate()).padStart(2, '0');
    return `${y}-${m}-${d}`;
  }
  return String(value).slice(0, 10);
}

export function toDateStringOrNull(value: unknown): string | null {
  return value === null || value === undefined || value === '' ? null : toDateString(value);
}

/** Datetimes: SQLite keeps epoch milliseconds, the others a timestamp. */
export function toIso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const d = value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function toInt(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** The quantity, price and money columns of an amount or invoice line row in the API's shape (DESIGN §11). */
export function lineMoney(r: Record<string, unknown>, currency: string) {
  return {
    quantity: String(r.quantity),
    unitPrice: String(r.unit_price),
    net: formatMinor(Number(r.net), currency),
    vatRate: String(r.vat_rate),
    vat: formatMinor(Number(r.vat), currency),
    gross: formatMinor(Number(r.gross), currency),
  };
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
