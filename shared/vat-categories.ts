/**
 * VAT categories of invoice lines (DESIGN §18, binding), the UNCL5305 codes of EN 16931 / Peppol BIS
 * Billing 3.0. Pure: no Strapi import; used by the UBL generator and by the invoice category's
 * Content Manager lifecycle.
 *
 * - A line with a VAT rate above 0 is standard rated: `S` (automatic, never chosen).
 * - A line at 0 % is zero rated (`Z`) unless its invoice category carries another treatment: exempt (`E`),
 *   reverse charge (`AE`), intra-community supply (`K`), export outside the EU (`G`) or not subject to
 *   VAT (`O`).
 * - Those five need an exemption reason (text, code, or both: BR-E-10, BR-AE-10, BR-IC-10, BR-G-10,
 *   BR-O-10); `Z` must have none (BR-Z-10). A code must be on the CEN VAT exemption reason code list
 *   (VATEX, rule BR-CL-22), and the codes Peppol ties to one category must be used with that category
 *   (PEPPOL-EN16931-P0104 … P0111: VATEX-EU-G → G, VATEX-EU-O → O, VATEX-EU-IC → K, VATEX-EU-AE → AE,
 *   VATEX-EU-D/F/I/J → E).
 */
import { DECIMAL_PATTERN, compareDecimals } from './money';

/** What an invoice category may carry (S is automatic for rates above 0). */
export const VAT_CATEGORY_CODES = ['Z', 'E', 'AE', 'K', 'G', 'O'] as const;
export type VatCategoryCode = (typeof VAT_CATEGORY_CODES)[number];

/** UNCL5305 "Standard rate": every line with a rate above 0. */
export const STANDARD_RATE = 'S' as const;
/** A line's VAT category: S, or one an invoice category may carry. */
export type LineVatCategory = VatCategoryCode | typeof STANDARD_RATE;

/** The categories that need an exemption reason (text or code). */
export const CATEGORIES_WITH_EXEMPTION_REASON: readonly VatCategoryCode[] = Object.freeze(['E', 'AE', 'K', 'G', 'O']);

/** The names of the categories (English), for messages and documents. */
export const VAT_CATEGORY_NAMES: Readonly<Record<LineVatCategory, string>> = Object.freeze({
  S: 'Standard rate',
  Z: 'Zero rated',
  E: 'Exempt from VAT',
  AE: 'Reverse charge',
  K: 'Intra-community supply',
  G: 'Export outside the EU',
  O: 'Not subject to VAT',
});

/**
 * The VAT exemption reason codes (VATEX) of the CEN code list as the EN 16931 rules accept them
 * (CEN-EN16931-UBL.sch 1.3.14.1, rule BR-CL-22).
 */
export const VATEX_CODES: readonly string[] = Object.freeze(
  (
    'VATEX-EU-79-C VATEX-EU-132 VATEX-EU-132-1A VATEX-EU-132-1B VATEX-EU-132-1C VATEX-EU-132-1D VATEX-EU-132-1E ' +
    'VATEX-EU-132-1F VATEX-EU-132-1G VATEX-EU-132-1H VATEX-EU-132-1I VATEX-EU-132-1J VATEX-EU-132-1K VATEX-EU-132-1L ' +
    'VATEX-EU-132-1M VATEX-EU-132-1N VATEX-EU-132-1O VATEX-EU-132-1P VATEX-EU-132-1Q VATEX-EU-143 VATEX-EU-143-1A ' +
    'VATEX-EU-143-1B VATEX-EU-143-1C VATEX-EU-143-1D VATEX-EU-143-1E VATEX-EU-143-1F VATEX-EU-143-1FA VATEX-EU-143-1G ' +
    'VATEX-EU-143-1H VATEX-EU-143-1I VATEX-EU-143-1J VATEX-EU-143-1K VATEX-EU-143-1L VATEX-EU-144 VATEX-EU-146-1E ' +
    'VATEX-EU-159 VATEX-EU-309 VATEX-EU-148 VATEX-EU-148-A VATEX-EU-148-B VATEX-EU-148-C VATEX-EU-148-D VATEX-EU-148-E ' +
    'VATEX-EU-148-F VATEX-EU-148-G VATEX-EU-151 VATEX-EU-151-1A VATEX-EU-151-1AA VATEX-EU-151-1B VATEX-EU-151-1C ' +
    'VATEX-EU-151-1D VATEX-EU-151-1E VATEX-EU-G VATEX-EU-O VATEX-EU-IC VATEX-EU-AE VATEX-EU-D VATEX-EU-F VATEX-EU-I ' +
    'VATEX-EU-J VATEX-FR-FRANCHISE VATEX-FR-CNWVAT VATEX-EU-153 VATEX-FR-CGI261-1 VATEX-FR-CGI261-2 VATEX-FR-CGI261-3 ' +
    'VATEX-FR-CGI261-4 VATEX-FR-CGI261-5 VATEX-FR-CGI261-7 VATEX-FR-CGI261-8 VATEX-FR-CGI261A VATEX-FR-CGI261B ' +
    'VATEX-FR-CGI261C-1 VATEX-FR-CGI261C-2 VATEX-FR-CGI261C-3 VATEX-FR-CGI261D-1 VATEX-FR-CGI261D-1BIS ' +
    'VATEX-FR-CGI261D-2 VATEX-FR-CGI261D-3 VATEX-FR-CGI261D-4 VATEX-FR-CGI261E-1 VATEX-FR-CGI261E-2 VATEX-FR-CGI277A ' +
    'VATEX-FR-CGI275 VATEX-FR-298SEXDECIESA VATEX-FR-CGI295 VATEX-FR-AE'
  ).split(' '),
);

