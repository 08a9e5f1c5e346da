import type { Core } from '@strapi/strapi';
import { Readable } from 'stream';
import type { Knex } from 'knex';
import type { InvoicingConfig } from '../config';
import { JOURNAL_PAGE_SIZE, PLUGIN_ID } from '../constants';
import { toDateString } from '../data/rows';
import { tables } from '../data/tables';
import { getService } from '../utils/get-service';
import {
  journalFilename,
  journalHeader,
  journalLedgerAccount,
  journalRow,
  journalVatCategory,
  type JournalLine,
  type JournalQuery,
} from '../../../shared/journal';

/** Where the previous page of the keyset walk ended: its last line's order key. */
interface Cursor {
  date: string;
  number: string;
  position: number;
  id: number;
}

/**
 * The accounting journal export (DESIGN §18): one CSV row per invoice or credit-note line whose
 * document date lies in [from, to], in the order document date, number, line position.
 */
const journal = ({ strapi }: { strapi: Core.Strapi }) => {
  // knex: a period may hold millions of lines; the export walks them in keyset pages over a join of
  // lines, their documents, the credited invoices and the categories (not expressible as one page of
  // the query engine), and streams each page as it is read.
  const t = tables(strapi);
  const knex = () => strapi.db.connection;

  function pageSize(): number {
    const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as Partial<InvoicingConfig> | undefined;
    return config?.exports?.pageSize ?? JOURNAL_PAGE_SIZE;
  }

  /** One page of lines of the period after `after` (from the start when null), in journal order. */
  function page(query: JournalQuery, after: Cursor | null, limit: number) {
    const q = knex()(`${t.invoiceLines()} as l`)
      .join(`${t.invoices()} as i`, 'i.id', 'l.invoice_id')
      .leftJoin(`${t.invoices()} as ci`, 'ci.id', 'i.credited_invoice_id')
      .leftJoin(`${t.categories()} as c`, 'c.id', 'i.category_id')
      .where('i.invoice_date', '>=', query.from)
      .andWhere('i.invoice_date', '<=', query.to);
    if (after) {
      // (invoice_date, number, position, id) > the cursor, spelled out (row values compare alike on
      // every database, but not every planner uses an index for them).
      q.andWhere((w: Knex.QueryBuilder) =>
        w.where('i.invoice_date', '>', after.date).orWhere((w1: Knex.QueryBuilder) =>
          w1.where('i.invoice_date', '=', after.date).andWhere((w2: Knex.QueryBuilder) =>
            w2.where('i.number', '>', after.number).orWhere((w3: Knex.QueryBuilder) =>
              w3.where('i.number', '=', after.number).andWhere((w4: Knex.QueryBuilder) =>
                w4.where('l.position', '>', after.position).orWhere((w5: Knex.QueryBuilder) => w5.where('l.position', '=', after.position).andWhere('l.id', '>', after.id)),
              ),
            ),
          ),
        ),
      );
    }
    return q
      .orderBy([
        { column: 'i.invoice_date', order: 'asc' },
        { column: 'i.number', order: 'asc' },
        { column: 'l.position', order: 'asc' },
        { column: 'l.id', order: 'asc' },
      ])
      .limit(limit)
      .select(
        'l.id as line_id',
        'l.position as position',
        'l.description as description',
        'l.period_start as period_start',
        'l.period_end as period_end',
        'l.vat_rate as vat_rate',
        'l.net as net',
        'l.vat as vat',
        'l.gross as gross',
        'i.invoice_date as invoice_date',
        'i.number as number',
        'i.credited_invoice_id as credited_invoice_id',
        'i.debtor_reference as debtor_reference',
        'i.debtor_name as debtor_name',
        'i.currency as currency',
        'i.vat_category as vat_category',
        'ci.number as credited_invoice_number',
        'c.ledger_account as ledger_account',
      ) as Promise<Array<Record<string, unknown>>>;
  }

  function toLine(r: Record<string, unknown>, defaultLedgerAccount: string): JournalLine {
    const isCreditNote = r.credited_invoice_id !== null && r.credited_invoice_id !== undefined;
    const vatRate = String(r.vat_rate);
    return {
      date: toDateString(r.invoice_date),
      documentType: isCreditNote ? 'credit_note' : 'invoice',
      number: String(r.number),
      creditedInvoiceNumber: isCreditNote && r.credited_invoice_number != null ? String(r.credited_invoice_number) : null,
      debtorReference: String(r.debtor_reference ?? ''),
      debtorName: String(r.debtor_name ?? ''),
      ledgerAccount: journalLedgerAccount(r.ledger_account as string | null, defaultLedgerAccount),
      vatRate,
      vatCategory: journalVatCategory(vatRate, r.vat_category),
      net: Number(r.net),
      vat: Number(r.vat),
      gross: Number(r.gross),
      currency: String(r.currency),
      description: String(r.description ?? ''),
      periodStart: toDateString(r.period_start),
      periodEnd: toDateString(r.period_end),
    };
  }

  return {
    /**
     * The period's journal as CSV, streamed: the header, then page after page of `pageSize` lines
     * (plugin config `exports.pageSize`), each page starting after the last line of the previous one.
     */
    async exportCsv(query: JournalQuery, options: { pageSize?: number } = {}): Promise<{ filename: string; stream: Readable }> {
      const { defaultLedgerAccount } = await getService(strapi, 'settings').get();
      const limit = options.pageSize ?? pageSize();
      async function* rows() {
        yield journalHeader();
        let after: Cursor | null = null;
        for (;;) {
          const found = await page(query, after, limit);
          if (found.length === 0) return;
          let out = '';
          for (const r of found) out += journalRow(toLine(r, defaultLedgerAccount));
          const last = found[found.length - 1];
          after = { date: toDateString(last.invoice_date), number: String(last.number), position: Number(last.position), id: Number(last.line_id) };
          yield out;
          if (found.length < limit) return;
        }
      }
      return { filename: journalFilename(query.from, query.to), stream: Readable.from(rows()) };
    },
  };
};

export default journal;
