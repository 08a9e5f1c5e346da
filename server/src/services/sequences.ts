import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { type Trx } from '../data/bulk';
import { baseColumns } from '../data/rows';
import { tableName } from '../data/tables';

/**
 * Gapless counters (references IRS/IVR, invoice numbers per year) in one table.
 *
 * `next` must run inside the transaction that uses the numbers: the increment locks the counter's row
 * until that transaction ends (PostgreSQL, MySQL; SQLite serialises whole transactions), so
 * concurrent writers on any number of instances queue up, and a rollback gives the numbers back:
 * no duplicates and no gaps.
 */
const sequences = ({ strapi }: { strapi: Core.Strapi }) => {
  // knex: the gapless counters need an atomic increment that locks the counter's row (data/bulk.ts).
  const table = () => tableName(strapi, UID.sequence);

  return {
    /** Reserves `count` consecutive numbers and answers the first. */
    async next(trx: Trx, name: string, count = 1): Promise<number> {
      if (!Number.isSafeInteger(count) || count < 1) throw new Error(`count must be a positive integer, got ${count}`);
      const t = table();
      const updated = await trx(t).where({ name }).increment('value', count);
      if (!updated) {
        await trx(t)
          .insert({ ...baseColumns(), name, value: 0 })
          .onConflict('name')
          .ignore();
        await trx(t).where({ name }).increment('value', count);
      }
      const row = (await trx(t).where({ name }).first('value')) as { value: string | number };
      return Number(row.value) - count + 1;
    },

    /** The last number handed out (0 when none). */
    async current(trx: Trx, name: string): Promise<number> {
      const row = (await trx(table()).where({ name }).first('value')) as { value: string | number } | undefined;
      return row ? Number(row.value) : 0;
    },
  };
};

export default sequences;
