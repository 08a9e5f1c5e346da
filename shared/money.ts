/**
 * Money (DESIGN §2, §6, binding).
 *
 * - Amounts are integer minor units (cents) held in a JS `number` and always checked with
 *   `Number.isSafeInteger`; adding and subtracting safe integers is exact, every multiplication and
 *   division goes through decimal.js.
 * - In the API, money, quantities and VAT rates are decimal strings in major units ("54.84", "1", "21").
 * - Rounding is "half away from zero" and happens exactly once per value.
 *
 * Exactness: a prorated amount is the rational number N / D with N = unitPrice × quantity × coveredDays
 * × 10^scale (a finite decimal) and D = periodDays (an integer). Instead of dividing and then rounding
 * the (possibly non-terminating) quotient, we take the exact truncated integer quotient q = trunc(|N| / D)
 * and the exact remainder r = |N| − q·D (0 ≤ r < D) and round up when 2r ≥ D. Every step is an integer
 * division, a product or a difference of finite decimals whose digits fit in the 60-digit precision
 * (checked before computing), so the result is the exact rational rounded once: no double rounding,
 * whatever the magnitudes.
 */
import { Decimal } from 'decimal.js';

/** Local decimal.js constructor: 60 significant digits, never exponent notation in toString. */
const Dec = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -100, toExpPos: 100 });
type Dec = InstanceType<typeof Dec>;

const PRECISION = 60;

/**
 * ISO 4217 active currency codes (list one, including fund codes) with their minor units.
 * Codes whose minor unit is "N.A." (precious metals, XDR, XSU, XUA, XTS, XXX, bond units) are not
 * currencies one can invoice in and are left out.
 */
export const CURRENCY_MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze({
  AED: 2, AFN: 2, ALL: 2, AMD: 2, ANG: 2, AOA: 2, ARS: 2, AUD: 2, AWG: 2, AZN: 2,
  BAM: 2, BBD: 2, BDT: 2, BGN: 2, BHD: 3, BIF: 0, BMD: 2, BND: 2, BOB: 2, BOV: 2,
  BRL: 2, BSD: 2, BTN: 2, BWP: 2, BYN: 2, BZD: 2,
  CAD: 2, CDF: 2, CHE: 2, CHF: 2, CHW: 2, CLF: 4, CLP: 0, CNY: 2, COP: 2, COU: 2,
  CRC: 2, CUC: 2, CUP: 2, CVE: 2, CZK: 2,
  DJF: 0, DKK: 2, DOP: 2, DZD: 2,
  EGP: 2, ERN: 2, ETB: 2, EUR: 2,
  FJD: 2, FKP: 2,
  GBP: 2, GEL: 2, GHS: 2, GIP: 2, GMD: 2, GNF: 0, GTQ: 2, GYD: 2,
  HKD: 2, HNL: 2, HTG: 2, HUF: 2,
  IDR: 2, ILS: 2, INR: 2, IQD: 3, IRR: 2, ISK: 0,
  JMD: 2, JOD: 3, JPY: 0,
  KES: 2, KGS: 2, KHR: 2, KMF: 0, KPW: 2, KRW: 0, KWD: 3, KYD: 2, KZT: 2,
  LAK: 2, LBP: 2, LKR: 2, LRD: 2, LSL: 2, LYD: 3,
  MAD: 2, MDL: 2, MGA: 2, MKD: 2, MMK: 2, MNT: 2, MOP: 2, MRU: 2, MUR: 2, MVR: 2,
  MWK: 2, MXN: 2, MXV: 2, MYR: 2, MZN: 2,
  NAD: 2, NGN: 2, NIO: 2, NOK: 2, NPR: 2, NZD: 2,
  OMR: 3,
  PAB: 2, PEN: 2, PGK: 2, PHP: 2, PKR: 2, PLN: 2, PYG: 0,
  QAR: 2,
  RON: 2, RSD: 2, RUB: 2, RWF: 0,
  SAR: 2, SBD: 2, SCR: 2, SDG: 2, SEK: 2, SGD: 2, SHP: 2, SLE: 2, SLL: 2, SOS: 2,
  SRD: 2, SSP: 2, STN: 2, SVC: 2, SYP: 2, SZL: 2,
  THB: 2, TJS: 2, TMT: 2, TND: 3, TOP: 2, TRY: 2, TTD: 2, TWD: 2, TZS: 2,
  UAH: 2, UGX: 0, USD: 2, USN: 2, UYI: 0, UYU: 2, UYW: 4, UZS: 2,
  VED: 2, VES: 2, VND: 0, VUV: 0,
  WST: 2,
  XAF: 0, XCD: 2, XCG: 2, XOF: 0, XPF: 0,
  YER: 2,
  ZAR: 2, ZMW: 2, ZWG: 2, ZWL: 2,
});

