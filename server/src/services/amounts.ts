import type { Core } from '@strapi/strapi';
import { Readable } from 'stream';
import { fromDayNumber, toDayNumber } from '../../../shared/dates';
import { computeAmount } from '../../../shared/money';
import { amountDescription } from '../../../shared/naming';
import { csvRow } from '../../../shared/csv';
import type { Amount, JobSummary, ParkedLine, RunTotals } from '../../../shared/contracts/runs';
import type { Pagination } from '../../../shared/contracts/common';
import { UID } from '../constants';
import { getService } from '../utils/get-service';
import { runScopedPage } from '../utils/list';
import { chunk, dialectOf, insertMany, refreshStaleStatistics, STATISTICS_EVERY_BATCHES, tidyAfterBulkDelete, yieldToEventLoop, type Trx } from '../data/bulk';
import { newDocumentId } from '../data/ids';
import { lineMoney, toDateString, toDateStringOrNull, toInt } from '../data/rows';
import { joinTable, tables } from '../data/tables';
import { toRunTotals, type StoredCurrencyTotals } from '../../../shared/totals';
import type { JobContext, JobHandler } from './worker';

/** Lines computed between two turns of the event loop, so requests are answered during a job. */
const COMPUTE_SLICE = 250;

/** At most this many parked lines are listed in a job summary (all are counted). */
const MAX_PARKED_LISTED = 1000;

const SORTABLE: Record<string, string> = {
  contract: 'contract_reference',
  contractReference: 'contract_reference',
  debtor: 'debtor_name',
  debtorName: 'debtor_name',
  periodStart: 'period_start',
  periodEnd: 'period_end',
  net: 'net',
  gross: 'gross',
  currency: 'currency',
  description: 'description',
};

const CSV_HEADER = [
  'contract_reference',
  'contract_name',
  'debtor_reference',
  'debtor_name',
  'line_description',
  'period_start',
  'period_end',
  'description',
  'quantity',
  'unit_price',
  'net',
  'vat_rate',
  'vat',
  'gross',
  'currency',
];

interface Checkpoint {
  lastLineId: number;
  /**
   * The run's totals per currency so far, kept with each batch, so the job's end need not sum a
   * million amounts in its last transaction; null (or absent, in older checkpoints) when a sum left
   * the safe integers: then the database sums them.
   */
  totals?: StoredCurrencyTotals[] | null;
}

/** Contract line ids counted per query when a job counts its eligible lines (a short query each). */
const COUNT_WINDOW = 25_000;
/** A batch reads contract lines a window of `batchSize × this` ids at a time (see runJob). */
const LINE_WINDOW_FACTOR = 4;

/** `totals` plus the rows' money per currency; null once a sum is no longer a safe integer. */
function addTotals(
  totals: StoredCurrencyTotals[] | null,
  rows: Array<Record<string, unknown>>,
): StoredCurrencyTotals[] | null {
  if (!totals) return null;
  const by = new Map(totals.map((x) => [x.currency, { ...x }]));
  for (const r of rows) {
    const currency = String(r.currency);
    let x = by.get(currency);
    if (!x) by.set(currency, (x = { currency, amounts: 0, net: 0, vat: 0, gross: 0 }));
    x.amounts += 1;
    x.net += Number(r.net);
    x.vat += Number(r.vat);
    x.gross += Number(r.gross);
  }
  const out = [...by.values()];
  return out.every((x) => Number.isSafeInteger(x.net) && Number.isSafeInteger(x.vat) && Number.isSafeInteger(x.gross)) ? out : null;
}

