/**
 * Crediting an invoice from the panel (DESIGN §17), the pure part: which lines may still be credited,
 * what a choice of lines comes to (exactly, in integer minor units with the shared money helpers), the
 * request body, and a 400's field errors.
 */
import type { Invoice, InvoiceLine } from '../../../shared/contracts/runs';
import type { CreditInput } from '../../../shared/validation';
import { formatMinor, sumMinor, toMinor } from '../../../shared/money';
import { type FieldErrors, serverFieldErrors } from './fieldErrors';

/** "All lines not yet credited", or the lines ticked one by one. */
export type CreditMode = 'all' | 'selection';

/** The fields of the credit form a 400 can name. */
export type CreditField = 'reason' | 'lines';

/** The lines of an invoice no credit note credits yet. */
export function creditableLines(lines: readonly InvoiceLine[] | undefined): InvoiceLine[] {
  return (lines ?? []).filter((line) => line.creditedBy == null);
}

/** Whether the invoice may be credited: an invoice (not a credit note) with a line not yet credited. */
export function isCreditable(invoice: Pick<Invoice, 'kind' | 'lines'>): boolean {
  return invoice.kind === 'invoice' && creditableLines(invoice.lines).length > 0;
}

/** The lines a choice credits: every creditable line, or the ticked ones among them (in invoice order). */
export function chosenLines(lines: readonly InvoiceLine[], mode: CreditMode, selected: ReadonlySet<string>): InvoiceLine[] {
  const open = creditableLines(lines);
  return mode === 'all' ? open : open.filter((line) => selected.has(line.documentId));
}

export interface CreditTotal {
  /** how many lines are credited */
  count: number;
  /** the credit note's gross: minus the sum of the lines' gross, as a decimal string in major units */
  gross: string;
}

/**
 * What crediting `lines` comes to: their number, and the negated sum of their gross, computed in
 * integer minor units of `currency` (never floats), e.g. two lines of "54.84" EUR → "-109.68".
 */
export function creditTotal(lines: readonly Pick<InvoiceLine, 'gross'>[], currency: string): CreditTotal {
  const total = sumMinor(lines.map((line) => toMinor(line.gross, currency)));
  return { count: lines.length, gross: formatMinor(total === 0 ? 0 : -total, currency) };
}

/**
 * The POST body: the reason as typed (trimmed), and `lines` only for a selection (left out, the server
 * credits every line not yet credited).
 */
export function creditRequestBody(mode: CreditMode, lines: readonly InvoiceLine[], reason: string): CreditInput {
  const body: CreditInput = { reason: reason.trim() };
  if (mode === 'selection') body.lines = lines.map((line) => line.documentId);
  return body;
}

/** What the form refuses before asking the server: an empty reason, a selection of no lines. */
export function creditFormProblems(mode: CreditMode, chosen: number, reason: string): Set<CreditField> {
  const problems = new Set<CreditField>();
  if (reason.trim() === '') problems.add('reason');
  if (mode === 'selection' && chosen === 0) problems.add('lines');
  return problems;
}

const isCreditPath = (path: string): path is CreditField | `lines.${string}` =>
  path === 'reason' || path === 'lines' || path.startsWith('lines.');

/** A 400's messages on the form's fields; a message about one line (`lines.2`) goes on the line list. */
export function creditFieldErrors(error: unknown): FieldErrors<CreditField> {
  const errors: FieldErrors<CreditField> = {};
  for (const [path, message] of Object.entries(serverFieldErrors(error, isCreditPath))) {
    const field: CreditField = path === 'reason' ? 'reason' : 'lines';
    if (errors[field] === undefined && typeof message === 'string') errors[field] = message;
  }
  return errors;
}
