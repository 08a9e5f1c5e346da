/**
 * Credit notes (DESIGN §17, binding), the pure rules: a credit note's lines are the exact negatives of
 * the invoice lines it credits, its totals are their sums, a line is credited at most once, and the
 * invoice becomes `partially_credited` or `credited`. Used by the server's credit service and the
 * panel's credit dialog (which shows the total before anyone confirms).
 */
import { DECIMAL_PATTERN } from './money';
import type { CreditStatus } from './sending';

/**
 * The exact negative of a decimal string, its digits kept as written ("54.840" → "-54.840", "-1" → "1";
 * zero has no sign: "0.00" → "0.00").
 */
export function negateDecimal(value: string): string {
  if (typeof value !== 'string' || !DECIMAL_PATTERN.test(value)) throw new Error(`Value must be a decimal string such as "1234.56", got ${JSON.stringify(value)}.`);
  const digits = value.replace(/^-/, '');
  if (/^0+(?:\.0+)?$/.test(digits)) return digits;
  return value.startsWith('-') ? digits : `-${digits}`;
}

/** The money of an invoice line in minor units (integers), as stored. */
export interface LineMinor {
  net: number;
  vat: number;
  gross: number;
}

/** A credit note line's money: the exact negatives (quantity negated, unit price kept, so quantity × price = net still holds). */
export function creditedLineMoney<L extends LineMinor & { quantity: string; unitPrice: string }>(line: L): LineMinor & { quantity: string; unitPrice: string } {
  return {
    quantity: negateDecimal(line.quantity),
    unitPrice: line.unitPrice,
    net: line.net === 0 ? 0 : -line.net,
    vat: line.vat === 0 ? 0 : -line.vat,
    gross: line.gross === 0 ? 0 : -line.gross,
  };
}

/** Sums of lines in minor units; throws when a sum leaves the exact integer range. */
export function sumLines(lines: readonly LineMinor[]): LineMinor {
  let net = 0;
  let vat = 0;
  let gross = 0;
  for (const l of lines) {
    net += l.net;
    vat += l.vat;
    gross += l.gross;
  }
  if (!Number.isSafeInteger(net) || !Number.isSafeInteger(vat) || !Number.isSafeInteger(gross)) throw new RangeError('The credit total is too large.');
  return { net, vat, gross };
}

/** The invoice's credit status once `credited` of its `total` lines are credited (null: none is). */
export function creditStatusAfter(total: number, credited: number): CreditStatus | null {
  if (!Number.isInteger(total) || !Number.isInteger(credited) || total < 0 || credited < 0 || credited > total) {
    throw new RangeError(`Cannot credit ${credited} of ${total} lines.`);
  }
  if (credited === 0) return null;
  return credited === total ? 'credited' : 'partially_credited';
}

/**
 * Which lines a credit request takes: the named ones (`requested`) or, when none are named, every line
 * not yet credited. Answers the problems in the order a person fixes them: a name that is not a line of
 * this invoice (400), then a line credited already (409), then nothing left to credit (409).
 */
export type CreditSelection<L> =
  | { ok: true; lines: L[] }
  | { ok: false; kind: 'not_a_line'; index: number; id: string }
  | { ok: false; kind: 'already_credited'; lines: L[] }
  | { ok: false; kind: 'nothing_left' };

export function selectCreditLines<L extends { documentId: string; creditedBy: unknown }>(lines: readonly L[], requested: readonly string[] | undefined): CreditSelection<L> {
  if (requested === undefined) {
    const open = lines.filter((l) => !l.creditedBy);
    return open.length > 0 ? { ok: true, lines: open } : { ok: false, kind: 'nothing_left' };
  }
  const byId = new Map(lines.map((l) => [l.documentId, l]));
  const chosen: L[] = [];
  for (const [index, id] of requested.entries()) {
    const line = byId.get(id);
    if (!line) return { ok: false, kind: 'not_a_line', index, id };
    chosen.push(line);
  }
  const credited = chosen.filter((l) => l.creditedBy);
  if (credited.length > 0) return { ok: false, kind: 'already_credited', lines: credited };
  return chosen.length > 0 ? { ok: true, lines: chosen } : { ok: false, kind: 'nothing_left' };
}
