/**
 * The accounting journal export (DESIGN §18): GET `/exports/journal?from=YYYY-MM-DD&to=YYYY-MM-DD`
 * answers a CSV (DESIGN §14's rules, shared/csv.ts) with one row per invoice or credit-note line whose
 * document date lies in [from, to]. This file holds the pure parts: the query's validation, the
 * columns, the ledger account and VAT category of a line, and the formatting of one row.
 */
import { z } from 'zod';
import { csvRow } from './csv';
import { addDays, compareDates, isCalendarDate, parseCalendarDate, toCalendarDate, type CalendarDate } from './dates';
import { formatMinor } from './money';
import { calendarDate } from './validation';
import { isVatCategoryCode, lineVatCategory, NO_VAT_TREATMENT, type LineVatCategory } from './vat-categories';

/** The columns of the journal CSV, in order (the header row). */
export const JOURNAL_COLUMNS = [
  'date',
  'document_type',
  'number',
  'credited_invoice_number',
  'debtor_reference',
  'debtor_name',
  'ledger_account',
  'vat_rate',
  'vat_category',
  'net',
  'vat',
  'gross',
  'currency',
  'description',
  'period_start',
  'period_end',
] as const;

export type JournalDocumentType = 'invoice' | 'credit_note';

/** One line of an invoice or credit note as the journal books it. Money in integer minor units. */
export interface JournalLine {
  /** The document's date (its invoice date; a credit note's date of issue). */
  date: CalendarDate;
  documentType: JournalDocumentType;
  number: string;
  /** A credit note's credited invoice number; null on an invoice. */
  creditedInvoiceNumber: string | null;
  debtorReference: string;
  debtorName: string;
  ledgerAccount: string;
  /** Decimal string in percent ("21", "0", "9.5"). */
  vatRate: string;
  vatCategory: LineVatCategory;
  net: number;
  vat: number;
  gross: number;
  currency: string;
  description: string;
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
}

/** The ledger account of a line: its category's own (when it has one), else the settings' default. */
export function journalLedgerAccount(categoryAccount: string | null | undefined, defaultAccount: string): string {
  const own = typeof categoryAccount === 'string' ? categoryAccount.trim() : '';
  return own !== '' ? own : defaultAccount;
}

/** The VAT category of a line: `lineVatCategory` of its rate with its document's stored VAT treatment. */
export function journalVatCategory(vatRate: string, storedVatCategory: unknown): LineVatCategory {
  return lineVatCategory(vatRate, { ...NO_VAT_TREATMENT, vatCategory: isVatCategoryCode(storedVatCategory) ? storedVatCategory : null });
}

/** The header row (CRLF-terminated). */
export function journalHeader(): string {
  return csvRow(JOURNAL_COLUMNS.map((c) => ({ text: c })));
}

/**
 * One CSV row (CRLF-terminated): text quoted and formula-neutralised, money as plain decimals in major
 * units (a credit note's negative amounts stay numbers), dates `YYYY-MM-DD`.
 */
export function journalRow(line: JournalLine): string {
  return csvRow([
    { number: line.date },
    { text: line.documentType },
    { text: line.number },
    { text: line.creditedInvoiceNumber ?? '' },
    { text: line.debtorReference },
    { text: line.debtorName },
    { text: line.ledgerAccount },
    { number: line.vatRate },
    { text: line.vatCategory },
    { number: formatMinor(line.net, line.currency) },
    { number: formatMinor(line.vat, line.currency) },
    { number: formatMinor(line.gross, line.currency) },
    { text: line.currency },
    { text: line.description },
    { number: line.periodStart },
    { number: line.periodEnd },
  ]);
}

/** The calendar month before the one `today` lies in: the export dialog's default period. */
export function previousCalendarMonth(today: CalendarDate): { from: CalendarDate; to: CalendarDate } {
  const { year, month } = parseCalendarDate(today);
  const firstOfThisMonth = toCalendarDate(year, month, 1);
  const to = addDays(firstOfThisMonth, -1);
  const last = parseCalendarDate(to);
  return { from: toCalendarDate(last.year, last.month, 1), to };
}

/** The file name of a period's journal. */
export const journalFilename = (from: CalendarDate, to: CalendarDate): string => `journal-${from}-${to}.csv`;

/**
 * The query of GET /exports/journal: `from` and `to` (both required, calendar dates, `to` not before
 * `from`). Other query parameters are ignored, like those of the list endpoints (DESIGN §11).
 */
export const journalQuerySchema = z
  .object({
    from: calendarDate('From'),
    to: calendarDate('To'),
  })
  .superRefine((value, ctx) => {
    const v = value as { from?: unknown; to?: unknown };
    if (isCalendarDate(v.from) && isCalendarDate(v.to) && compareDates(v.to, v.from) < 0) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `To (${v.to}) must be on or after from (${v.from}).` });
    }
  }, { when: () => true });

export type JournalQuery = z.output<typeof journalQuerySchema>;
