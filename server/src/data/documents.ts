/**
 * A run's documents (invoices and credit notes, rows of the invoices table) in number order, a page at
 * a time: what the run's ZIPs (PDF and UBL) stream. Knex: a run holds up to hundreds of thousands of
 * documents, read by keyset on the unique `number` so that each page is an index range.
 */
import type { Knex } from 'knex';

export async function* runDocumentsByNumber<C extends string>(
  knex: Knex,
  table: string,
  runId: number,
  columns: readonly C[],
  pageSize: number,
): AsyncGenerator<Array<Record<C | 'number', unknown>>> {
  let after = '';
  for (;;) {
    const rows = (await knex(table)
      .where({ run_id: runId })
      .where('number', '>', after)
      .orderBy('number', 'asc')
      .limit(pageSize)
      .select([...new Set<string>([...columns, 'number'])])) as Array<Record<C | 'number', unknown>>;
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = String(rows[rows.length - 1].number);
  }
}
