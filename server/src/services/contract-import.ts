/**
 * Contract import (DESIGN §11): bulk upsert of debtors, contracts and their lines by reference.
 *
 * All-or-nothing: the whole body is validated first (the shared zod schema, plus every
 * `debtorReference` checked against the body and the database) and a 400 lists every bad path; the
 * writes then run in one `strapi.db.transaction`.
 *
 * The fast path writes with knex in chunks instead of calling the Document Service per row (100k
 * lines must import in seconds, not many minutes). Every row it inserts looks like one the Document
 * Service writes for a type without draft & publish: a fresh `document_id`, `created_at` =
 * `updated_at` = `published_at` = now, `created_by_id`/`updated_by_id`/`locale` null, and relations
 * as rows in Strapi's link tables (names read from the metadata) with their order columns filled the
 * way Strapi fills them (the next number per parent). Table and column names all come from
 * `strapi.db.metadata`.
 *
 * Identity: a record whose imported fields all equal the stored ones (decimals compared in canonical
 * form, dates as `YYYY-MM-DD`) is not written at all; a changed one is updated in place. Both keep
 * their row id and documentId, which is what the duplicate protection of amounts is keyed on.
 *
 * Each listed record is described completely: an optional field left out of the body is stored as
 * null (as `status` and `currency` take their defaults), so importing the same body twice is a no-op
 * and an import is the state of the records it lists. Records not in the body are left alone, except
 * the lines of an imported contract, which are exactly the ones the import lists.
 *
 * Not done on this path (documented trade-offs): the Document Service middlewares, database
 * lifecycles (the zod schema is the validation here) and per-entry `entry.*` webhooks.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { ImportResult, UpsertCounts } from '../../../shared/contracts/contracts-import';
import {
  importInputSchema,
  validate,
  type ImportContract,
  type ImportContractLine,
  type ImportDebtor,
  type ImportInput,
  type ValidationIssue,
} from '../../../shared/validation';
import { isDecimalString, normalizeDecimal } from '../../../shared/money';
import { UID } from '../constants';
import { conflict, validationError } from '../utils/errors';
import { chunk, insertMany, isUniqueViolation, newDocumentIds } from '../utils/db';

type Row = Record<string, unknown>;
type Id = number;

/** A table-bound query builder on the import's transaction, plus what the bulk helpers need. */
interface Db {
  (table: string): Knex.QueryBuilder;
  trx: Knex.Transaction;
}

/** Ids per `IN (…)` list: far below SQLite's, PostgreSQL's and MySQL's bound-variable limits. */
const READ_CHUNK = 500;
/** Rows per bulk UPDATE (at most 2 variables per row and changed column). */
const UPDATE_CHUNK = 200;

/* ------------------------------------------------------------------------------------------------ */
/* Small helpers                                                                                    */
/* ------------------------------------------------------------------------------------------------ */


type Kind = 'text' | 'date' | 'decimal';

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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function trimmed(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}


const issue = (path: (string | number)[], message: string): ValidationIssue => ({
  path: path.map(String),
  message,
  name: 'ValidationError',
});

/* ------------------------------------------------------------------------------------------------ */
/* Tables from Strapi's metadata                                                                    */
/* ------------------------------------------------------------------------------------------------ */

interface MetaAttribute {
  columnName?: string;
  joinTable?: {
    name: string;
    joinColumn: { name: string };
    inverseJoinColumn: { name: string };
    orderColumnName?: string;
    inverseOrderColumnName?: string;
  };
}

