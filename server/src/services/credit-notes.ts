import type { Core } from "@strapi/strapi";
import {
  creditedLineMoney,
  creditStatusAfter,
  selectCreditLines,
  sumLines,
} from "../../../shared/credit-notes";
import { todayIn } from "../../../shared/dates";
import type { RunStatus } from "../../../shared/lifecycle";
import { formatInvoiceNumber } from "../../../shared/naming";
import type { Pagination } from "../../../shared/contracts/common";
import type { CreditNote } from "../../../shared/contracts/credit-notes";
import type { DebtorSnapshot } from "../../../shared/contracts/snapshots";
import {
  creditNoteListFilterSchema,
  listQuerySchema,
  type CreditInput,
} from "../../../shared/validation";
import { SEQUENCES, WEBHOOK_EVENTS } from "../constants";
import { SYSTEM, type ActorInfo } from "../utils/actor";
import {
  forUpdate,
  insertMany,
  isDeadlock,
  isUniqueViolation,
  whereSearch,
  type Trx,
} from "../data/bulk";
import { newDocumentId } from "../data/ids";
import { parseJson, toDateString } from "../data/rows";
import { tables } from "../data/tables";
import { runsRepository } from "../data/runs";
import {
  conflict,
  isStorableId,
  notFound,
  validationError,
} from "../utils/errors";
import { getService } from "../utils/get-service";
import { debtorDetails, debtorRows, sellerSnapshot } from "../utils/snapshots";
import { listPage, parseListQuery } from "../utils/list";
import { whereStatus } from "./invoices";

/** Sort fields of GET /credit-notes → columns. */
const SORTABLE: Record<string, string> = {
  number: "number",
  debtor: "debtor_name",
  debtorName: "debtor_name",
  gross: "gross",
  invoiceDate: "invoice_date",
  currency: "currency",
};

/** An invoice line with what crediting needs: its money in minor units and the line crediting it, if any. */
interface LineRow {
  id: number;
  documentId: string;
  amountId: number | null;
  position: number;
  description: string;
  periodStart: string;
  periodEnd: string;
  quantity: string;
  unitPrice: string;
  vatRate: string;
  net: number;
  vat: number;
  gross: number;
  /** the credit note number that credits the line, else null */
  creditedBy: string | null;
}

/** Runs `work` (a whole transaction) again when the database rolled it back to break a deadlock, up to 5 times. */
async function retryOnDeadlock<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!isDeadlock(error) || attempt >= 5) throw error;
      await new Promise((resolve) =>
        setTimeout(resolve, 5 + Math.floor(Math.random() * 20 * attempt)),
      );
    }
  }
}

/**
 * Credit notes (DESIGN §17, binding): POST /invoices/:id/credit and the credit note list.
 *
 * A credit note is a row of the invoices table with `credited_invoice_id` set, so numbering (its own
 * gapless series per year), snapshots, the archived PDF and sending are the invoices' own code. Its lines
 * are the exact negatives of the credited invoice lines, each naming the line it credits in a unique
 * column: a line is credited at most once, enforced by the database as well as here. The credited
 * amounts are marked, which takes them out of duplicate protection (DESIGN §6): their contract line and
 * period can be invoiced again, e.g. in an ad hoc correction run.
 *
 * One transaction writes the credit note, its lines, the amounts' marks, the invoice's credit status
 * and the run's audit event, after locking the invoice's row (PostgreSQL, MySQL; SQLite serialises
 * writers): of two admins crediting the same line at once, the second finds it credited and gets 409.
 */
