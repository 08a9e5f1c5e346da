/**
 * The invoice run schedule's row: created, updated and deleted through Strapi's query engine (low
 * volume; the engine fills the category link table). The locked read stays on knex (`SELECT … FOR
 * UPDATE`, which the query engine does not offer), in the stored row's shape the list pages share.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { forUpdate, type Trx } from './bulk';
import { tableName } from './tables';

export type ScheduleRow = Record<string, unknown> & { id: number; document_id: string; reference: string };

export const schedulesRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(UID.schedule);

  return {
    /** The stored row by documentId (undefined when none); with `lock`, locked until the transaction ends. */
    async load(trx: Trx, documentId: string, lock = false): Promise<ScheduleRow | undefined> {
      let qb = trx(tableName(strapi, UID.schedule)).where({ document_id: documentId }).first();
      if (lock) qb = forUpdate(qb);
      return (await qb) as ScheduleRow | undefined;
    },

    async create(data: Record<string, unknown>): Promise<{ id: number; documentId: string }> {
      return (await query().create({ data })) as { id: number; documentId: string };
    },

    async update(id: number, data: Record<string, unknown>): Promise<void> {
      await query().update({ where: { id }, data });
    },

    async delete(id: number): Promise<void> {
      await query().delete({ where: { id } });
    },
  };
};
