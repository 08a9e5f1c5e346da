import { isDecimalString, normalizeDecimal } from '../../../shared/money';

/**
 * Reading what a content admin types into a `money` or `decimal` field. The text never becomes a
 * JS number: it is checked and rewritten as a string only, so 0.1 + 0.2 problems cannot happen.
 *
 * Accepted: an optional sign, digits, and optionally one decimal separator ("." or ",") followed by
 * digits: `1234.56`, `1234,56`, `-25.00`, `+7`, `,5`. Not accepted: thousands separators
 * (`1.234,56`), exponents (`1e3`), spaces inside the number, letters.
 *
 * The stored value is the project's canonical decimal string (shared/money `normalizeDecimal`): "."
 * as separator, no "+", no leading zeros, no trailing fractional zeros, "-0" as "0":
 * `-25,00` → `-25`, `0012.50` → `12.5`.
 */

/** Limits of the plugin's decimal fields (shared/validation UNIT_PRICE_FIELD / QUANTITY_FIELD). */
export const DECIMAL_LIMITS = { maxScale: 6, maxIntegerDigits: 15 } as const;

export type DecimalInputResult =
  /** nothing typed: the field's value is null */
  | { kind: 'empty' }
  /** a decimal number within the limits; `value` is canonical */
  | { kind: 'valid'; value: string }
  /** the start of a decimal number ("-", "12,"): an error only once the field loses focus */
  | { kind: 'incomplete' }
  | { kind: 'invalid'; reason: 'format' | 'scale' | 'integerDigits' };

const COMPLETE = /^([+-]?)(\d*)(?:[.,](\d+))?$/;
const INCOMPLETE = /^[+-]?(?:\d+[.,]?)?$/;

export function parseDecimalInput(
  text: string,
  limits: { maxScale: number; maxIntegerDigits: number } = DECIMAL_LIMITS,
): DecimalInputResult {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };

  const m = COMPLETE.exec(trimmed);
  if (!m || (m[2] === '' && m[3] === undefined)) {
    return INCOMPLETE.test(trimmed) ? { kind: 'incomplete' } : { kind: 'invalid', reason: 'format' };
  }
  const sign = m[1] === '-' ? '-' : '';
  const plain = `${sign}${m[2] === '' ? '0' : m[2]}${m[3] !== undefined ? `.${m[3]}` : ''}`;

  if (!isDecimalString(plain, { maxScale: limits.maxScale })) return { kind: 'invalid', reason: 'scale' };
  if (!isDecimalString(plain, { maxIntegerDigits: limits.maxIntegerDigits })) {
    return { kind: 'invalid', reason: 'integerDigits' };
  }
  return { kind: 'valid', value: normalizeDecimal(plain) };
}

/** The text to show for a stored value (strings as they are, a legacy number as written, else empty). */
export function decimalToText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}
