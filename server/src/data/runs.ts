/**
 * The invoice run's row, one way in for its writes: created, updated, moved from status to status and
 * deleted through Strapi's query engine (low volume: a run is created once and changes a handful of
 * times; the engine fills the schedule and category link tables and maps attributes to columns).
 *
 * Reads stay on knex (`load`): the locked read of a transition needs `SELECT … FOR UPDATE`, which the
 * query engine does not offer, and the run's stored row (column names) is the shape the lists, the
 * jobs and the API formatting share.
 */
import type { Core } from '@strapi/strapi';
import type { RunStatus } from '../../../shared/lifecycle';
import { UID } from '../constants';
import { chunk, forUpdate, type Trx } from './bulk';
import { tableName } from './tables';

export type RunRow = Record<string, unknown> & {
  id: number;
  document_id: string;
  reference: string;
  status: RunStatus;
};

/** A run as the query engine answers it (attribute names), with what a run summary needs. */
export type RunEntity = Record<string, unknown> & { id: number; documentId: string; reference: string };

export const runsRepository = (strapi: Core.Strapi) => {
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