export class UnknownCurrencyError extends Error {
  readonly currency: string;
  constructor(currency: unknown) {
    super(`Unknown currency ${JSON.stringify(currency)}: expected an ISO 4217 currency code such as "EUR".`);
    this.name = 'UnknownCurrencyError';
    this.currency = String(currency);
  }
}

export function isKnownCurrency(code: string): boolean {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(CURRENCY_MINOR_UNITS, code);
}

/** Number of decimals of the currency's minor unit (EUR 2, JPY 0, KWD 3). */
export function minorUnits(currency: string): number {
  if (!isKnownCurrency(currency)) throw new UnknownCurrencyError(currency);
  return CURRENCY_MINOR_UNITS[currency];
}

/** API decimal string: optional "-", digits, optionally "." and digits. No exponent, "+", spaces or leading ".". */
export const DECIMAL_PATTERN = /^-?\d+(?:\.\d+)?$/;

export interface DecimalStringOptions {
  /** maximum number of significant fractional digits (trailing zeros are not counted) */
  maxScale?: number;
  /** maximum number of integer digits (leading zeros are not counted) */
  maxIntegerDigits?: number;
}

function splitNormalized(s: string): { negative: boolean; int: string; frac: string } {
  const negative = s.startsWith('-');
  const body = negative ? s.slice(1) : s;
  const dot = body.indexOf('.');
  const int = (dot === -1 ? body : body.slice(0, dot)).replace(/^0+(?=\d)/, '');
  const frac = (dot === -1 ? '' : body.slice(dot + 1)).replace(/0+$/, '');
  const isZero = int === '0' && frac === '';
  return { negative: negative && !isZero, int, frac };
}

export function isDecimalString(v: unknown, opts: DecimalStringOptions = {}): v is string {
  if (typeof v !== 'string' || !DECIMAL_PATTERN.test(v)) return false;
  const { int, frac } = splitNormalized(v);
  if (opts.maxScale !== undefined && frac.length > opts.maxScale) return false;
  const intDigits = int === '0' ? 0 : int.length;
  if (opts.maxIntegerDigits !== undefined && intDigits > opts.maxIntegerDigits) return false;
  return true;
}

function assertDecimalString(s: unknown, what = 'Value'): asserts s is string {
  if (typeof s !== 'string' || !DECIMAL_PATTERN.test(s)) {
    throw new Error(`${what} must be a decimal string such as "1234.56", got ${JSON.stringify(s)}.`);
  }
}

