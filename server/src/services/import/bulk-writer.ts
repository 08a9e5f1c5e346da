/**
 * The contract import's shared bulk writer: the three tables and two link tables as Strapi's metadata
 * names them, and the few set-wise reads and writes every upsert uses (chunked `IN (…)` reads, bulk
 * inserts that read the new ids back by documentId, chunked `CASE id WHEN …` updates, link rows with
 * Strapi's order columns). Rows look like the ones the Document Service writes for a type without
 * draft & publish: a fresh `document_id`, `created_at` = `updated_at` = `published_at` = now, and
 * relations as link rows with their order columns filled the way Strapi fills them.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { isDecimalString, normalizeDecimal } from '../../../../shared/money';
import { UID } from '../../constants';
import { chunk, dialectOf, insertChunkSize, insertMany } from '../../data/bulk';
import { columnName, columnNameOrNull, joinTable, tableName } from '../../data/tables';

export type Row = Record<string, unknown>;
export type Id = number;

/** A table-bound query builder on the import's transaction, plus what the bulk helpers need. */
export interface Db {
  (table: string): Knex.QueryBuilder;
  trx: Knex.Transaction;
}

/** Ids per `IN (…)` list: far below SQLite's, PostgreSQL's and MySQL's bound-variable limits. */
const READ_CHUNK = 500;
/** Rows per bulk UPDATE (at most 2 variables per row and changed column). */
const UPDATE_CHUNK = 200;

export type Kind = 'text' | 'date' | 'decimal';

function toDateText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) {
    const m = String(value.getMonth() + 1).padStart(2, '0');
    const d = String(value.getDate()).padStart(2, '0');
    return `${value.getFullYear()}-${m}-${d}`;
  }
  return String(value).slice(0, 10);
}

/** A stored value in the form the validated import carries, so the two compare with `===`. */
function normalizeStored(value: unknown, kind: Kind): string | null {
  if (value === null || value === undefined) return null;
  if (kind === 'date') return toDateText(value);
  const text = String(value);
  if (kind === 'decimal' && isDecimalString(text)) return normalizeDecimal(text);
  return text;
}

const sameValue = (a: unknown, b: unknown): boolean =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

