/**
 * The contract import's three upserts (debtors, contracts, lines) over the shared bulk writer. Each
 * takes validated records, reads the stored rows they name in bulk, and writes only what changed:
 * a record whose imported fields all equal the stored ones (decimals compared in canonical form,
 * dates as `YYYY-MM-DD`) is not written at all, a changed one is updated in place; both keep their
 * row id and documentId. Both imports (one JSON body, an NDJSON stream applied in chunks from its
 * staging table) call them inside their one transaction.
 */
import type { UpsertCounts } from '../../../../shared/contracts/contracts-import';
import type { ImportContract, ImportContractLine, ImportDebtor, ValidationIssue } from '../../../../shared/validation';
import { newDocumentIds } from '../../data/ids';
import {
  changes,
  entityRow,
  issue,
  trimmed,
  type ContractField,
  type DebtorField,
  type Id,
  type LineField,
  type Row,
  type TxWriter,
  type Values,
} from './bulk-writer';

export const emptyCounts = (): UpsertCounts => ({ created: 0, updated: 0, unchanged: 0 });

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

const lineValues = (l: ImportContractLine): Values<LineField> => ({
  reference: trimmed(l.reference),
  description: l.description,
  unitPrice: l.unitPrice,
  quantity: l.quantity,
  vatRate: l.vatRate,
  startDate: l.startDate ?? null,
  endDate: l.endDate ?? null,
});

/**
 * 400 issues for contracts whose `debtorReference` is neither in `known` nor in the database;
 * `at(i)` is the path of the i-th contract in the caller's input.
 */
export async function unknownDebtorIssues(
  w: TxWriter,
  known: Set<string>,
  contractRefs: Array<[number, string]>,
  at: (i: number) => (string | number)[] = (i) => ['contracts', i],
): Promise<ValidationIssue[]> {
  const { debtor } = w.getTables();
  const wanted = contractRefs.map(([, ref]) => ref).filter((ref) => !known.has(ref));
  if (wanted.length === 0) return [];
  const found = new Set(
    (await w.readIn(debtor.table, debtor.fields.reference, wanted, [debtor.fields.reference])).map((r) => String(r[debtor.fields.reference])),
  );
  return contractRefs
    .filter(([, ref]) => !known.has(ref) && !found.has(ref))
    .map(([i, ref]) =>
      issue([...at(i), 'debtorReference'], `Debtor reference "${ref}" is not one of the debtors in this import and does not exist yet.`),
    );
}

/**
 * Upserts debtors by reference; answers reference → row id of every debtor it read or wrote (the
 * stored debtors named by `alsoRead` too: the contracts of the same import refer to them).
 */
export async function upsertDebtors(
  w: TxWriter,
  debtors: ImportDebtor[],
  now: Date,
  counts: UpsertCounts,
  alsoRead: string[] = [],
): Promise<Map<string, Id>> {
  const D = w.getTables().debtor;
  const stored = new Map<string, Row>();
  const refs = [...debtors.map((d) => d.reference), ...alsoRead];
  for (const r of await w.readIn(D.table, D.fields.reference, refs, [D.id, ...Object.values<string>(D.fields)])) {
    stored.set(String(r[D.fields.reference]), r);
  }
  const ids = new Map<string, Id>();
  for (const [ref, r] of stored) ids.set(ref, Number(r[D.id]));

  const newRows: Row[] = [];
  const newRefs = new Map<string, string>(); // documentId → reference
  const updates: Array<{ id: Id; set: Row }> = [];
  const documentIds = newDocumentIds(debtors.filter((d) => !stored.has(d.reference)).length);
  for (const d of debtors) {
    const values = debtorValues(d);
    const row = stored.get(d.reference);
    if (!row) {
      const documentId = documentIds[newRows.length];
      newRows.push(entityRow(D, documentId, values, now));
      newRefs.set(documentId, d.reference);
      counts.created += 1;
      continue;
    }
    const diff = changes(D, row, values);
    if (diff) {
      updates.push({ id: Number(row[D.id]), set: { ...diff, [D.updatedAt]: now } });
      counts.updated += 1;
    } else {
      counts.unchanged += 1;
    }
  }
  await w.updateRows(D.table, D.id, updates);
  for (const [documentId, id] of await w.insertEntities(D, newRows)) ids.set(newRefs.get(documentId)!, id);
  return ids;
}

/** What the line upsert needs from the contract upsert. */
export interface UpsertedContracts {
  /** reference → row id of every imported contract */
  ids: Map<string, Id>;
  /** row ids of the imported contracts that existed before (only they can have lines already) */
  storedIds: Id[];
}

/**
 * Upserts contracts by reference and links each to its debtor (`debtorIds`: reference → id, every
 * debtor reference of `contracts` must be in it). A contract whose debtor changed is relinked.
 */
