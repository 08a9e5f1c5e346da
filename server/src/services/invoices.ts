import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { formatMinor } from '../../../shared/money';
import { formatInvoiceNumber, groupsPerContract, invoiceGroupKey, invoiceName, type InvoiceNameFormat } from '../../../shared/naming';
import type { CreditNoteRef, Invoice, InvoiceLine, JobSummary } from '../../../shared/contracts/runs';
import type { DocumentKind } from '../../../shared/contracts/documents';
import { CREDIT_STATUSES, invoiceStatusOf, type CreditStatus, type InvoiceStatus, type SendStatus } from '../../../shared/sending';
import type { Pagination } from '../../../shared/contracts/common';
import { SEQUENCES, UID } from '../constants';
import { isStorableId, notFound } from '../utils/errors';
import { getService } from '../utils/get-service';
import { parseListQuery, runScopedPage } from '../utils/list';
import { invoiceListFilterSchema } from '../../../shared/validation';
import { chunk, insertMany, refreshStaleStatistics, setColumnByIdWhereNull, STATISTICS_EVERY_BATCHES, yieldToEventLoop, type Trx } from '../data/bulk';
import { newDocumentId } from '../data/ids';
import { lineMoney, parseJson, toDateString, toInt, toIso } from '../data/rows';
import { linkedCategory } from '../data/categories';
import { runsRepository } from '../data/runs';
import { isVatCategoryCode, NO_VAT_TREATMENT, type VatTreatment } from '../../../shared/vat-categories';
import { tables } from '../data/tables';
import { debtorDetails, debtorRows, sellerSnapshot } from '../utils/snapshots';
import type { DebtorSnapshot, SellerSnapshot } from '../../../shared/contracts/snapshots';
import type { JobContext, JobHandler } from './worker';

interface Checkpoint {
  prefix: string;
  categoryId: number | null;
  categoryName: string | null;
  /** The category's VAT treatment at the job's start (DESIGN §18; absent in older checkpoints). */
  vat?: VatTreatment;
  /** The seller snapshot of every invoice of the job, taken once at its start (absent in older checkpoints). */
  seller?: SellerSnapshot;
  /** The invoice order key of the last amount invoiced: the next batch starts after it (absent: from the start). */
  after?: OrderKey | null;
}

const SORTABLE: Record<string, string> = {
  number: 'number',
  name: 'name',
  debtor: 'debtor_name',
  debtorName: 'debtor_name',
  currency: 'currency',
  net: 'net',
  gross: 'gross',
};

type AmountRow = Record<string, unknown> & { id: number };
type CreditedInvoiceRef = NonNullable<Invoice['creditedInvoice']>;
type RunRef = { documentId: string; reference: string };

/**
 * The status filter of invoice lists, by the status the API shows: a credit status, or a sending status
 * of an invoice that has none.
 */
export function whereStatus(qb: Knex.QueryBuilder, status: InvoiceStatus | undefined): Knex.QueryBuilder {
  if (!status) return qb;
  if ((CREDIT_STATUSES as readonly string[]).includes(status)) return qb.where('credit_status', status);
  return qb.where('status', status).whereNull('credit_status');
}

/**
 * The invoice order of amounts (DESIGN §7, binding: debtor name, then contract reference), one per
 * grouping; every group (a contract, or a debtor and currency) is a contiguous range of it. Each is
 * an index (`invoicing_amounts_run_contract_order_idx`, `invoicing_amounts_run_order_idx`).
 */
const ORDERS = {
  perContract: ['debtor_name', 'contract_reference', 'contract_id', 'id'],
  perDebtor: ['debtor_name', 'debtor_id', 'currency', 'contract_reference', 'id'],
} as const;
type OrderColumns = (typeof ORDERS)[keyof typeof ORDERS];
/** The values of an order's columns for one amount (the keyset position). */
type OrderKey = Array<string | number>;
const orderOf = (format: InvoiceNameFormat): OrderColumns => (groupsPerContract(format) ? ORDERS.perContract : ORDERS.perDebtor);