interface Model<F extends string> {
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

interface Link {
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

function attributesOf(strapi: Core.Strapi, uid: string): Record<string, MetaAttribute> {
  return strapi.db.metadata.get(uid as never).attributes as unknown as Record<string, MetaAttribute>;
}

function column(strapi: Core.Strapi, uid: string, attr: string): string {
  const name = attributesOf(strapi, uid)[attr]?.columnName;
  if (!name) throw new Error(`contract import: no column for ${uid}.${attr}`);
  return name;
}

function model<F extends string>(strapi: Core.Strapi, uid: string, kinds: Record<F, Kind>): Model<F> {
  const fields = {} as Record<F, string>;
  for (const f of Object.keys(kinds) as F[]) fields[f] = column(strapi, uid, f);
  const attrs = attributesOf(strapi, uid);
  return {
    table: strapi.db.metadata.get(uid as never).tableName,
    id: column(strapi, uid, 'id'),
    documentId: column(strapi, uid, 'documentId'),
    createdAt: column(strapi, uid, 'createdAt'),
    updatedAt: column(strapi, uid, 'updatedAt'),
    publishedAt: attrs.publishedAt?.columnName ?? null,
    fields,
    kinds,
  };
}

function link(strapi: Core.Strapi, uid: string, attr: string): Link {
  const jt = attributesOf(strapi, uid)[attr]?.joinTable;
  if (!jt) throw new Error(`contract import: ${uid}.${attr} has no link table`);
  return {
    table: jt.name,
    owner: jt.joinColumn.name,
    target: jt.inverseJoinColumn.name,
    ownerOrder: jt.inverseOrderColumnName ?? null,
    targetOrder: jt.orderColumnName ?? null,
  };
}

const DEBTOR_KINDS = {
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

const CONTRACT_KINDS = {
  reference: 'text',
  name: 'text',
  invoiceCycle: 'text',
  startDate: 'date',
  endDate: 'date',
  status: 'text',
  currency: 'text',
} as const satisfies Record<string, Kind>;

const LINE_KINDS = {
  reference: 'text',
  description: 'text',
  unitPrice: 'decimal',
  quantity: 'decimal',
  vatRate: 'decimal',
  startDate: 'date',
  endDate: 'date',
} as const satisfies Record<string, Kind>;

type DebtorField = keyof typeof DEBTOR_KINDS;
type ContractField = keyof typeof CONTRACT_KINDS;
type LineField = keyof typeof LINE_KINDS;
type Values<F extends string> = Record<F, string | null>;

const debtorValues = (d: ImportDebtor): Values<DebtorField> => ({
  reference: d.reference,
  name: d.name,
  email: d.email ?? null,
  street: d.street ?? null,
  postalCode: d.postalCode ?? null,
  city: d.city ?? null,
  country: d.country ?? null,
  countryCode: d.countryCode ?? null,
  vatNumber: d.vatNumber ?? null,
  language: d.language ?? null,
  electronicAddress: d.electronicAddress ?? null,
  deliveryChannel: d.deliveryChannel,
});

const contractValues = (c: ImportContract): Values<ContractField> => ({
  reference: c.reference,
  name: c.name,
  invoiceCycle: c.invoiceCycle,
  startDate: c.startDate,
  endDate: c.endDate ?? null,
  status: c.status,
  currency: c.currency,
});

const lineReference = (l: ImportContractLine): string | null => trimmed(l.reference);

const lineValues = (l: ImportContractLine): Values<LineField> => ({
  reference: lineReference(l),
  description: l.description,
  unitPrice: l.unitPrice,
  quantity: l.quantity,
  vatRate: l.vatRate,
  startDate: l.startDate ?? null,
  endDate: l.endDate ?? null,
});

/** The changed fields of a stored row as columns → new values; null when nothing changed. */
function changes<F extends string>(m: Model<F>, stored: Row, values: Values<F>): Row | null {
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

const emptyCounts = (): UpsertCounts => ({ created: 0, updated: 0, unchanged: 0 });

/* ------------------------------------------------------------------------------------------------ */
/* The service                                                                                      */
/* ------------------------------------------------------------------------------------------------ */

const contractImport = ({ strapi }: { strapi: Core.Strapi }) => {
  let tables:
    | {
        debtor: Model<DebtorField>;
        contract: Model<ContractField>;
        line: Model<LineField>;
        contractDebtor: Link;
        lineContract: Link;
      }
    | undefined;

  const getTables = () =>
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

  /** 400 issues for `contracts[i].debtorReference` that are neither in the body nor in the database. */
  async function unknownDebtorIssues(q: Db, bodyDebtorRefs: Set<string>, contractRefs: Array<[number, string]>): Promise<ValidationIssue[]> {
    const { debtor } = getTables();
    const wanted = contractRefs.map(([, ref]) => ref).filter((ref) => !bodyDebtorRefs.has(ref));
    if (wanted.length === 0) return [];
    const found = new Set(
      (await readIn(q, debtor.table, debtor.fields.reference, wanted, [debtor.fields.reference])).map((r) => String(r[debtor.fields.reference])),
    );
    return contractRefs
      .filter(([, ref]) => !bodyDebtorRefs.has(ref) && !found.has(ref))
      .map(([i, ref]) =>
        issue(
          ['contracts', i, 'debtorReference'],
          `Debtor reference "${ref}" is not one of the debtors in this import and does not exist yet.`,
        ),
      );
  }

  /** The debtor-reference check on a body that failed the schema: as far as its shape allows. */
  async function rawDebtorIssues(q: Db, input: unknown): Promise<ValidationIssue[]> {
    if (!isObject(input)) return [];
    const bodyRefs = new Set<string>();
    if (Array.isArray(input.debtors)) {
      for (const d of input.debtors) {
        const ref = isObject(d) ? trimmed(d.reference) : null;
        if (ref !== null) bodyRefs.add(ref);
      }
    }
    const contractRefs: Array<[number, string]> = [];
    if (Array.isArray(input.contracts)) {
      input.contracts.forEach((c: unknown, i: number) => {
        const ref = isObject(c) ? trimmed(c.debtorReference) : null;
        if (ref !== null) contractRefs.push([i, ref]);
      });
    }
    return unknownDebtorIssues(q, bodyRefs, contractRefs);
  }

  const refusal = (issues: ValidationIssue[]) =>
    validationError(issues.length === 1 ? issues[0].message : `${issues.length} errors occurred`, issues);

  async function run(q: Db, data: ImportInput, mark: (phase: string) => void): Promise<ImportResult> {
    const t = getTables();
    const now = new Date();
    const result: ImportResult = {
      debtors: emptyCounts(),
      contracts: emptyCounts(),
      lines: { ...emptyCounts(), removed: 0 },
    };

    const entityRow = <F extends string>(m: Model<F>, documentId: string, values: Values<F>): Row => {
      const row: Row = { [m.documentId]: documentId, ...toColumns(m, values), [m.createdAt]: now, [m.updatedAt]: now };
      if (m.publishedAt) row[m.publishedAt] = now; // no draft & publish: every entry is published
      return row;
    };

    /* ---- debtors ---- */
    const D = t.debtor;
    const bodyDebtorRefs = new Set(data.debtors.map((d) => d.reference));
    const allDebtorRefs = [...bodyDebtorRefs, ...data.contracts.map((c) => c.debtorReference)];
    const storedDebtors = new Map<string, Row>();
    for (const r of await readIn(q, D.table, D.fields.reference, allDebtorRefs, [D.id, ...Object.values<string>(D.fields)])) {
      storedDebtors.set(String(r[D.fields.reference]), r);
    }

    const unknown = await unknownDebtorIssues(
      q,
      new Set([...bodyDebtorRefs, ...storedDebtors.keys()]),
      data.contracts.map((c, i) => [i, c.debtorReference]),
    );
    if (unknown.length > 0) throw refusal(unknown);

    const debtorIds = new Map<string, Id>();
    for (const [ref, r] of storedDebtors) debtorIds.set(ref, Number(r[D.id]));

    const newDebtors: Row[] = [];
    const newDebtorRefs = new Map<string, string>(); // documentId → reference
    const debtorUpdates: Array<{ id: Id; set: Row }> = [];
    const debtorDocIds = newDocumentIds(data.debtors.filter((d) => !storedDebtors.has(d.reference)).length);
    for (const d of data.debtors) {
      const values = debtorValues(d);
      const stored = storedDebtors.get(d.reference);
      if (!stored) {
        const documentId = debtorDocIds[newDebtors.length];
        newDebtors.push(entityRow(D, documentId, values));
        newDebtorRefs.set(documentId, d.reference);
        result.debtors.created += 1;
        continue;
      }
      const diff = changes(D, stored, values);
      if (diff) {
        debtorUpdates.push({ id: Number(stored[D.id]), set: { ...diff, [D.updatedAt]: now } });
        result.debtors.updated += 1;
      } else {
        result.debtors.unchanged += 1;
      }
    }
    await updateRows(q, D.table, D.id, debtorUpdates);
    for (const [documentId, id] of await insertEntities(q, D, newDebtors)) debtorIds.set(newDebtorRefs.get(documentId)!, id);

    mark('debtors');

    /* ---- contracts ---- */
    const C = t.contract;
    const CD = t.contractDebtor;
    const storedContracts = new Map<string, Row>();
    for (const r of await readIn(q, C.table, C.fields.reference, data.contracts.map((c) => c.reference), [C.id, ...Object.values<string>(C.fields)])) {
      storedContracts.set(String(r[C.fields.reference]), r);
    }
    const storedContractIds = [...storedContracts.values()].map((r) => Number(r[C.id]));
    const storedDebtorLinks = new Map<Id, Id[]>(); // contract id → debtor ids
    for (const r of await readIn(q, CD.table, CD.owner, storedContractIds, [CD.owner, CD.target])) {
      const owner = Number(r[CD.owner]);
      const list = storedDebtorLinks.get(owner) ?? [];
      list.push(Number(r[CD.target]));
      storedDebtorLinks.set(owner, list);
    }

    const contractIds = new Map<string, Id>();
    const newContracts: Row[] = [];
    const newContractRefs = new Map<string, string>(); // documentId → reference
    const contractUpdates: Array<{ id: Id; set: Row }> = [];
    const relinkContracts: Id[] = []; // existing contracts whose debtor link is replaced
    const debtorLinkPairs: Array<[Id, Id] | [string, Id]> = []; // (contract id or new contract's reference, debtor id)
    const contractDocIds = newDocumentIds(data.contracts.filter((c) => !storedContracts.has(c.reference)).length);
    for (const c of data.contracts) {
      const values = contractValues(c);
      const debtorId = debtorIds.get(c.debtorReference)!;
      const stored = storedContracts.get(c.reference);
      if (!stored) {
        const documentId = contractDocIds[newContracts.length];
        newContracts.push(entityRow(C, documentId, values));
        newContractRefs.set(documentId, c.reference);
        debtorLinkPairs.push([c.reference, debtorId]);
        result.contracts.created += 1;
        continue;
      }
      const id = Number(stored[C.id]);
      contractIds.set(c.reference, id);
      const diff = changes(C, stored, values);
      const links = storedDebtorLinks.get(id) ?? [];
      const debtorChanged = links.length !== 1 || links[0] !== debtorId;
      if (debtorChanged) {
        if (links.length > 0) relinkContracts.push(id);
        debtorLinkPairs.push([id, debtorId]);
      }
      if (diff || debtorChanged) {
        contractUpdates.push({ id, set: { ...diff, [C.updatedAt]: now } });
        result.contracts.updated += 1;
      } else {
        result.contracts.unchanged += 1;
      }
    }
    await updateRows(q, C.table, C.id, contractUpdates);
    await deleteIn(q, CD.table, CD.owner, relinkContracts);
    for (const [documentId, id] of await insertEntities(q, C, newContracts)) contractIds.set(newContractRefs.get(documentId)!, id);
    await insertLinks(
      q,
      CD,
      debtorLinkPairs.map(([contract, debtor]) => [typeof contract === 'number' ? contract : contractIds.get(contract)!, debtor]),
    );

    mark('contracts');

    /* ---- lines ---- */
    const L = t.line;
    const LC = t.lineContract;
    // Existing lines of the imported contracts that existed before this import.
    const linksOfContract = new Map<Id, Array<{ lineId: Id }>>();
    const lineOrderMax = new Map<Id, number>();
    for (const r of await readIn(q, LC.table, LC.target, storedContractIds, [LC.owner, LC.target, ...(LC.ownerOrder ? [LC.ownerOrder] : [])])) {
      const contractId = Number(r[LC.target]);
      const list = linksOfContract.get(contractId) ?? [];
      list.push({ lineId: Number(r[LC.owner]) });
      linksOfContract.set(contractId, list);
      if (LC.ownerOrder) lineOrderMax.set(contractId, Math.max(lineOrderMax.get(contractId) ?? 0, Number(r[LC.ownerOrder] ?? 0)));
    }
    const storedLines = new Map<Id, Row>();
    const linkedLineIds = [...linksOfContract.values()].flatMap((list) => list.map((x) => x.lineId));
    for (const r of await readIn(q, L.table, L.id, linkedLineIds, [L.id, ...Object.values<string>(L.fields)])) {
      storedLines.set(Number(r[L.id]), r);
    }

    const lineUpdates: Array<{ id: Id; set: Row }> = [];
    const removedLines: Id[] = [];
    const newLines: Array<{ contractId: Id; values: Values<LineField> }> = [];
    for (const c of data.contracts) {
      const contractId = contractIds.get(c.reference)!;
      const existing = (linksOfContract.get(contractId) ?? [])
        .map(({ lineId }) => storedLines.get(lineId))
        .filter((r): r is Row => r !== undefined)
        .sort((a, b) => Number(a[L.id]) - Number(b[L.id]));
      const byReference = new Map<string, Row>();
      const withoutReference: Row[] = [];
      for (const r of existing) {
        const ref = trimmed(r[L.fields.reference]);
        if (ref === null) withoutReference.push(r);
        else if (!byReference.has(ref)) byReference.set(ref, r);
      }
      const matched = new Set<Id>();
      let position = 0;
      for (const line of c.lines) {
        const values = lineValues(line);
        let stored: Row | undefined;
        if (values.reference !== null) {
          stored = byReference.get(values.reference);
          byReference.delete(values.reference);
        } else {
          stored = withoutReference[position++];
        }
        if (!stored) {
          newLines.push({ contractId, values });
          result.lines.created += 1;
          continue;
        }
        const id = Number(stored[L.id]);
        matched.add(id);
        const diff = changes(L, stored, values);
        if (diff) {
          lineUpdates.push({ id, set: { ...diff, [L.updatedAt]: now } });
          result.lines.updated += 1;
        } else {
          result.lines.unchanged += 1;
        }
      }
      for (const r of existing) {
        const id = Number(r[L.id]);
        if (!matched.has(id)) removedLines.push(id);
      }
    }
    result.lines.removed = removedLines.length;

    await deleteIn(q, LC.table, LC.owner, removedLines);
    await deleteIn(q, L.table, L.id, removedLines);
    await updateRows(q, L.table, L.id, lineUpdates);

    const lineDocIds = newDocumentIds(newLines.length);
    const lineContractOf = new Map<string, Id>(); // documentId → contract id
    const lineRows = newLines.map(({ contractId, values }, i) => {
      lineContractOf.set(lineDocIds[i], contractId);
      return entityRow(L, lineDocIds[i], values);
    });
    const insertedLines = await insertEntities(q, L, lineRows);
    // Links in import order, so each contract's lines keep the body's order in the Content Manager.
    await insertLinks(
      q,
      LC,
      lineDocIds.map((documentId) => [insertedLines.get(documentId)!, lineContractOf.get(documentId)!]),
      lineOrderMax,
    );

    mark('lines');
    return result;
  }

  return {
    async importContracts(input: unknown): Promise<ImportResult> {
      const started = Date.now();
      const timings: string[] = [];
      let last = started;
      const mark = (phase: string) => {
        const now = Date.now();
        timings.push(`${phase} ${now - last} ms`);
        last = now;
      };
      const parsed = validate(importInputSchema, input);
      mark('validation');
      let result: ImportResult;
      try {
        result = await strapi.db.transaction(async ({ trx }) => {
          const q = dbFor(trx as Knex.Transaction);
          if (!parsed.ok) throw refusal([...parsed.errors, ...(await rawDebtorIssues(q, input))]);
          return run(q, parsed.value, mark);
        });
      } catch (error) {
        // Another writer (a second instance, a Content Manager edit) created one of the references
        // between our read and our insert: the unique index refused it and the transaction rolled back.
        if (isUniqueViolation(error)) {
          throw conflict('A debtor or contract with one of these references was created by someone else during the import. Nothing was imported; please try again.');
        }
        throw error;
      }
      mark('commit');
      strapi.log.debug(`[invoicing] contract import in ${Date.now() - started} ms (${timings.join(', ')}): ${JSON.stringify(result)}`);
      return result;
    },
  };
};

export default contractImport;