export async function upsertContracts(
  w: TxWriter,
  contracts: ImportContract[],
  debtorIds: Map<string, Id>,
  now: Date,
  counts: UpsertCounts,
): Promise<UpsertedContracts> {
  const { contract: C, contractDebtor: CD } = w.getTables();
  const stored = new Map<string, Row>();
  for (const r of await w.readIn(C.table, C.fields.reference, contracts.map((c) => c.reference), [C.id, ...Object.values<string>(C.fields)])) {
    stored.set(String(r[C.fields.reference]), r);
  }
  const storedIds = [...stored.values()].map((r) => Number(r[C.id]));
  const storedDebtorLinks = new Map<Id, Id[]>(); // contract id → debtor ids
  for (const r of await w.readIn(CD.table, CD.owner, storedIds, [CD.owner, CD.target])) {
    const owner = Number(r[CD.owner]);
    const list = storedDebtorLinks.get(owner) ?? [];
    list.push(Number(r[CD.target]));
    storedDebtorLinks.set(owner, list);
  }

  const ids = new Map<string, Id>();
  const newRows: Row[] = [];
  const newRefs = new Map<string, string>(); // documentId → reference
  const updates: Array<{ id: Id; set: Row }> = [];
  const relink: Id[] = []; // existing contracts whose debtor link is replaced
  const linkPairs: Array<[Id, Id] | [string, Id]> = []; // (contract id or new contract's reference, debtor id)
  const documentIds = newDocumentIds(contracts.filter((c) => !stored.has(c.reference)).length);
  for (const c of contracts) {
    const values = contractValues(c);
    const debtorId = debtorIds.get(c.debtorReference);
    if (debtorId === undefined) throw new Error(`contract import: debtor "${c.debtorReference}" was not resolved`);
    const row = stored.get(c.reference);
    if (!row) {
      const documentId = documentIds[newRows.length];
      newRows.push(entityRow(C, documentId, values, now));
      newRefs.set(documentId, c.reference);
      linkPairs.push([c.reference, debtorId]);
      counts.created += 1;
      continue;
    }
    const id = Number(row[C.id]);
    ids.set(c.reference, id);
    const diff = changes(C, row, values);
    const links = storedDebtorLinks.get(id) ?? [];
    const debtorChanged = links.length !== 1 || links[0] !== debtorId;
    if (debtorChanged) {
      if (links.length > 0) relink.push(id);
      linkPairs.push([id, debtorId]);
    }
    if (diff || debtorChanged) {
      updates.push({ id, set: { ...diff, [C.updatedAt]: now } });
      counts.updated += 1;
    } else {
      counts.unchanged += 1;
    }
  }
  await w.updateRows(C.table, C.id, updates);
  await w.deleteIn(CD.table, CD.owner, relink);
  for (const [documentId, id] of await w.insertEntities(C, newRows)) ids.set(newRefs.get(documentId)!, id);
  await w.insertLinks(CD,
    linkPairs.map(([contract, debtor]) => [typeof contract === 'number' ? contract : ids.get(contract)!, debtor]),
  );
  return { ids, storedIds };
}

/**
 * Upserts the lines of imported contracts: matched by `reference`, otherwise by position among the
 * stored lines without one; the lines a contract no longer lists are removed (`counts.removed`).
 */
export async function upsertLines(
  w: TxWriter,
  contracts: ImportContract[],
  upserted: UpsertedContracts,
  now: Date,
  counts: UpsertCounts & { removed: number },
): Promise<void> {
  const { line: L, lineContract: LC } = w.getTables();
  // Existing lines of the imported contracts that existed before this import.
  const linksOfContract = new Map<Id, Array<{ lineId: Id }>>();
  const lineOrderMax = new Map<Id, number>();
  for (const r of await w.readIn(LC.table, LC.target, upserted.storedIds, [LC.owner, LC.target, ...(LC.ownerOrder ? [LC.ownerOrder] : [])])) {
    const contractId = Number(r[LC.target]);
    const list = linksOfContract.get(contractId) ?? [];
    list.push({ lineId: Number(r[LC.owner]) });
    linksOfContract.set(contractId, list);
    if (LC.ownerOrder) lineOrderMax.set(contractId, Math.max(lineOrderMax.get(contractId) ?? 0, Number(r[LC.ownerOrder] ?? 0)));
  }
  const storedLines = new Map<Id, Row>();
  const linkedLineIds = [...linksOfContract.values()].flatMap((list) => list.map((x) => x.lineId));
  for (const r of await w.readIn(L.table, L.id, linkedLineIds, [L.id, ...Object.values<string>(L.fields)])) {
    storedLines.set(Number(r[L.id]), r);
  }

  const updates: Array<{ id: Id; set: Row }> = [];
  const removed: Id[] = [];
  const newLines: Array<{ contractId: Id; values: Values<LineField> }> = [];
  for (const c of contracts) {
    const contractId = upserted.ids.get(c.reference)!;
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
        counts.created += 1;
        continue;
      }
      const id = Number(stored[L.id]);
      matched.add(id);
      const diff = changes(L, stored, values);
      if (diff) {
        updates.push({ id, set: { ...diff, [L.updatedAt]: now } });
        counts.updated += 1;
      } else {
        counts.unchanged += 1;
      }
    }
    for (const r of existing) {
      const id = Number(r[L.id]);
      if (!matched.has(id)) removed.push(id);
    }
  }
  counts.removed += removed.length;

  await w.deleteIn(LC.table, LC.owner, removed);
  await w.deleteIn(L.table, L.id, removed);
  await w.updateRows(L.table, L.id, updates);

  const documentIds = newDocumentIds(newLines.length);
  const contractOf = new Map<string, Id>(); // documentId → contract id
  const rows = newLines.map(({ contractId, values }, i) => {
    contractOf.set(documentIds[i], contractId);
    return entityRow(L, documentIds[i], values, now);
  });
  const inserted = await w.insertEntities(L, rows);
  // Links in import order, so each contract's lines keep the body's order in the Content Manager.
  await w.insertLinks(LC,
    documentIds.map((documentId) => [inserted.get(documentId)!, contractOf.get(documentId)!]),
    lineOrderMax,
  );
}