const creditNotes = ({ strapi }: { strapi: Core.Strapi }) => {
  // knex: a credit locks the invoice (FOR UPDATE) and its lines, and numbers in the gapless series (data/bulk.ts).
  const t = tables(strapi);
  const knex = () => strapi.db.connection;

  /** The invoice's lines, in order, with the credit note number of those already credited. */
  async function linesOf(db: Trx, invoiceId: number): Promise<LineRow[]> {
    const rows = (await db(`${t.invoiceLines()} as il`)
      .leftJoin(`${t.invoiceLines()} as cl`, "cl.credited_line_id", "il.id")
      .leftJoin(`${t.invoices()} as cn`, "cn.id", "cl.invoice_id")
      .where("il.invoice_id", invoiceId)
      .orderBy("il.position", "asc")
      .orderBy("il.id", "asc")
      .select("il.*", "cn.number as credit_note_number")) as Array<
      Record<string, unknown>
    >;
    return rows.map((r) => ({
      id: Number(r.id),
      documentId: String(r.document_id),
      amountId:
        r.amount_id === null || r.amount_id === undefined
          ? null
          : Number(r.amount_id),
      position: Number(r.position),
      description: String(r.description),
      periodStart: toDateString(r.period_start),
      periodEnd: toDateString(r.period_end),
      quantity: String(r.quantity),
      unitPrice: String(r.unit_price),
      vatRate: String(r.vat_rate),
      net: Number(r.net),
      vat: Number(r.vat),
      gross: Number(r.gross),
      creditedBy: r.credit_note_number ? String(r.credit_note_number) : null,
    }));
  }

  /** The lines the request takes, or the 400/409 that says why not. */
  async function chosenLines(
    db: Trx,
    invoice: Record<string, unknown>,
    requested: string[] | undefined,
  ): Promise<LineRow[]> {
    const lines = await linesOf(db, Number(invoice.id));
    const selection = selectCreditLines(lines, requested);
    if (selection.ok) return selection.lines;
    const number = String(invoice.number);
    switch (selection.kind) {
      case "not_a_line": {
        // Say whose line it is when it belongs to another document: the likeliest mistake.
        const other = isStorableId(selection.id)
          ? ((await db(`${t.invoiceLines()} as il`)
              .join(`${t.invoices()} as i`, "i.id", "il.invoice_id")
              .where("il.document_id", selection.id)
              .first("i.number")) as { number: string } | undefined)
          : undefined;
        const message = other
          ? `Line ${selection.id} belongs to ${other.number}, not to invoice ${number}; credit it from its own invoice.`
          : `Line ${selection.id} is not a line of invoice ${number}.`;
        throw validationError(message, [
          {
            path: ["lines", String(selection.index)],
            message,
            name: "ValidationError",
          },
        ]);
      }
      case "already_credited": {
        const first = selection.lines[0];
        throw conflict(
          selection.lines.length === 1
            ? `Line "${first.description}" of invoice ${number} is already credited by credit note ${first.creditedBy}; a line is credited only once.`
            : `${selection.lines.length} of the chosen lines of invoice ${number} are already credited (the first by credit note ${first.creditedBy}); a line is credited only once.`,
          { lines: selection.lines.map((l) => l.documentId) },
        );
      }
      case "nothing_left":
        throw conflict(
          `Invoice ${number} is credited in full already; there is nothing left to credit.`,
          { status: "credited" },
        );
    }
  }

  /** Invoice row by documentId (any kind): 404 when unknown. */
  async function documentRow(
    db: Trx,
    documentId: string,
    lock = false,
  ): Promise<Record<string, unknown>> {
    if (!isStorableId(documentId)) throw notFound("Invoice", documentId);
    let qb = db(t.invoices()).where({ document_id: documentId });
    if (lock) qb = forUpdate(qb);
    const row = (await qb.first()) as Record<string, unknown> | undefined;
    if (!row) throw notFound("Invoice", documentId);
    return row;
  }

  return {
    /** POST /invoices/:id/credit → the credit note (201). */
    async credit(
      invoiceDocumentId: string,
      input: CreditInput,
      actor: ActorInfo,
    ): Promise<CreditNote> {
      // Checked before the transaction for the clear answers (unknown line, a credit note, …), and again
      // inside it under the invoice's lock, where they count.
      const invoice = await documentRow(knex(), invoiceDocumentId);
      if (
        invoice.credited_invoice_id !== null &&
        invoice.credited_invoice_id !== undefined
      ) {
        throw conflict(
          `${String(invoice.number)} is a credit note; a credit note cannot be credited.`,
          { kind: "credit_note" },
        );
      }
      await chosenLines(knex(), invoice, input.lines);
      const settings = await getService(strapi, "settings").get();
      const seller = JSON.stringify(
        await sellerSnapshot(strapi, settings.seller),
      );
      const creditDate = todayIn(settings.timezone);
      const year = Number(creditDate.slice(0, 4));

      let created: {
        id: number;
        documentId: string;
        number: string;
        runId: number;
        lines: number;
        gross: number;
      };
      try {
        // MySQL may break a deadlock between two credits of one invoice (the row lock of one, the
        // other's insert next to it) by rolling one back: that one runs again and then finds its
        // lines credited (409), as on PostgreSQL and SQLite.
        created = await retryOnDeadlock(() =>
          strapi.db.transaction(async ({ trx }) => {
            const locked = await documentRow(trx, invoiceDocumentId, true);
            const lines = await chosenLines(trx, locked, input.lines);
            const money = lines.map((l) => ({ ...l, ...creditedLineMoney(l) }));
            const totals = sumLines(money);
            const n = await getService(strapi, "sequences").next(
              trx,
              SEQUENCES.creditNoteNumber(year),
            );
            const number = formatInvoiceNumber(
              settings.creditNotePrefix,
              year,
              n,
            );
            // The debtor as they are now (a credit note is sent now, e.g. after the debtor moved); the
            // invoice's snapshot when the debtor record is gone.
            const snapshot = parseJson<DebtorSnapshot | null>(
              locked.debtor_snapshot,
              null,
            );
            const current = (
              await debtorRows(strapi, trx, [Number(locked.debtor_id)])
            ).get(Number(locked.debtor_id));
            const debtor: DebtorSnapshot = {
              ...(snapshot ?? debtorDetails(undefined)),
              ...(current ? debtorDetails(current) : {}),
              documentId: String(locked.debtor_document_id),
              reference: String(locked.debtor_reference),
              name: String(locked.debtor_name),
            };
            const documentId = newDocumentId();
            const now = new Date();
            await insertMany(trx, t.invoices(), [
              {
                document_id: documentId,
                created_at: now,
                updated_at: now,
                published_at: now,
                number,
                name: locked.name,
                run_id: locked.run_id,
                group_key: `credit:${documentId}`,
                debtor_id: locked.debtor_id,
                debtor_document_id: locked.debtor_document_id,
                debtor_reference: locked.debtor_reference,
                debtor_name: locked.debtor_name,
                contract_id: locked.contract_id,
                contract_document_id: locked.contract_document_id,
                contract_reference: locked.contract_reference,
                contract_name: locked.contract_name,
                category_id: locked.category_id,
                category_name: locked.category_name,
                vat_category: locked.vat_category,
                vat_exemption_reason: locked.vat_exemption_reason,
                vat_exemption_reason_code: locked.vat_exemption_reason_code,
                invoice_date: creditDate,
                due_date: creditDate,
                currency: locked.currency,
                net: totals.net,
                vat: totals.vat,
                gross: totals.gross,
                line_count: lines.length,
                status: "open",
                send_count: 0,
                credited_invoice_id: locked.id,
                credit_reason: input.reason,
                seller_snapshot: seller,
                debtor_snapshot: JSON.stringify(debtor),
              },
            ]);
            const { id } = (await trx(t.invoices())
              .where({ document_id: documentId })
              .first("id")) as { id: number };
            await insertMany(
              trx,
              t.invoiceLines(),
              money.map((l, position) => ({
                document_id: newDocumentId(),
                created_at: now,
                updated_at: now,
                published_at: now,
                invoice_id: id,
                amount_id: null,
                credited_line_id: l.id,
                position,
                description: l.description,
                period_start: l.periodStart,
                period_end: l.periodEnd,
                quantity: l.quantity,
                unit_price: l.unitPrice,
                vat_rate: l.vatRate,
                net: l.net,
                vat: l.vat,
                gross: l.gross,
              })),
            );
            // The credited amounts leave duplicate protection (DESIGN §6, §17).
            const amountIds = lines
              .map((l) => l.amountId)
              .filter((a): a is number => a !== null);
            if (amountIds.length > 0) {
              await trx(t.amounts())
                .whereIn("id", amountIds)
                .whereNull("credit_note_id")
                .update({ credit_note_id: id });
            }
            const [{ count }] = (await trx(`${t.invoiceLines()} as il`)
              .join(`${t.invoiceLines()} as cl`, "cl.credited_line_id", "il.id")
              .where("il.invoice_id", locked.id)
              .count({ count: "*" })) as Array<{ count: number | string }>;
            const creditStatus = creditStatusAfter(
              Number(locked.line_count),
              Number(count),
            );
            await trx(t.invoices())
              .where({ id: locked.id })
              .update({ credit_status: creditStatus, updated_at: now });
            const run = (await trx(t.runs())
              .where({ id: locked.run_id })
              .first("status")) as { status: string } | undefined;
            await getService(strapi, "events").record(trx, {
              runId: Number(locked.run_id),
              action: "credit",
              from: (run?.status ?? null) as RunStatus | null,
              to: (run?.status ?? null) as RunStatus | null,
              actor,
              details: {
                creditNote: number,
                invoice: String(locked.number),
                lines: lines.length,
                gross: totals.gross,
                currency: String(locked.currency),
                reason: input.reason,
                invoiceStatus: creditStatus,
              },
            });
            // the run's document counts (a credit note is one of its documents), the transaction's last write
            await runsRepository(strapi).addDocCounts(trx, Number(locked.run_id), { open: 1 });
            return {
              id: Number(id),
              documentId,
              number,
              runId: Number(locked.run_id),
              lines: lines.length,
              gross: totals.gross,
            };
          }),
        );
      } catch (error) {
        // The database's own guard (a line credited at most once) when another instance got there first.
        if (isUniqueViolation(error)) {
          const detail =
            error instanceof Error
              ? `${error.message} ${String((error as { detail?: unknown }).detail ?? "")}`
              : "";
          if (/number/i.test(detail) && !/credited_line/i.test(detail)) {
            // an older invoice carries the number (the prefixes were changed since); nothing is written
            throw conflict(
              `The next credit note number is already taken by an invoice; change the credit note prefix in Settings → Invoicing (now "${settings.creditNotePrefix}").`,
              { field: "creditNotePrefix" },
            );
          }
          throw conflict(
            `A line of invoice ${String(invoice.number)} was credited by someone else at the same moment; reload the invoice and try again.`,
            {},
          );
        }
        throw error;
      }

      const note = (await getService(strapi, "invoices").findOne(
        created.documentId,
        "credit_note",
      )) as CreditNote;
      const run = (await knex()(t.runs())
        .where({ id: created.runId })
        .first("document_id", "reference")) as {
        document_id: string;
        reference: string;
      };
      getService(strapi, "events").publish(WEBHOOK_EVENTS.CREDIT_NOTE_CREATED, {
        creditNote: {
          documentId: note.documentId,
          number: note.number,
          net: note.net,
          vat: note.vat,
          gross: note.gross,
          currency: note.currency,
          lines: created.lines,
        },
        invoice: {
          documentId: String(invoice.document_id),
          number: String(invoice.number),
        },
        run: {
          documentId: String(run.document_id),
          reference: String(run.reference),
        },
        reason: input.reason,
        actor: actor.id === SYSTEM.id ? "system" : Number(actor.id),
      });
      return note;
    },

    /** GET /credit-notes: every credit note, or a run's or an invoice's (`run`, `invoice`). */
    async findMany(
      rawQuery: unknown,
    ): Promise<{ results: CreditNote[]; pagination: Pagination }> {
      const query = parseListQuery(
        listQuerySchema.omit({ status: true }),
        rawQuery,
      );
      const filter = parseListQuery(creditNoteListFilterSchema, rawQuery);
      const conditions: Record<string, number> = {};
      if (filter.run) {
        const run = await getService(strapi, "runs").load(knex(), filter.run);
        conditions.run_id = Number(run.id);
      }
      if (filter.invoice) {
        const invoice = await documentRow(knex(), filter.invoice);
        conditions.credited_invoice_id = Number(invoice.id);
      }
      const base = () => {
        const qb = knex()(t.invoices())
          .whereNotNull("credited_invoice_id")
          .where(conditions);
        whereStatus(qb, filter.status);
        if (query.search) {
          // the credit note's number, its debtor, or the number of the invoice it credits
          qb.where((w) => {
            whereSearch(
              w,
              ["number", "debtor_name", "debtor_reference"],
              query.search,
            );
            w.orWhereIn("credited_invoice_id", (sub) => {
              whereSearch(
                sub.select("id").from(t.invoices()),
                ["number"],
                query.search,
              );
            });
          });
        }
        return qb;
      };
      const { rows, pagination } = await listPage({
        base,
        query,
        sortable: SORTABLE,
        what: "Credit notes",
        defaultOrder: [["number", "desc"]],
        idDirection: "desc",
      });
      return {
        results: (await getService(strapi, "invoices").toInvoices(
          rows,
        )) as CreditNote[],
        pagination,
      };
    },
  };
};

export default creditNotes;
