/**
 * References, invoice names, grouping keys, invoice numbers and amount descriptions (DESIGN §1, §6, §7).
 */
import type { CalendarDate } from './dates';

export type ReferencePrefix = 'IRS' | 'IVR';

function assertPositiveInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${what} must be a whole number of 1 or more, got ${String(n)}.`);
}

/** `IRS-000001`, `IVR-000042`; more than 6 digits once n exceeds 999999. */
export function formatReference(prefix: ReferencePrefix, n: number): string {
  if (prefix !== 'IRS' && prefix !== 'IVR') throw new Error(`Unknown reference prefix ${JSON.stringify(prefix)}.`);
  assertPositiveInteger(n, 'Reference number');
  return `${prefix}-${String(n).padStart(6, '0')}`;
}

/** The number in a reference (`IVR-000042` → 42), or null when it is not a reference with that prefix. */
export function parseReference(prefix: ReferencePrefix, reference: string): number | null {
  const m = new RegExp(`^${prefix}-(\\d{6,})$`).exec(reference);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n >= 1 ? n : null;
}

export const INVOICE_NAME_FORMATS = ['name_contract', 'name_contract_debtor', 'name_debtor'] as const;
export type InvoiceNameFormat = (typeof INVOICE_NAME_FORMATS)[number];

export function isInvoiceNameFormat(v: unknown): v is InvoiceNameFormat {
  return typeof v === 'string' && (INVOICE_NAME_FORMATS as readonly string[]).includes(v);
}

export const INVOICE_NAME_FORMAT_LABELS: Readonly<Record<InvoiceNameFormat, string>> = Object.freeze({
  name_contract: 'Name - Contract',
  name_contract_debtor: 'Name - Contract - Debtor',
  name_debtor: 'Name - Debtor',
});

/** Whether the format gives one invoice per contract (otherwise one per debtor and currency). */
export function groupsPerContract(format: InvoiceNameFormat): boolean {
  return format === 'name_contract' || format === 'name_contract_debtor';
}

export interface InvoiceNameParts {
  invoiceName: string;
  contractName?: string | null;
  debtorName?: string | null;
}

function requirePart(value: string | null | undefined, what: string, format: InvoiceNameFormat): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`Invoice name format "${format}" needs the ${what}.`);
  }
  return value.trim();
}

/**
 * `{invoiceName} - {contract name}`, `{invoiceName} - {contract name} - {debtor name}` or
 * `{invoiceName} - {debtor name}`.
 */
export function invoiceName(format: InvoiceNameFormat, parts: InvoiceNameParts): string {
  const base = requirePart(parts.invoiceName, 'invoice name', format);
  switch (format) {
    case 'name_contract':
      return `${base} - ${requirePart(parts.contractName, 'contract name', format)}`;
    case 'name_contract_debtor':
      return `${base} - ${requirePart(parts.contractName, 'contract name', format)} - ${requirePart(parts.debtorName, 'debtor name', format)}`;
    case 'name_debtor':
      return `${base} - ${requirePart(parts.debtorName, 'debtor name', format)}`;
    default:
      throw new Error(`Unknown invoice name format ${JSON.stringify(format)}.`);
  }
}

export interface InvoiceGroupParts {
  contractId: string | number;
  debtorId: string | number;
  currency: string;
}

/**
 * The key amounts are grouped by into invoices: one invoice per contract for the two contract
 * formats, one per debtor and currency for `name_debtor`.
 */
export function invoiceGroupKey(format: InvoiceNameFormat, parts: InvoiceGroupParts): string {
  if (groupsPerContract(format)) return `contract:${String(parts.contractId)}`;
  if (format === 'name_debtor') return `debtor:${parts.currency}:${String(parts.debtorId)}`;
  throw new Error(`Unknown invoice name format ${JSON.stringify(format)}.`);
}

/** `{prefix}{year}-{sequence, 6 digits}`, e.g. `INV2026-000001`. */
export function formatInvoiceNumber(prefix: string, year: number, sequence: number): string {
  if (typeof prefix !== 'string') throw new Error('Invoice number prefix must be text.');
  if (!Number.isSafeInteger(year) || year < 1 || year > 9999) throw new Error(`Invalid invoice year ${String(year)}.`);
  assertPositiveInteger(sequence, 'Invoice sequence');
  return `${prefix}${String(year).padStart(4, '0')}-${String(sequence).padStart(6, '0')}`;
}

/** `"{description} {periodStart} – {periodEnd}"` (en dash with spaces). */
export function amountDescription(lineDescription: string, periodStart: CalendarDate, periodEnd: CalendarDate): string {
  const period = `${periodStart} \u2013 ${periodEnd}`;
  const description = (lineDescription ?? '').trim();
  return description ? `${description} ${period}` : period;
}
