/**
 * The invoice run's row, one way in for its writes: created, updated, moved from status to status and
 * deleted through Strapi's query engine (low volume: a run is created once and changes a handful of
 * times; the engine fills the schedule and category link tables and maps attributes to columns).
 *
 * Reads stay on knex (`load`): the locked read of a transition needs `SELECT … FOR UPDATE`, which the
 * query engine does not offer, and the run's stored row (column names) is the shape the lists, the
 * jobs and the API formatting share.
 *
 * The run's document counts per sending status (`docs_*`) are the exception among its writes: relative
 * knex updates in the transactions that change its documents (`addDocCounts`).
 */
import type { Core } from '@strapi/strapi';
import type { RunStatus } from '../../../shared/lifecycle';
import type { SendStatus } from '../../../shared/sending';
import type { SendingCounts } from '../../../shared/contracts/runs';
import { UID } from '../constants';
import { chunk, forUpdate, type Trx } from './bulk';
import { tableName } from './tables';

/** The run's stored document counts (columns of `docsOpen` … `docsFailed`) by key of the API's `sending`. */
const DOC_COUNT_COLUMNS: Record<keyof SendingCounts, string> = {
  open: 'docs_open',
  sending: 'docs_sending',
  sent: 'docs_sent',
  failed: 'docs_failed',
};

/** The key of `sending` (and of the run's counts) an invoice's or credit note's sending status counts under. */
export const DOC_COUNT_KEY: Record<SendStatus, keyof SendingCounts> = { open: 'open', sending: 'sending', sent: 'sent', send_failed: 'failed' };

/** A change of a run's document counts: per key, how many documents more (or fewer, negative). */
export type DocCountDelta = Partial<Record<keyof SendingCounts, number>>;

/** Adds `n` documents of `status` to a delta (negative `n`: they left that status). */
export function addToDelta(delta: DocCountDelta, status: SendStatus, n: number): DocCountDelta {
  if (n !== 0) delta[DOC_COUNT_KEY[status]] = (delta[DOC_COUNT_KEY[status]] ?? 0) + n;
  return delta;
}

const emptyCounts = (): SendingCounts => ({ open: 0, sending: 0, sent: 0, failed: 0 });

export type RunRow = Record<string, unknown> & {
  id: number;
  document_id: string;
  reference: string;
  status: RunStatus;
};

/** A run as the query engine answers it (attribute names), with what a run summary needs. */
export type RunEntity = Record<string, unknown> & { id: number; documentId: string; reference: string };