export function trimmed(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

export { issue } from './check-line';

/* ------------------------------------------------------------------------------------------------ */
/* Tables from Strapi's metadata (data/tables.ts)                                                   */
/* ------------------------------------------------------------------------------------------------ */

export interface Model<F extends string> {
  table: string;
  id: string;
  documentId: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  /** imported field → column */
  fields: Record<F, string>;
  kinds: Record<F, Kind>;
}

export interface Link {
  table: string;
  /** the owning side's id column (contract_id for contract.debtor) */
  owner: string;
  /** the target's id column (debtor_id for contract.debtor) */
  target: string;
  /** order of the owner among the target's related entries (contract_ord: contracts of a debtor) */
  ownerOrder: string | null;
  /** order of the target among the owner's (absent for manyToOne) */
  targetOrder: string | null;
}

function model<F extends string>(strapi: Core.Strapi, uid: string, kinds: Record<F, Kind>): Model<F> {
  const fields = {} as Record<F, string>;
  for (const f of Object.keys(kinds) as F[]) fields[f] = columnName(strapi, uid, f);
  return {
    table: tableName(strapi, uid),
    id: columnName(strapi, uid, 'id'),
    documentId: columnName(strapi, uid, 'documentId'),
    createdAt: columnName(strapi, uid, 'createdAt'),
    updatedAt: columnName(strapi, uid, 'updatedAt'),
    publishedAt: columnNameOrNull(strapi, uid, 'publishedAt'),
    fields,
    kinds,
  };
}

function link(strapi: Core.Strapi, uid: string, attr: string): Link {
  const jt = joinTable(strapi, uid, attr);
  return {
    table: jt.name,
    owner: jt.joinColumn,
    target: jt.inverseJoinColumn,
    ownerOrder: jt.inverseOrderColumn ?? null,
    targetOrder: jt.orderColumn ?? null,
  };
}

export const DEBTOR_KINDS = {
  reference: 'text',
  name: 'text',
  email: 'text',
  street: 'text',
  postalCode: 'text',
  city: 'text',
  country: 'text',
  countryCode: 'text',
  vatNumber: 'text',
  language: 'text',
  electronicAddress: 'text',
  deliveryChannel: 'text',
} as const satisfies Record<string, Kind>;

export const CONTRACT_KINDS = {
  reference: 'text',
  name: 'text',
  invoiceCycle: 'text',
  startDate: 'date',
  endDate: 'date',
  status: 'text',
  currency: 'text',
} as const satisfies Record<string, Kind>;

export const LINE_KINDS = {
  reference: 'text',
  description: 'text',
  unitPrice: 'decimal',
  quantity: 'decimal',
  vatRate: 'decimal',
  startDate: 'date',
  endDate: 'date',
} as const satisfies Record<string, Kind>;

export type DebtorField = keyof typeof DEBTOR_KINDS;
export type ContractField = keyof typeof CONTRACT_KINDS;
export type LineField = keyof typeof LINE_KINDS;
export type Values<F extends string> = Record<F, string | null>;

export interface ImportTables {
  debtor: Model<DebtorField>;
  contract: Model<ContractField>;
  line: Model<LineField>;
  contractDebtor: Link;
  lineContract: Link;
}

/** The changed fields of a stored row as columns → new values; null when nothing changed. */
export function changes<F extends string>(m: Model<F>, stored: Row, values: Values<F>): Row | null {
  let diff: Row | null = null;
  for (const f of Object.keys(values) as F[]) {
    const col = m.fields[f];
    if (normalizeStored(stored[col], m.kinds[f]) !== values[f]) (diff ??= {})[col] = values[f];
  }
  return diff;
}

function toColumns<F extends string>(m: Model<F>, values: Values<F>): Row {
  const row: Row = {};
  for (const f of Object.keys(values) as F[]) row[m.fields[f]] = values[f];
  return row;
}

/** A new entity row as the Document Service writes it (no draft & publish: published at once). */
export function entityRow<F extends string>(m: Model<F>, documentId: string, values: Values<F>, now: Date): Row {
  const row: Row = { [m.documentId]: documentId, ...toColumns(m, values), [m.createdAt]: now, [m.updatedAt]: now };
  if (m.publishedAt) row[m.publishedAt] = now;
  return row;
}

/* ------------------------------------------------------------------------------------------------ */
/* The writer                                                                                       */
/* ------------------------------------------------------------------------------------------------ */

export const bulkWriter = (strapi: Core.Strapi) => {
  let tables: ImportTables | undefined;

  const getTables = (): ImportTables =>
    (tables ??= {
      debtor: model(strapi, UID.debtor, DEBTOR_KINDS),
      contract: model(strapi, UID.contract, CONTRACT_KINDS),
      line: model(strapi, UID.contractLine, LINE_KINDS),
      contractDebtor: link(strapi, UID.contract, 'debtor'),
      lineContract: link(strapi, UID.contractLine, 'contract'),
    });

  /** Table-bound query builders on the transaction (schema-aware, as Strapi's own `getConnection`). */
  const dbFor = (trx: Knex.Transaction): Db => {
    const schema = strapi.db.getSchemaName();
    const q = ((table: string) => (schema ? trx(table).withSchema(schema) : trx(table))) as Db;
    q.trx = trx;
    return q;
  };

  /** Reads rows whose `col` is in `values`, in chunks. */
  async function readIn(q: Db, table: string, col: string, values: readonly unknown[], select: string[]): Promise<Row[]> {
    const out: Row[] = [];
    for (const part of chunk([...new Set(values)], READ_CHUNK)) {
      const rows = (await q(table).select(select).whereIn(col, part as never[])) as Row[];
      for (const r of rows) out.push(r);
    }
    return out;
  }

  async function deleteIn(q: Db, table: string, col: string, values: readonly unknown[]): Promise<void> {
    for (const part of chunk(values, READ_CHUNK)) await q(table).whereIn(col, part as never[]).del();
  }

  /**
   * Inserts entity rows (they carry their generated documentIds) with the plugin's bulk insert and
   * answers documentId → row id, read back by documentId.
   */
  async function insertEntities<F extends string>(q: Db, m: Model<F>, rows: Row[]): Promise<Map<string, Id>> {
    const ids = new Map<string, Id>();
    if (rows.length === 0) return ids;
    if (dialectOf(q.trx) === 'postgres') {
      // PostgreSQL answers the new ids with the insert: no read-back through the documentId index.
      for (const part of chunk(rows, insertChunkSize(Object.keys(rows[0]).length))) {
        const inserted = (await q.trx(m.table).insert(part).returning([m.id, m.documentId])) as Row[];
        for (const r of inserted) ids.set(String(r[m.documentId]), Number(r[m.id]));
      }
      if (ids.size !== rows.length) throw new Error(`contract import: inserted ${rows.length} rows into ${m.table} but got ${ids.size} ids back`);
      return ids;
    }
    await insertMany(q.trx, m.table, rows);
    const inserted = await readIn(q, m.table, m.documentId, rows.map((r) => r[m.documentId]), [m.id, m.documentId]);
    for (const r of inserted) ids.set(String(r[m.documentId]), Number(r[m.id]));
    if (ids.size !== rows.length) throw new Error(`contract import: inserted ${rows.length} rows into ${m.table} but found ${ids.size}`);
    return ids;
  }

  /**
   * Updates rows in place, UPDATE_CHUNK rows per statement: each changed column is set with
   * `CASE id WHEN … THEN … ELSE column END` (a column every row sets to the same value is a plain
   * assignment), instead of one statement per row.
   */
  async function updateRows(q: Db, table: string, idColumn: string, updates: Array<{ id: Id; set: Row }>): Promise<void> {
    for (const part of chunk(updates, UPDATE_CHUNK)) {
      const columns = new Set<string>();
      for (const u of part) for (const c of Object.keys(u.set)) columns.add(c);
      const assignments: Row = {};
      for (const col of columns) {
        const setting = part.filter((u) => col in u.set);
        const first = setting[0].set[col];
        if (setting.length === part.length && setting.every((u) => sameValue(u.set[col], first))) {
          assignments[col] = first ?? null;
          continue;
        }
        const bindings: unknown[] = [idColumn];
        for (const u of setting) bindings.push(u.id, u.set[col] ?? null);
        bindings.push(col);
        assignments[col] = q.trx.raw(`CASE ?? ${setting.map(() => 'WHEN ? THEN ?').join(' ')} ELSE ?? END`, bindings as Knex.RawBinding[]);
      }
      await q(table)
        .whereIn(
          idColumn,
          part.map((u) => u.id),
        )
        .update(assignments);
    }
  }

  /** Highest order value per target in a link table (e.g. per debtor: its contracts' contract_ord). */
  async function maxOrders(q: Db, l: Link, targetIds: readonly Id[]): Promise<Map<Id, number>> {
    const out = new Map<Id, number>();
    if (!l.ownerOrder) return out;
    for (const part of chunk([...new Set(targetIds)], READ_CHUNK)) {
      const rows = (await q(l.table)
        .select(l.target)
        .max({ maxOrd: l.ownerOrder })
        .whereIn(l.target, part)
        .groupBy(l.target)) as Row[];
      for (const r of rows) out.set(Number(r[l.target]), Number(r.maxOrd ?? 0));
    }
    return out;
  }

  /** Link rows (owner, target) appended at the end of each target's list, as Strapi orders them. */
  async function insertLinks(q: Db, l: Link, pairs: Array<[owner: Id, target: Id]>, existingMax?: Map<Id, number>): Promise<void> {
    if (pairs.length === 0) return;
    const max = existingMax ?? (await maxOrders(q, l, pairs.map(([, t]) => t)));
    const rows = pairs.map(([owner, target]) => {
      const row: Row = { [l.owner]: owner, [l.target]: target };
      if (l.ownerOrder) {
        const ord = (max.get(target) ?? 0) + 1;
        max.set(target, ord);
        row[l.ownerOrder] = ord;
      }
      if (l.targetOrder) row[l.targetOrder] = 1;
      return row;
    });
    await insertMany(q.trx, l.table, rows);
  }

  /** The writer bound to one transaction's builders: what the upserts call. */
  const bind = (q: Db): TxWriter => ({
    getTables,
    readIn: (table, col, values, select) => readIn(q, table, col, values, select),
    deleteIn: (table, col, values) => deleteIn(q, table, col, values),
    insertEntities: (m, rows) => insertEntities(q, m, rows),
    updateRows: (table, idColumn, updates) => updateRows(q, table, idColumn, updates),
    insertLinks: (l, pairs, existingMax) => insertLinks(q, l, pairs, existingMax),
  });

  return { getTables, dbFor, bind, readIn, deleteIn, insertEntities, updateRows, insertLinks };
};

export type BulkWriter = ReturnType<typeof bulkWriter>;

/**
 * The bulk writer bound to one transaction, as the upserts use it. Every argument and answer is
 * plain data, so the NDJSON import thread calls it across threads (import-thread.ts).
 */
export interface TxWriter {
  getTables(): ImportTables;
  readIn(table: string, col: string, values: readonly unknown[], select: string[]): Promise<Row[]>;
  deleteIn(table: string, col: string, values: readonly unknown[]): Promise<void>;
  insertEntities<F extends string>(m: Model<F>, rows: Row[]): Promise<Map<string, Id>>;
  updateRows(table: string, idColumn: string, updates: Array<{ id: Id; set: Row }>): Promise<void>;
  insertLinks(l: Link, pairs: Array<[owner: Id, target: Id]>, existingMax?: Map<Id, number>): Promise<void>;
}