/** To be invoiced amounts (DESIGN §6): the amounts job, the overview and its CSV export. */
const amounts = ({ strapi }: { strapi: Core.Strapi }) => {
  // knex: the amounts job reads and writes thousands of rows per batch (bulk inserts, set-wise joins; data/bulk.ts).
  const t = tables(strapi);
  const knex = () => strapi.db.connection;

  /** Contract lines eligible for a run: active contracts of the run's cycle whose line overlaps the period. */
  function eligible(trx: Trx, run: { cycle: string; periodStart: string; periodEnd: string }) {
    const lineContract = joinTable(strapi, UID.contractLine, 'contract');
    const contractDebtor = joinTable(strapi, UID.contract, 'debtor');
    const L = t.contractLines();
    const C = t.contracts();
    return trx(`${L} as l`)
      .join(`${lineContract.name} as lc`, `lc.${lineContract.joinColumn}`, 'l.id')
      .join(`${C} as c`, 'c.id', `lc.${lineContract.inverseJoinColumn}`)
      .leftJoin(`${contractDebtor.name} as cd`, `cd.${contractDebtor.joinColumn}`, 'c.id')
      .leftJoin(`${t.debtors()} as d`, 'd.id', `cd.${contractDebtor.inverseJoinColumn}`)
      .where('c.status', 'active')
      .where('c.invoice_cycle', run.cycle)
      .where('c.start_date', '<=', run.periodEnd)
      .where((w) => w.whereNull('c.end_date').orWhere('c.end_date', '>=', run.periodStart))
      .where((w) => w.whereNull('l.start_date').orWhere('l.start_date', '<=', run.periodEnd))
      .where((w) => w.whereNull('l.end_date').orWhere('l.end_date', '>=', run.periodStart));
  }

  async function storedTotals(trx: Trx, runId: number): Promise<StoredCurrencyTotals[]> {
    const rows = (await trx(t.amounts())
      .where({ run_id: runId })
      .groupBy('currency')
      .select('currency')
      .count({ amounts: '*' })
      .sum({ net: 'net', vat: 'vat', gross: 'gross' })) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      currency: String(r.currency),
      amounts: Number(r.amounts),
      net: Number(r.net ?? 0),
      vat: Number(r.vat ?? 0),
      gross: Number(r.gross ?? 0),
    }));
  }

  function toAmount(r: Record<string, unknown>): Amount {
    const currency = String(r.currency);
    return {
      documentId: String(r.document_id),
      contract: { documentId: String(r.contract_document_id), reference: String(r.contract_reference), name: String(r.contract_name) },
      contractLine: { documentId: String(r.contract_line_document_id), description: String(r.line_description) },
      debtor: { documentId: String(r.debtor_document_id), reference: String(r.debtor_reference), name: String(r.debtor_name) },
      periodStart: toDateString(r.period_start),
      periodEnd: toDateString(r.period_end),
      description: String(r.description),
      ...lineMoney(r, currency),
      currency,
      invoiced: r.invoice_id !== null && r.invoice_id !== undefined,
    };
  }

  const service = {
    storedTotals,

    async totals(trx: Trx, runId: number, invoices: number): Promise<RunTotals> {
      return toRunTotals(await storedTotals(trx, runId), invoices);
    },

    /**
     * The amounts job. Contract lines are read in id order from the checkpoint on, a batch at a time;
     * each batch writes its amounts, the new checkpoint and the progress in one transaction, so a job
     * resumed after a crash continues exactly where the last committed batch ended.
     */
    async runJob(ctx: JobContext): Promise<void> {
      const runRow = ctx.run;
      const run = {
        id: Number(runRow.id),
        cycle: String(runRow.cycle),
        periodStart: toDateString(runRow.period_start),
        periodEnd: toDateString(runRow.period_end),
      };
      const periodStartDay = toDayNumber(run.periodStart);
      const periodEndDay = toDayNumber(run.periodEnd);
      const periodDays = periodEndDay - periodStartDay + 1;
      let checkpoint = ctx.checkpoint<Checkpoint | null>(null);
      const summary: JobSummary = ctx.summary();
      let parkedCount = summary.parkedCount ?? summary.parked.length;
      let processed = toInt(ctx.job.processed);
      // Fresh planner statistics for what the job reads (PostgreSQL, after a bulk import).
      await refreshStaleStatistics(knex(), [
        t.contractLines(),
        t.contracts(),
        t.debtors(),
        t.amounts(),
        joinTable(strapi, UID.contractLine, 'contract').name,
        joinTable(strapi, UID.contract, 'debtor').name,
      ]);

      if (!checkpoint) {
        // The eligible lines. On SQLite a window of line ids at a time between turns of the event loop
        // (one count over a million lines holds the one connection, and every request, for seconds);
        // elsewhere one count, which waits on its own connection without holding the event loop (and a
        // window of ids misleads PostgreSQL's planner before its statistics know the imported rows).
        const sqlite = dialectOf(knex()) === 'sqlite';
        const [{ maxId }] = sqlite
          ? ((await knex()(t.contractLines()).max({ maxId: 'id' })) as Array<{ maxId: number | string | null }>)
          : [{ maxId: null }];
        let total = 0;
        if (!sqlite) {
          const [{ count }] = (await eligible(knex(), run).count({ count: 'l.id' })) as Array<{ count: number | string }>;
          total = Number(count);
        }
        for (let from = 0; from < Number(maxId ?? 0); from += COUNT_WINDOW) {
          const [{ count }] = (await eligible(knex(), run)
            .where('l.id', '>', from)
            .where('l.id', '<=', from + COUNT_WINDOW)
            .count({ count: 'l.id' })) as Array<{ count: number | string }>;
          total += Number(count);
          await yieldToEventLoop();
        }
        // A fresh start (also after a failed attempt): clear what an earlier attempt left behind.
        let cleared = 0;
        await ctx.batch(async (trx) => {
          cleared = Number(await trx(t.amounts()).where({ run_id: run.id }).delete());
          checkpoint = { lastLineId: 0, totals: [] };
          processed = 0;
          return { total, processed: 0, checkpoint, summary: { created: 0, alreadyInvoiced: 0, parked: [] } };
        });
        tidyAfterBulkDelete(knex(), t.amounts(), cleared, (message) => strapi.log.warn(message));
        summary.created = 0;
        summary.alreadyInvoiced = 0;
        summary.parked = [];
        parkedCount = 0;
      }

      /** Eligible lines with `from < id <= to`, in id order, at most `limit`. */
      const readLines = async (from: number, to: number, limit: number) =>
        (await eligible(knex(), run)
          .where('l.id', '>', from)
          .where('l.id', '<=', to)
          .orderBy('l.id', 'asc')
          .limit(limit)
          .select(
            'l.id as line_id',
            'l.document_id as line_document_id',
            'l.description as line_description',
            'l.unit_price',
            'l.quantity',
            'l.vat_rate',
            'l.start_date as line_start',
            'l.end_date as line_end',
            'c.id as contract_id',
            'c.document_id as contract_document_id',
            'c.reference as contract_reference',
            'c.name as contract_name',
            'c.start_date as contract_start',
            'c.end_date as contract_end',
            'c.currency',
            'd.id as debtor_id',
            'd.document_id as debtor_document_id',
            'd.reference as debtor_reference',
            'd.name as debtor_name',
          )) as Array<Record<string, unknown>>;

      // The highest line id: the batches walk windows of line ids up to it.
      const [{ lastId }] = (await knex()(t.contractLines()).max({ lastId: 'id' })) as Array<{ lastId: number | string | null }>;
      const maxLineId = Number(lastId ?? 0);
      const window = ctx.batchSize * LINE_WINDOW_FACTOR;

      for (let batch = 1; ; batch += 1) {
        // The amounts table grows with the job: its statistics too (PostgreSQL), or duplicate
        // protection's lookups are planned for the empty table it was at the start.
        if (batch % STATISTICS_EVERY_BATCHES === 0) await refreshStaleStatistics(knex(), [t.amounts()]);
        // Read and compute outside any transaction (the database stays free for requests meanwhile),
        // then write the batch, the checkpoint and the progress in one short transaction.
        // The lines are read a window of ids at a time (`id > from AND id <= from + window`), so a
        // batch costs the same at any size of the table and whatever plan the database picks: without
        // the upper bound PostgreSQL joined every contract line and sorted them for each batch (650 ms
        // a batch at 100,000 lines, growing with the table).
        const lines: Array<Record<string, unknown>> = [];
        let from = checkpoint!.lastLineId;
        while (lines.length < ctx.batchSize && from < maxLineId) {
          const need = ctx.batchSize - lines.length;
          const found = await readLines(from, Math.min(from + window, maxLineId), need);
          lines.push(...found);
          from = found.length === need ? Number(found[found.length - 1].line_id) : Math.min(from + window, maxLineId);
        }
        if (lines.length === 0) break; // every window up to the highest line id is read
        await yieldToEventLoop();

        // Duplicate protection: amounts of other, not cancelled runs for an overlapping period, except
        // credited ones (DESIGN §17: never more than one uncredited invoice line per line and period).
        const covered = new Map<number, Array<[start: number, end: number]>>();
        for (const ids of chunk(lines.map((l) => Number(l.line_id)), 500)) {
          const existing = (await knex()(`${t.amounts()} as a`)
            .join(`${t.runs()} as r`, 'r.id', 'a.run_id')
            .whereIn('a.contract_line_id', ids)
            .whereNot('a.run_id', run.id)
            .whereNot('r.status', 'cancelled')
            .whereNull('a.credit_note_id')
            .where('a.period_start', '<=', run.periodEnd)
            .where('a.period_end', '>=', run.periodStart)
            .select('a.contract_line_id', 'a.period_start', 'a.period_end')) as Array<Record<string, unknown>>;
          for (const e of existing) {
            const key = Number(e.contract_line_id);
            if (!covered.has(key)) covered.set(key, []);
            covered.get(key)!.push([toDayNumber(toDateString(e.period_start)), toDayNumber(toDateString(e.period_end))]);
          }
          await yieldToEventLoop();
        }

        const now = new Date();
        const rows: Record<string, unknown>[] = [];
        const found = { alreadyInvoiced: 0, parked: [] as ParkedLine[], parkedCount: 0 };
        for (const [i, l] of lines.entries()) {
          if (i % COMPUTE_SLICE === COMPUTE_SLICE - 1) await yieldToEventLoop();
          const lineId = Number(l.line_id);
          try {
            const lineStart = toDateStringOrNull(l.line_start);
            const contractEnd = toDateStringOrNull(l.contract_end);
            const lineEnd = toDateStringOrNull(l.line_end);
            const startDay = Math.max(periodStartDay, toDayNumber(toDateString(l.contract_start)), lineStart ? toDayNumber(lineStart) : periodStartDay);
            const endDay = Math.min(periodEndDay, contractEnd ? toDayNumber(contractEnd) : periodEndDay, lineEnd ? toDayNumber(lineEnd) : periodEndDay);
            if (startDay > endDay) continue; // no overlap after all (the line lies outside its contract)
            const previous = covered.get(lineId);
            if (previous && previous.some(([ps, pe]) => ps <= endDay && pe >= startDay)) {
              found.alreadyInvoiced += 1;
              continue;
            }
            if (l.debtor_id === null || l.debtor_id === undefined) throw new Error('its contract has no debtor');
            const start = startDay === periodStartDay ? run.periodStart : fromDayNumber(startDay);
            const end = endDay === periodEndDay ? run.periodEnd : fromDayNumber(endDay);
            const currency = String(l.currency ?? '').toUpperCase();
            const unitPrice = String(l.unit_price);
            const quantity = String(l.quantity);
            const vatRate = String(l.vat_rate);
            const money = computeAmount({ unitPrice, quantity, vatRate, currency, coveredDays: endDay - startDay + 1, periodDays });
            const description = String(l.line_description ?? '');
            rows.push({
              // Explicit columns, not a spread: spreading into a 27-column literal costs ~30 µs per row.
              document_id: newDocumentId(),
              created_at: now,
              updated_at: now,
              published_at: now,
              run_id: run.id,
              contract_id: Number(l.contract_id),
              contract_document_id: l.contract_document_id,
              contract_reference: l.contract_reference,
              contract_name: l.contract_name,
              contract_line_id: lineId,
              contract_line_document_id: l.line_document_id,
              line_description: description,
              debtor_id: Number(l.debtor_id),
              debtor_document_id: l.debtor_document_id,
              debtor_reference: l.debtor_reference,
              debtor_name: l.debtor_name,
              period_start: start,
              period_end: end,
              description: amountDescription(description, start, end),
              quantity,
              unit_price: unitPrice,
              vat_rate: vatRate,
              net: money.net,
              vat: money.vat,
              gross: money.gross,
              currency,
              invoice_id: null,
            });
          } catch (error) {
            found.parkedCount += 1;
            found.parked.push({
              contractLine: String(l.line_document_id),
              reason: `Contract ${String(l.contract_reference)}, line "${String(l.line_description ?? '')}": ${error instanceof Error ? error.message : String(error)}`,
            });
          }
        }

        const next = {
          processed: processed + lines.length,
          checkpoint: { lastLineId: Number(lines[lines.length - 1].line_id), totals: addTotals(checkpoint!.totals ?? null, rows) } as Checkpoint,
          summary: {
            created: summary.created + rows.length,
            alreadyInvoiced: summary.alreadyInvoiced + found.alreadyInvoiced,
            parked: [...summary.parked, ...found.parked].slice(0, MAX_PARKED_LISTED),
            parkedCount: parkedCount + found.parkedCount,
          } as JobSummary,
        };
        await ctx.batch(async (trx) => {
          await insertMany(trx, t.amounts(), rows);
          return next;
        });
        processed = next.processed;
        checkpoint = next.checkpoint;
        Object.assign(summary, next.summary);
        parkedCount = next.summary.parkedCount ?? 0;
        if (lines.length < ctx.batchSize) break;
      }

      // The lifecycle's completion of the amounts job (complete_amounts) moves the run on.
      await ctx.finish(async (trx) => {
        const totals = checkpoint!.totals ?? (await storedTotals(trx, run.id));
        const found = { created: summary.created, alreadyInvoiced: summary.alreadyInvoiced, parked: parkedCount };
        return {
          processed,
          summary: { ...summary, parkedCount } as JobSummary,
          complete: {
            patch: {
              amountCount: totals.reduce((n, x) => n + x.amounts, 0),
              totalsByCurrency: JSON.stringify(totals),
              amountsGeneratedBy: String(ctx.job.actor ?? 'system'),
            },
            details: found,
            announce: { summary: found },
          },
        };
      });
    },

    async findMany(runDocumentId: string, rawQuery: unknown): Promise<{ results: Amount[]; pagination: Pagination; meta: { totals: RunTotals } }> {
      const { run, rows, pagination } = await runScopedPage(strapi, runDocumentId, rawQuery, {
        table: t.amounts(),
        searchColumns: ['contract_reference', 'contract_name', 'debtor_reference', 'debtor_name', 'description'],
        sortable: SORTABLE,
        what: 'Amounts',
        // The invoice order (the index invoicing_amounts_run_order_idx): a page is an index range.
        defaultOrder: [
          ['debtor_name', 'asc'],
          ['debtor_id', 'asc'],
          ['currency', 'asc'],
          ['contract_reference', 'asc'],
        ],
      });
      return { results: rows.map(toAmount), pagination, meta: { totals: await service.totals(knex(), run.id, toInt(run.invoice_count)) } };
    },

    /** The run's amounts as CSV (RFC 4180, formula injection neutralised), streamed page by page. */
    async exportCsv(runDocumentId: string): Promise<{ filename: string; stream: Readable }> {
      const run = await getService(strapi, 'runs').load(knex(), runDocumentId);
      const table = t.amounts();
      async function* lines() {
        yield csvRow(CSV_HEADER.map((h) => ({ text: h })));
        let lastId = 0;
        for (;;) {
          // `+run_id`: walk the primary key from lastId. With the run's index the planner would sort
          // all of the run's amounts for each page (a million rows 500 times at 1M lines).
          const rows = (await knex()(table).whereRaw('+?? = ?', ['run_id', run.id]).where('id', '>', lastId).orderBy('id', 'asc').limit(2000)) as Array<
            Record<string, unknown>
          >;
          if (rows.length === 0) return;
          let out = '';
          for (const r of rows) {
            const a = toAmount(r);
            out += csvRow([
              { text: a.contract.reference },
              { text: a.contract.name },
              { text: a.debtor.reference },
              { text: a.debtor.name },
              { text: a.contractLine.description },
              { number: a.periodStart },
              { number: a.periodEnd },
              { text: a.description },
              { number: a.quantity },
              { number: a.unitPrice },
              { number: a.net },
              { number: a.vatRate },
              { number: a.vat },
              { number: a.gross },
              { text: a.currency },
            ]);
          }
          lastId = Number(rows[rows.length - 1].id);
          yield out;
        }
      }
      return { filename: `${run.reference}-amounts.csv`, stream: Readable.from(lines()) };
    },
  } satisfies JobHandler & Record<string, unknown>;

  return service;
};

export default amounts;