export const runsRepository = (strapi: Core.Strapi) => {
  /** The run's invoices and credit notes per sending status, counted (GROUP BY over the (run, status) index). */
  async function countDocuments(trx: Trx, runId: number): Promise<SendingCounts> {
    const rows = (await trx(tableName(strapi, UID.invoice)).where({ run_id: runId }).groupBy('status').select('status').count({ count: '*' })) as Array<{
      status: SendStatus;
      count: number | string;
    }>;
    const counts = emptyCounts();
    for (const r of rows) if (r.status in DOC_COUNT_KEY) counts[DOC_COUNT_KEY[r.status]] += Number(r.count);
    return counts;
  }

  const query = () => strapi.db.query(UID.run);
  const attributes = () => strapi.db.metadata.get(UID.run as never).attributes as Record<string, unknown>;

  /**
   * The query engine runs in the transaction of `strapi.db.transaction` (its context), not in a knex
   * transaction handed in: a write through it with a transaction that is not the context's would run
   * beside it (and wait for it forever on SQLite).
   */
  function inContext(trx: Trx | undefined): void {
    if (trx && (trx as { isTransaction?: boolean }).isTransaction && !strapi.db.inTransaction()) {
      throw new Error('invoice runs: write through the query engine outside of strapi.db.transaction');
    }
  }

  /** The query engine ignores data keys that are no attribute: a misspelt one would be lost silently. */
  function checked(data: Record<string, unknown>): Record<string, unknown> {
    const known = attributes();
    for (const key of Object.keys(data)) if (!(key in known)) throw new Error(`invoice runs: no attribute "${key}"`);
    return data;
  }

  /** Counts the run's documents per sending status (GROUP BY) and stores them, when still null; answers the counts. */
  async function backfillDocCounts(runId: number): Promise<SendingCounts> {
    const table = tableName(strapi, UID.run);
    return strapi.db.transaction(async ({ trx }) => {
      const row = (await forUpdate(trx(table).where({ id: runId }).first(...Object.values(DOC_COUNT_COLUMNS)))) as Record<string, unknown> | undefined;
      const stored = row ? Object.values(DOC_COUNT_COLUMNS).map((c) => row[c]) : [];
      if (row && stored.every((v) => v !== null && v !== undefined)) {
        const [open, sending, sent, failed] = stored.map(Number);
        return { open, sending, sent, failed };
      }
      const counts = await countDocuments(trx, runId);
      if (row) {
        const patch: Record<string, number> = {};
        for (const [key, column] of Object.entries(DOC_COUNT_COLUMNS) as Array<[keyof SendingCounts, string]>) patch[column] = counts[key];
        await trx(table).where({ id: runId }).update(patch);
      }
      return counts;
    });
  }

  return {
    /** The stored row by documentId (undefined when none); with `lock`, locked until the transaction ends. */
    async load(trx: Trx, documentId: string, lock = false): Promise<RunRow | undefined> {
      let qb = trx(tableName(strapi, UID.run)).where({ document_id: documentId }).first();
      if (lock) qb = forUpdate(qb);
      return (await qb) as RunRow | undefined;
    },

    /** The current status of a run (undefined when it is gone). */
    async statusOf(trx: Trx, id: number): Promise<RunStatus | undefined> {
      const row = (await trx(tableName(strapi, UID.run)).where({ id }).first('status')) as { status: RunStatus } | undefined;
      return row?.status;
    },

    /** Creates a run (attributes, `schedule` and `invoiceCategory` as ids) in the context's transaction. */
    async create(trx: Trx, data: Record<string, unknown>): Promise<RunEntity> {
      inContext(trx);
      return (await query().create({ data: checked(data) })) as RunEntity;
    },

    /** Updates a run by id. */
    async update(trx: Trx, id: number, data: Record<string, unknown>): Promise<void> {
      inContext(trx);
      await query().update({ where: { id }, data: checked(data) });
    },

    /**
     * Updates a run by id only while it is in `status` (a conditional `UPDATE … WHERE status = …`: the
     * lifecycle's compare-and-set); answers the number of rows changed (0 or 1).
     */
    async updateWhereStatus(trx: Trx, id: number, status: RunStatus, data: Record<string, unknown>): Promise<number> {
      inContext(trx);
      const { count } = (await query().updateMany({ where: { id, status }, data: checked(data) })) as { count: number };
      return Number(count);
    },

    async delete(trx: Trx, id: number): Promise<void> {
      inContext(trx);
      await query().delete({ where: { id } });
    },

    /** The runs of schedules (for their summaries), ordered by sequence, as the query engine answers them, with `schedule.id`. */
    async ofSchedules(scheduleIds: number[]): Promise<Array<RunEntity & { schedule: { id: number } | null }>> {
      if (scheduleIds.length === 0) return [];
      return (await query().findMany({
        where: { schedule: { id: { $in: scheduleIds } } },
        populate: { schedule: { select: ['id'] } },
        orderBy: [{ sequence: 'asc' }, { id: 'asc' }],
      })) as Array<RunEntity & { schedule: { id: number } | null }>;
    },

    /** The schedule and invoice category of each run (the API's shapes), read with their link tables by the query engine. */
    async relations(runIds: number[]) {
      const schedules = new Map<number, { documentId: string; reference: string; name: string; adHoc: boolean }>();
      const categories = new Map<number, { documentId: string; name: string }>();
      for (const ids of chunk(runIds, 500)) {
        const rows = (await query().findMany({
          where: { id: { $in: ids } },
          select: ['id'],
          populate: {
            schedule: { select: ['documentId', 'reference', 'name', 'adHoc'] },
            invoiceCategory: { select: ['documentId', 'name'] },
          },
        })) as Array<{
          id: number;
          schedule?: { documentId: string; reference: string; name: string; adHoc: unknown } | null;
          invoiceCategory?: { documentId: string; name: string } | null;
        }>;
        for (const r of rows) {
          const id = Number(r.id);
          if (r.schedule) {
            schedules.set(id, {
              documentId: String(r.schedule.documentId),
              reference: String(r.schedule.reference),
              name: String(r.schedule.name),
              adHoc: Boolean(r.schedule.adHoc),
            });
          }
          if (r.invoiceCategory) categories.set(id, { documentId: String(r.invoiceCategory.documentId), name: String(r.invoiceCategory.name) });
        }
      }
      return { schedules, categories };
    },

    /**
     * Adds a change of the run's document counts (its invoices and credit notes per sending status), in
     * the transaction that changed their statuses, as relative updates (`docs_sent = docs_sent + 3`): two
     * instances changing documents of one run at once each add their own change, nothing is read and
     * written back. Call it after the transaction's writes of the documents themselves: the run's row
     * is then always locked last, after any invoice rows (no lock order cycle with a credit note, which
     * locks its invoice first). A count still null (a run from before the counts, not yet backfilled)
     * stays null: `countsOf` counts it afresh, then with this change included.
     *
     * knex, not the query engine: these run in the jobs' knex transactions, up to one per batch, and
     * the query engine has no relative update.
     */
    async addDocCounts(trx: Trx, runId: number, delta: DocCountDelta): Promise<void> {
      const patch: Record<string, unknown> = {};
      for (const [key, n] of Object.entries(delta) as Array<[keyof SendingCounts, number]>) {
        if (!n) continue;
        if (!Number.isSafeInteger(n)) throw new Error(`invoice runs: document count change ${String(n)} is no integer`);
        const column = DOC_COUNT_COLUMNS[key];
        // the integer inline (checked above): a bound parameter would need a cast on PostgreSQL
        patch[column] = trx.raw(n > 0 ? `?? + ${n}` : `?? - ${-n}`, [column]);
      }
      if (Object.keys(patch).length === 0) return;
      await trx(tableName(strapi, UID.run)).where({ id: runId }).update(patch);
    },

    /**
     * The document counts of run rows (stored rows with their `docs_*` columns): read from the row,
     * whatever the run's size. A run from before these columns (a count is null) is counted once with
     * a GROUP BY over its documents and stored, under the run's row lock: a writer that changed
     * documents before the lock was taken has committed (its change is in the count, its own increment
     * of the null left it null), one after it adds its change to the stored count.
     */
    async countsOf(rows: Array<Record<string, unknown>>): Promise<Map<number, SendingCounts>> {
      const out = new Map<number, SendingCounts>();
      for (const row of rows) {
        const values = Object.values(DOC_COUNT_COLUMNS).map((c) => row[c]);
        if (values.some((v) => v === null || v === undefined)) continue;
        const [open, sending, sent, failed] = values.map(Number);
        out.set(Number(row.id), { open, sending, sent, failed });
      }
      for (const row of rows) {
        const id = Number(row.id);
        if (!out.has(id)) out.set(id, await backfillDocCounts(id));
      }
      return out;
    },

    backfillDocCounts,

    /** Id, sequence and status of one schedule's runs. */
    async ofSchedule(scheduleId: number): Promise<Array<{ id: number; sequence: number; status: RunStatus }>> {
      const rows = (await query().findMany({
        where: { schedule: { id: scheduleId } },
        select: ['id', 'sequence', 'status'],
        orderBy: { id: 'asc' },
      })) as Array<{ id: number; sequence: number | string; status: RunStatus }>;
      return rows.map((r) => ({ id: Number(r.id), sequence: Number(r.sequence), status: r.status }));
    },
  };
};

export type RunsRepository = ReturnType<typeof runsRepository>;