/** Canonical form: no leading zeros, no trailing fractional zeros, "-0" → "0". "1234.5600" → "1234.56". */
export function normalizeDecimal(s: string): string {
  assertDecimalString(s);
  const { negative, int, frac } = splitNormalized(s);
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** Number of fractional digits of the canonical form ("1.50" → 1, "7" → 0). */
export function decimalScale(s: string): number {
  assertDecimalString(s);
  return splitNormalized(s).frac.length;
}

/** Compares two decimal strings numerically. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  assertDecimalString(a);
  assertDecimalString(b);
  return new Dec(a).cmp(new Dec(b)) as -1 | 0 | 1;
}

function assertSafeMinor(n: number, what = 'Amount'): void {
  if (!Number.isSafeInteger(n)) {
    throw new Error(`${what} must be a safe integer number of minor units, got ${String(n)}.`);
  }
}

function decToSafeInteger(d: Dec, what: string): number {
  if (!d.isInteger()) throw new Error(`${what} is not a whole number of minor units.`);
  const n = Number(d.toFixed(0));
  if (!Number.isSafeInteger(n) || !new Dec(n).eq(d)) {
    throw new Error(`${what} ${d.toFixed()} is too large to be held exactly in minor units.`);
  }
  return n === 0 ? 0 : n; // no -0
}

/** Converts a major-unit decimal string to integer minor units, exactly ("54.84" EUR → 5484). */
export function toMinor(decimal: string, currency: string): number {
  const scale = minorUnits(currency);
  assertDecimalString(decimal, 'Amount');
  const normalized = normalizeDecimal(decimal);
  if (decimalScale(normalized) > scale) {
    throw new Error(
      `Amount "${decimal}" has more decimals than ${currency} allows (${scale} decimal${scale === 1 ? '' : 's'}).`,
    );
  }
  return decToSafeInteger(new Dec(normalized).times(new Dec(10).pow(scale)), `Amount "${decimal}"`);
}

/** Major-unit decimal string with exactly the currency's decimals (5484 EUR → "54.84", 100 JPY → "100"). */
export function formatMinor(minor: number, currency: string): string {
  const scale = minorUnits(currency);
  assertSafeMinor(minor);
  const s = new Dec(minor).div(new Dec(10).pow(scale)).toFixed(scale);
  return s.startsWith('-') && /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** Rounds a decimal string half away from zero to `scale` decimals, exactly ("2.345", 2 → "2.35"; "-2.345" → "-2.35"). */
export function roundHalfAwayFromZero(value: string, scale: number): string {
  assertDecimalString(value);
  if (!Number.isSafeInteger(scale) || scale < 0) throw new Error(`Scale must be a whole number of 0 or more, got ${String(scale)}.`);
  // decimal.js ROUND_HALF_UP = "towards nearest neighbour, ties away from zero"; rounding a finite decimal to
  // fewer decimal places is exact (no intermediate result).
  const rounded = new Dec(value).toDecimalPlaces(scale, Decimal.ROUND_HALF_UP);
  return (rounded.isZero() ? new Dec(0) : rounded).toFixed(scale);
}

/** Significant digits of a decimal, at least 1. */
function digits(d: Dec): number {
  return d.isZero() ? 1 : d.sd(true);
}

/**
 * Rounds the exact rational numerator / denominator to an integer, half away from zero.
 * Both are finite decimals; the caller guarantees the numerator's digits fit the precision.
 */
function roundRatioHalfAwayFromZero(numerator: Dec, denominator: Dec): Dec {
  if (denominator.isZero()) throw new Error('Division by zero.');
  if (digits(numerator) + 2 > PRECISION) {
    throw new Error('Amount is too large to compute exactly.');
  }
  const negative = numerator.isNeg() !== denominator.isNeg() && !numerator.isZero();
  const a = numerator.abs();
  const b = denominator.abs();
  const q = a.divToInt(b); // exact truncated integer quotient
  const r = a.minus(q.times(b)); // exact remainder, 0 ≤ r < b
  const rounded = r.times(2).gte(b) ? q.plus(1) : q;
  return negative ? rounded.neg() : rounded;
}

function exactProduct(factors: Dec[]): Dec {
  const total = factors.reduce((sum, f) => sum + digits(f), 0);
  if (total + 2 > PRECISION) throw new Error('Amount is too large to compute exactly.');
  return factors.reduce((p, f) => p.times(f), new Dec(1));
}

export interface ProrateInput {
  unitPrice: string;
  quantity: string;
  coveredDays: number;
  periodDays: number;
  currency: string;
}

/**
 * Net amount in minor units: unitPrice × quantity × coveredDays / periodDays, computed exactly and
 * rounded once, half away from zero, to the currency's minor unit. A fully covered period gives exactly
 * unitPrice × quantity (rounded to the minor unit).
 */
export function prorateNet(input: ProrateInput): number {
  const { unitPrice, quantity, coveredDays, periodDays, currency } = input;
  const scale = minorUnits(currency);
  assertDecimalString(unitPrice, 'Unit price');
  assertDecimalString(quantity, 'Quantity');
  if (!Number.isSafeInteger(periodDays) || periodDays < 1) {
    throw new Error(`Period days must be a whole number of 1 or more, got ${String(periodDays)}.`);
  }
  if (!Number.isSafeInteger(coveredDays) || coveredDays < 0 || coveredDays > periodDays) {
    throw new Error(`Covered days must be a whole number between 0 and ${periodDays}, got ${String(coveredDays)}.`);
  }
  const numerator = exactProduct([
    new Dec(unitPrice),
    new Dec(quantity),
    new Dec(coveredDays),
    new Dec(10).pow(scale),
  ]);
  return decToSafeInteger(roundRatioHalfAwayFromZero(numerator, new Dec(periodDays)), 'Net amount');
}

/** VAT in minor units: net × vatRate / 100, rounded once, half away from zero. */
export function vatMinor(netMinor: number, vatRate: string, currency: string): number {
  minorUnits(currency); // validates the currency
  assertSafeMinor(netMinor, 'Net amount');
  assertDecimalString(vatRate, 'VAT rate');
  const numerator = exactProduct([new Dec(netMinor), new Dec(vatRate)]);
  return decToSafeInteger(roundRatioHalfAwayFromZero(numerator, new Dec(100)), 'VAT amount');
}

export interface AmountInput extends ProrateInput {
  vatRate: string;
}

export interface ComputedAmount {
  net: number;
  vat: number;
  gross: number;
}

/** net, VAT (per line) and gross in minor units for one contract line and period (DESIGN §6). */
export function computeAmount(input: AmountInput): ComputedAmount {
  const net = prorateNet(input);
  const vat = vatMinor(net, input.vatRate, input.currency);
  const gross = net + vat;
  assertSafeMinor(gross, 'Gross amount');
  return { net, vat, gross };
}

/** Sum of minor-unit amounts; throws when a value or the total is not a safe integer. */
export function sumMinor(values: readonly number[]): number {
  let total = 0;
  for (const v of values) {
    assertSafeMinor(v);
    total += v;
    assertSafeMinor(total, 'Total');
  }
  return total === 0 ? 0 : total;
}