/** Invoices (DESIGN §7): the invoices job, the run's invoice list and an invoice with its lines. */
const invoices = ({ strapi }: { strapi: Core.Strapi }) => {
  // knex: the invoices job numbers and writes thousands of invoices per batch in one ordered pass (data/bulk.ts).
  const t = tables(strapi);
  const knex = () => strapi.db.connection;
  const runsRepo = runsRepository(strapi);

  /**
   * Amounts not yet invoiced in invoice order (`order`, one of ORDERS), after `after` when given. The
   * order is an index, and the
   * position is a keyset (`debtor_name >= ?` for the index range, then the exact row comparison),
   * so each batch seeks to where the previous one ended instead of reading past every amount already
   * invoiced (which made the cost of a batch grow with the run: 3.6x slower per row at 1M).
   */
  function ordered(trx: Trx, runId: number, order: OrderColumns, after: OrderKey | null) {
    const qb = trx(t.amounts()).where({ run_id: runId }).whereNull('invoice_id');
    if (after) {
      qb.where('debtor_name', '>=', after[0]);
      qb.where((w) => afterKey(w, order, 0, after));
    }
    for (const column of order) qb.orderBy(column, 'asc');
    return qb;
  }

  /** `(c0, c1, …) > (v0, v1, …)` spelled out: c0 > v0 OR (c0 = v0 AND (c1 > v1 OR …)), portable everywhere. */
  function afterKey(w: Knex.QueryBuilder, order: OrderColumns, i: number, key: OrderKey): void {
    if (i === order.length - 1) {
      w.where(order[i], '>', key[i]);
      return;
    }
    w.where(order[i], '>', key[i]).orWhere((and) => and.where(order[i], key[i]).andWhere((rest) => afterKey(rest, order, i + 1, key)));
  }

  const orderKeyOf = (order: OrderColumns, a: AmountRow): OrderKey => order.map((column) => (column.endsWith('_id') || column === 'id' ? Number(a[column]) : String(a[column])));

  const groupKeyOf = (format: InvoiceNameFormat, a: AmountRow) =>
    invoiceGroupKey(format, { contractId: Number(a.contract_id), debtorId: Number(a.debtor_id), currency: String(a.currency) });

  function toInvoice(r: Record<string, unknown>, run: { documentId: string; reference: string }, credited: Map<number, CreditedInvoiceRef> = new Map()): Invoice {
    const currency = String(r.currency);
    const sendStatus = r.status as SendStatus;
    const creditedId = r.credited_invoice_id === null || r.credited_invoice_id === undefined ? null : Number(r.credited_invoice_id);
    return {
      documentId: String(r.document_id),
      kind: creditedId === null ? 'invoice' : 'credit_note',
      number: String(r.number),
      name: String(r.name),
      run,
      debtor: { documentId: String(r.debtor_document_id), reference: String(r.debtor_reference), name: String(r.debtor_name) },
      contract:
        r.contract_id === null || r.contract_id === undefined
          ? null
          : { documentId: String(r.contract_document_id), reference: String(r.contract_reference), name: String(r.contract_name) },
      category: r.category_name
        ? {
            name: String(r.category_name),
            vatCategory: isVatCategoryCode(r.vat_category) ? r.vat_category : null,
            vatExemptionReason: (r.vat_exemption_reason as string | null) ?? null,
            vatExemptionReasonCode: (r.vat_exemption_reason_code as string | null) ?? null,
          }
        : null,
      invoiceDate: toDateString(r.invoice_date),
      dueDate: toDateString(r.due_date),
      currency,
      net: formatMinor(Number(r.net), currency),
      vat: formatMinor(Number(r.vat), currency),
      gross: formatMinor(Number(r.gross), currency),
      status: invoiceStatusOf(sendStatus, (r.credit_status as CreditStatus | null) ?? null),
      sendStatus,
      creditedInvoice: creditedId === null ? null : (credited.get(creditedId) ?? null),
      creditReason: (r.credit_reason as string | null) ?? null,
      sendError: (r.send_error as string | null) ?? null,
      sentAt: toIso(r.sent_at),
      sendCount: toInt(r.send_count),
      lineCount: toInt(r.line_count),
      document: r.document_sha_256 ? { sha256: String(r.document_sha_256), size: toInt(r.document_size) } : null,
    };
  }

  /**
   * Invoice rows made whole: their run, lines (one query for all of them) and the snapshots taken at
   * generation (DESIGN §16; invoices made before snapshots have none).
   */
  /** The invoices these credit notes credit, by id (one query). */
  async function creditedInvoices(rows: Array<Record<string, unknown>>): Promise<Map<number, CreditedInvoiceRef>> {
    const ids = [...new Set(rows.map((r) => r.credited_invoice_id).filter((id) => id !== null && id !== undefined).map(Number))];
    const out = new Map<number, CreditedInvoiceRef>();
    for (const part of chunk(ids, 500)) {
      const found = (await knex()(t.invoices()).whereIn('id', part).select('id', 'document_id', 'number', 'invoice_date')) as Array<Record<string, unknown>>;
      for (const f of found) out.set(Number(f.id), { documentId: String(f.document_id), number: String(f.number), invoiceDate: toDateString(f.invoice_date) });
    }
    return out;
  }

  /** The runs of these rows (documentId and reference), by id, in one query. */
  async function runRefs(rows: Array<Record<string, unknown>>): Promise<Map<number, RunRef>> {
    const runIds = [...new Set(rows.map((r) => Number(r.run_id)))];
    const found = (await knex()(t.runs()).whereIn('id', runIds).select('id', 'document_id', 'reference')) as Array<{ id: number; document_id: string; reference: string }>;
    return new Map(found.map((r) => [Number(r.id), { documentId: String(r.document_id), reference: String(r.reference) }]));
  }

  /** Invoice rows as the lists answer them (no lines): their runs and credited invoices looked up in one query each. */
  async function toInvoices(rows: Array<Record<string, unknown>>, run?: RunRef): Promise<Invoice[]> {
    const credited = await creditedInvoices(rows);
    const runs = run ? null : await runRefs(rows);
    return rows.map((r) => toInvoice(r, run ?? (runs!.get(Number(r.run_id)) as RunRef), credited));
  }

  async function withDetails(rows: Array<Record<string, unknown>>): Promise<Invoice[]> {
    const runs = await runRefs(rows);
    const lines = new Map<number, Array<Record<string, unknown>>>();
    for (const ids of chunk(rows.map((r) => Number(r.id)), 500)) {
      // An invoice line's amount and the credit note line crediting it; a credit note line's invoice line.
      const found = (await knex()(`${t.invoiceLines()} as il`)
        .leftJoin(`${t.amounts()} as a`, 'a.id', 'il.amount_id')
        .leftJoin(`${t.invoiceLines()} as cl`, 'cl.credited_line_id', 'il.id')
        .leftJoin(`${t.invoices()} as cn`, 'cn.id', 'cl.invoice_id')
        .leftJoin(`${t.invoiceLines()} as ol`, 'ol.id', 'il.credited_line_id')
        .whereIn('il.invoice_id', ids)
        .orderBy('il.invoice_id', 'asc')
        .orderBy('il.position', 'asc')
        .select(
          'il.*',
          'a.document_id as amount_document_id',
          'cn.document_id as credit_note_document_id',
          'cn.number as credit_note_number',
          'ol.document_id as credited_line_document_id',
        )) as Array<Record<string, unknown>>;
      for (const l of found) {
        const key = Number(l.invoice_id);
        const list = lines.get(key);
        if (list) list.push(l);
        else lines.set(key, [l]);
      }
    }
    // The credit notes of the invoices among the rows, oldest first.
    const creditNotes = new Map<number, CreditNoteRef[]>();
    const invoiceIds = rows.filter((r) => r.credited_invoice_id === null || r.credited_invoice_id === undefined).map((r) => Number(r.id));
    for (const ids of chunk(invoiceIds, 500)) {
      const found = (await knex()(t.invoices()).whereIn('credited_invoice_id', ids).orderBy('number', 'asc')) as Array<Record<string, unknown>>;
      for (const cn of found) {
        const key = Number(cn.credited_invoice_id);
        const currency = String(cn.currency);
        const ref: CreditNoteRef = {
          documentId: String(cn.document_id),
          number: String(cn.number),
          invoiceDate: toDateString(cn.invoice_date),
          net: formatMinor(Number(cn.net), currency),
          vat: formatMinor(Number(cn.vat), currency),
          gross: formatMinor(Number(cn.gross), currency),
          status: invoiceStatusOf(cn.status as SendStatus, null),
          reason: String(cn.credit_reason ?? ''),
        };
        const list = creditNotes.get(key);
        if (list) list.push(ref);
        else creditNotes.set(key, [ref]);
      }
    }
    const credited = await creditedInvoices(rows);
    return rows.map((row) => {
      const currency = String(row.currency);
      const invoice = toInvoice(row, runs.get(Number(row.run_id)) as RunRef, credited);
      if (invoice.kind === 'invoice') invoice.creditNotes = creditNotes.get(Number(row.id)) ?? [];
      const debtor = parseJson<DebtorSnapshot | null>(row.debtor_snapshot, null);
      if (debtor) invoice.debtor = { ...debtor, ...invoice.debtor };
      invoice.seller = parseJson<SellerSnapshot | null>(row.seller_snapshot, null);
      invoice.lines = (lines.get(Number(row.id)) ?? []).map(
        (l): InvoiceLine => ({
          documentId: String(l.document_id),
          position: toInt(l.position),
          amount: l.amount_document_id ? String(l.amount_document_id) : null,
          description: String(l.description),
          periodStart: toDateString(l.period_start),
          periodEnd: toDateString(l.period_end),
          ...lineMoney(l, currency),
          ...(invoice.kind === 'invoice'
            ? { creditedBy: l.credit_note_document_id ? { documentId: String(l.credit_note_document_id), number: String(l.credit_note_number) } : null }
            : { creditedLine: l.credited_line_document_id ? String(l.credited_line_document_id) : null }),
        }),
      );
      return invoice;
    });
  }

  const service: JobHandler & {
    findMany(runDocumentId: string, rawQuery: unknown): Promise<{ results: Invoice[]; pagination: Pagination }>;
    findOne(documentId: string, kind?: DocumentKind): Promise<Invoice>;
    withDetails(rows: Array<Record<string, unknown>>): Promise<Invoice[]>;
    toInvoices(rows: Array<Record<string, unknown>>, run?: { documentId: string; reference: string }): Promise<Invoice[]>;
    findManyById(ids: number[]): Promise<Array<Invoice & { id: number }>>;
  } = {
    /**
     * The invoices job: amounts not yet invoiced are read in invoice order, a batch of whole groups at a
     * time; each batch takes its numbers from the year's gapless counter and writes invoices, lines and
     * the amounts' invoice ids in one transaction. An amount with an invoice id is never read again, and
     * (run, group) and (amount) are unique, so a resumed job neither duplicates nor burns a number.
     */
    async runJob(ctx: JobContext): Promise<void> {
      const runRow = ctx.run;
      const run = {
        id: Number(runRow.id),
        documentId: String(runRow.document_id),
        format: String(runRow.invoice_name_format) as InvoiceNameFormat,
        invoiceName: String(runRow.invoice_name),
        invoiceDate: toDateString(runRow.invoice_date),
        dueDate: toDateString(runRow.due_date),
      };
      const year = Number(run.invoiceDate.slice(0, 4));
      let checkpoint = ctx.checkpoint<Checkpoint | null>(null);
      const summary: JobSummary = ctx.summary();
      let processed = toInt(ctx.job.processed);
      // Fresh planner statistics for the amounts the amounts job just wrote (PostgreSQL).
      await refreshStaleStatistics(knex(), [t.amounts(), t.invoices(), t.invoiceLines()]);

      if (!checkpoint) {
        await ctx.batch(async (trx) => {
          const settings = await getService(strapi, 'settings').get();
          // the run's category: one read through the query engine (in this batch's transaction)
          const cat = await linkedCategory(strapi, UID.run, run.id);
          checkpoint = {
            prefix: settings.invoiceNumberPrefix,
            categoryId: cat ? Number(cat.id) : null,
            categoryName: cat?.name ?? null,
            vat: cat ? { vatCategory: cat.vatCategory, vatExemptionReason: cat.vatExemptionReason, vatExemptionReasonCode: cat.vatExemptionReasonCode } : NO_VAT_TREATMENT,
            seller: await sellerSnapshot(strapi, settings.seller),
          };
          // The run's amount count (kept on the run by the amounts job) and the amounts already
          // invoiced by an earlier, failed attempt (the line counts of its invoices): no count over
          // a million amounts, which would hold SQLite, and every request, for a second or more.
          const [{ done }] = (await trx(t.invoices()).where({ run_id: run.id }).whereNull('credited_invoice_id').sum({ done: 'line_count' })) as Array<{ done: number | string | null }>;
          processed = Number(done ?? 0);
          return { total: toInt(runRow.amount_count), processed, checkpoint, summary: { created: 0, alreadyInvoiced: 0, parked: [], lines: 0 } };
        });
        summary.created = 0;
        summary.lines = 0;
      }
      const cp = checkpoint!;
      // One seller snapshot for the whole job, kept in the checkpoint so a resumed job writes the same.
      const sellerJson = JSON.stringify(cp.seller ?? (await sellerSnapshot(strapi, (await getService(strapi, 'settings').get()).seller)));
      const perContract = groupsPerContract(run.format);
      // Where the last committed batch ended (the `invoice_id IS NULL` filter alone is enough for
      // correctness; the key only spares a resumed job reading past what is done).
      const order = orderOf(run.format);
      // (a checkpoint of another order's shape, from an older version, starts from the beginning)
      let after: OrderKey | null = Array.isArray(cp.after) && cp.after.length === order.length ? cp.after : null;
      // Each amount writes an invoice line and an update (and a share of an invoice): half as many
      // amounts per batch keep a batch's transaction as short as an amounts batch.
      const batchSize = Math.max(1, Math.floor(ctx.batchSize / 2));

      for (let batch = 1; ; batch += 1) {
        // The invoices and their lines grow with the job (PostgreSQL statistics, see the amounts job).
        if (batch % STATISTICS_EVERY_BATCHES === 0) await refreshStaleStatistics(knex(), [t.invoices(), t.invoiceLines(), t.amounts()]);
        // Read the next whole groups outside any transaction; write them in one short transaction.
        let rows = (await ordered(knex(), run.id, order, after).limit(batchSize)) as AmountRow[];
        if (rows.length === 0) break;
        if (rows.length === batchSize) {
          // The last group may continue past this page: leave it for the next batch, unless it is
          // the only group, then read the whole of it (an index range: its order key's prefix).
          const lastKey = groupKeyOf(run.format, rows[rows.length - 1]);
          const firstKey = groupKeyOf(run.format, rows[0]);
          if (firstKey === lastKey) {
            const a = rows[0];
            const qb = knex()(t.amounts())
              .where({ run_id: run.id, debtor_name: a.debtor_name, debtor_id: a.debtor_id, currency: a.currency })
              .whereNull('invoice_id');
            if (perContract) qb.where({ contract_reference: a.contract_reference, contract_id: a.contract_id });
            if (after) qb.where((w) => afterKey(w, order, 0, after!));
            for (const column of order) qb.orderBy(column, 'asc');
            rows = (await qb) as AmountRow[];
          } else {
            rows = rows.filter((r) => groupKeyOf(run.format, r) !== lastKey);
          }
        }
        const nextAfter = orderKeyOf(order, rows[rows.length - 1]);
        await yieldToEventLoop();
        const groups = new Map<string, AmountRow[]>();
        for (const r of rows) {
          const key = groupKeyOf(run.format, r);
          if (!groups.has(key)) groups.set(key, []);
          groups.get(key)!.push(r);
        }
        // The debtors' details of this batch, read once (outside the transaction, like the amounts).
        const debtors = await debtorRows(strapi, knex(), rows.map((r) => Number(r.debtor_id)));
        await ctx.batch(async (trx) => {
          const first = await getService(strapi, 'sequences').next(trx, SEQUENCES.invoiceNumber(year), groups.size);
          const now = new Date();
          const invoiceRows: Record<string, unknown>[] = [];
          let i = 0;
          for (const [key, amounts] of groups) {
            const a = amounts[0];
            let net = 0;
            let vat = 0;
            let gross = 0;
            for (const x of amounts) {
              net += Number(x.net);
              vat += Number(x.vat);
              gross += Number(x.gross);
            }
            if (!Number.isSafeInteger(gross) || !Number.isSafeInteger(net) || !Number.isSafeInteger(vat)) {
              throw new Error(`The invoice total for ${String(a.debtor_name)} is too large.`);
            }
            invoiceRows.push({
              // Explicit columns, not a spread: spreading into a 27-column literal costs ~30 µs per row.
              document_id: newDocumentId(),
              created_at: now,
              updated_at: now,
              published_at: now,
              number: formatInvoiceNumber(cp.prefix, year, first + i),
              name: invoiceName(run.format, {
                invoiceName: run.invoiceName,
                contractName: String(a.contract_name),
                debtorName: String(a.debtor_name),
              }),
              run_id: run.id,
              group_key: key,
              debtor_id: a.debtor_id,
              debtor_document_id: a.debtor_document_id,
              debtor_reference: a.debtor_reference,
              debtor_name: a.debtor_name,
              contract_id: perContract ? a.contract_id : null,
              contract_document_id: perContract ? a.contract_document_id : null,
              contract_reference: perContract ? a.contract_reference : null,
              contract_name: perContract ? a.contract_name : null,
              category_id: cp.categoryId,
              category_name: cp.categoryName,
              vat_category: cp.vat?.vatCategory ?? null,
              vat_exemption_reason: cp.vat?.vatExemptionReason ?? null,
              vat_exemption_reason_code: cp.vat?.vatExemptionReasonCode ?? null,
              invoice_date: run.invoiceDate,
              due_date: run.dueDate,
              currency: a.currency,
              net,
              vat,
              gross,
              line_count: amounts.length,
              status: 'open',
              send_count: 0,
              seller_snapshot: sellerJson,
              debtor_snapshot: JSON.stringify({
                documentId: String(a.debtor_document_id),
                reference: String(a.debtor_reference),
                name: String(a.debtor_name),
                ...debtorDetails(debtors.get(Number(a.debtor_id))),
              } satisfies DebtorSnapshot),
            });
            i += 1;
          }
          await insertMany(trx, t.invoices(), invoiceRows);
          const ids = new Map<string, number>();
          for (const keys of chunk([...groups.keys()], 500)) {
            const found = (await trx(t.invoices()).where({ run_id: run.id }).whereIn('group_key', keys).select('id', 'group_key')) as Array<{
              id: number;
              group_key: string;
            }>;
            for (const f of found) ids.set(f.group_key, Number(f.id));
          }
          const lineRows: Record<string, unknown>[] = [];
          const assignments: Array<[number, number]> = [];
          for (const [key, amounts] of groups) {
            const invoiceId = ids.get(key)!;
            amounts.forEach((x, position) => {
              lineRows.push({
                // Explicit columns, not a spread: spreading into a 27-column literal costs ~30 µs per row.
                document_id: newDocumentId(),
                created_at: now,
                updated_at: now,
                published_at: now,
                invoice_id: invoiceId,
                amount_id: x.id,
                position,
                description: x.description,
                period_start: toDateString(x.period_start),
                period_end: toDateString(x.period_end),
                quantity: x.quantity,
                unit_price: x.unit_price,
                vat_rate: x.vat_rate,
                net: x.net,
                vat: x.vat,
                gross: x.gross,
              });
              assignments.push([Number(x.id), invoiceId]);
            });
          }
          await insertMany(trx, t.invoiceLines(), lineRows);
          const assigned = await setColumnByIdWhereNull(trx, t.amounts(), 'invoice_id', assignments);
          if (assigned !== assignments.length) throw new Error('Some amounts of this batch were invoiced by another job; the batch is rolled back.');
          // the run's document counts, in the batch's transaction (its last write: the run row is locked last)
          await runsRepo.addDocCounts(trx, run.id, { open: invoiceRows.length });
          return {
            processed: processed + rows.length,
            checkpoint: { ...cp, after: nextAfter },
            summary: { ...summary, created: summary.created + groups.size, lines: (summary.lines ?? 0) + rows.length },
          };
        });
        after = nextAfter;
        processed += rows.length;
        summary.created += groups.size;
        summary.lines = (summary.lines ?? 0) + rows.length;
      }

      // The lifecycle's completion of the invoices job (complete_invoices) moves the run on.
      await ctx.finish(async (trx) => {
        const [{ count }] = (await trx(t.invoices()).where({ run_id: run.id }).whereNull('credited_invoice_id').count({ count: '*' })) as Array<{ count: number | string }>;
        return {
          processed,
          summary,
          complete: { patch: { invoiceCount: Number(count) }, details: { invoices: Number(count), lines: summary.lines ?? 0 } },
        };
      });
    },

    async findMany(runDocumentId: string, rawQuery: unknown) {
      const { status } = parseListQuery(invoiceListFilterSchema, rawQuery);
      const { run, rows, pagination } = await runScopedPage(strapi, runDocumentId, rawQuery, {
        // the run's invoices (its credit notes are listed by GET /credit-notes?run=…)
        where: (qb) => whereStatus(qb.whereNull('credited_invoice_id'), status),
        table: t.invoices(),
        searchColumns: ['number', 'name', 'debtor_name', 'debtor_reference', 'contract_reference'],
        sortable: SORTABLE,
        what: 'Invoices',
        defaultOrder: [['number', 'asc']],
      });
      const ref = { documentId: run.document_id, reference: run.reference };
      return { results: await toInvoices(rows, ref), pagination };
    },

    /** GET /invoices/:id (kind `invoice`) or GET /credit-notes/:id (kind `credit_note`): 404 for the other kind. */
    async findOne(documentId: string, kind: DocumentKind = 'invoice'): Promise<Invoice> {
      const what = kind === 'invoice' ? 'Invoice' : 'Credit note';
      if (!isStorableId(documentId)) throw notFound(what, documentId);
      const qb = knex()(t.invoices()).where({ document_id: documentId });
      if (kind === 'invoice') qb.whereNull('credited_invoice_id');
      else qb.whereNotNull('credited_invoice_id');
      const row = (await qb.first()) as Record<string, unknown> | undefined;
      if (!row) throw notFound(what, documentId);
      return (await withDetails([row]))[0];
    },

    withDetails,
    toInvoices,

    /** The invoices of these ids with their lines and snapshots, in the order of `ids` (unknown ids are left out). */
    async findManyById(ids: number[]): Promise<Array<Invoice & { id: number }>> {
      if (ids.length === 0) return [];
      const rows = (await knex()(t.invoices()).whereIn('id', ids)) as Array<Record<string, unknown>>;
      const byId = new Map(rows.map((r) => [Number(r.id), r]));
      const found = ids.map((id) => byId.get(id)).filter((r): r is Record<string, unknown> => r !== undefined);
      const invoices = await withDetails(found);
      return invoices.map((invoice, i) => ({ ...invoice, id: Number(found[i].id) }));
    },
  };

  return service;
};

export default invoices;