/** Codes Peppol BIS 3.0 allows with one category only (PEPPOL-EN16931-P0104 … P0111). */
export const VATEX_CATEGORY: Readonly<Record<string, VatCategoryCode>> = Object.freeze({
  'VATEX-EU-G': 'G',
  'VATEX-EU-O': 'O',
  'VATEX-EU-IC': 'K',
  'VATEX-EU-AE': 'AE',
  'VATEX-EU-D': 'E',
  'VATEX-EU-F': 'E',
  'VATEX-EU-I': 'E',
  'VATEX-EU-J': 'E',
});

/** The VAT treatment an invoice category carries (null fields: not set). */
export interface VatTreatment {
  vatCategory: VatCategoryCode | null;
  vatExemptionReason: string | null;
  vatExemptionReasonCode: string | null;
}

export function isVatCategoryCode(value: unknown): value is VatCategoryCode {
  return typeof value === 'string' && (VAT_CATEGORY_CODES as readonly string[]).includes(value);
}

/**
 * The VAT category of a line: rate above 0 → `S`; rate 0 → the treatment's category, else `Z`.
 * Throws on a rate that is not a decimal string or is negative.
 */
export function lineVatCategory(vatRate: string, treatment: VatTreatment | null): LineVatCategory {
  if (typeof vatRate !== 'string' || !DECIMAL_PATTERN.test(vatRate)) {
    throw new Error(`VAT rate must be a decimal string such as "21", got ${JSON.stringify(vatRate)}.`);
  }
  const sign = compareDecimals(vatRate, '0');
  if (sign < 0) throw new Error(`VAT rate must be 0 or more, got "${vatRate}".`);
  if (sign > 0) return STANDARD_RATE;
  return treatment?.vatCategory ?? 'Z';
}

const blank = (v: string | null | undefined): boolean => v === null || v === undefined || v.trim() === '';

/**
 * What is wrong with a VAT treatment, as `{ field, message }` (field: `vatCategory`,
 * `vatExemptionReason` or `vatExemptionReasonCode`), or null when it can be used on an e-invoice.
 * No category (null) means the default (`Z` at 0 %) and must then carry no reason either.
 */
export function vatTreatmentProblem(t: VatTreatment): { field: keyof VatTreatment; message: string } | null {
  const category = t.vatCategory;
  if (category !== null && !isVatCategoryCode(category)) {
    return {
      field: 'vatCategory',
      message: `VAT category "${String(category)}" is not one an invoice category can carry; choose one of ${VAT_CATEGORY_CODES.join(', ')} (or none for zero rated).`,
    };
  }
  const hasReason = !blank(t.vatExemptionReason);
  const code = blank(t.vatExemptionReasonCode) ? null : (t.vatExemptionReasonCode as string).trim();
  if (category === null || category === 'Z') {
    if (hasReason || code !== null) {
      const field = hasReason ? 'vatExemptionReason' : 'vatExemptionReasonCode';
      return { field, message: 'A zero rated category (Z) cannot have a VAT exemption reason; remove it, or choose the category the reason belongs to (E, AE, K, G or O).' };
    }
    return null;
  }
  if (!hasReason && code === null) {
    return {
      field: 'vatExemptionReason',
      message: `The VAT category ${category} (${VAT_CATEGORY_NAMES[category]}) needs an exemption reason: fill in the reason text, the VATEX reason code, or both.`,
    };
  }
  if (t.vatExemptionReason !== null && t.vatExemptionReason.length > 1000) {
    return { field: 'vatExemptionReason', message: 'The VAT exemption reason must be at most 1000 characters long.' };
  }
  if (code !== null) {
    const upper = code.toUpperCase();
    if (!VATEX_CODES.includes(upper)) {
      return {
        field: 'vatExemptionReasonCode',
        message: `"${code}" is not a VAT exemption reason code of the CEN VATEX list; use a code such as VATEX-EU-AE, VATEX-EU-IC, VATEX-EU-G, VATEX-EU-O or VATEX-EU-132-1A, or leave the code empty and give the reason as text.`,
      };
    }
    const required = VATEX_CATEGORY[upper];
    if (required !== undefined && required !== category) {
      return {
        field: 'vatExemptionReasonCode',
        message: `The exemption reason code ${upper} belongs to VAT category ${required} (${VAT_CATEGORY_NAMES[required]}), not ${category}; change the category or the code.`,
      };
    }
  }
  return null;
}

/** No VAT treatment: 0% lines are zero rated (`Z`). */
export const NO_VAT_TREATMENT: Readonly<VatTreatment> = Object.freeze({ vatCategory: null, vatExemptionReason: null, vatExemptionReasonCode: null });

/** Ledger accounts (DESIGN §18): letters, digits and . - _ / and spaces, at most 40 characters. */
export const LEDGER_ACCOUNT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,39}$/;

/** The sentence for a ledger account that breaks LEDGER_ACCOUNT_PATTERN, for the field `label`. */
export const ledgerAccountMessage = (label: string) =>
  `${label} may hold letters, digits, spaces and . _ / - (at most 40 characters, starting with a letter or digit).`;
