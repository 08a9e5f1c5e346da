/**
 * VAT categories of an e-invoice (DESIGN §18, UNCL5305 codes as EN 16931 uses them): a line with a
 * rate above 0 is standard rated (`S`); a line at 0% is zero rated (`Z`) unless its invoice category
 * says otherwise: exempt (`E`), reverse charge (`AE`), intra-community supply (`K`), export outside
 * the EU (`G`) or not subject to VAT (`O`). Those five need an exemption reason (text or a VATEX code).
 */
import { compareDecimals, normalizeDecimal } from './money';

/** What an invoice category may carry (`S` is never chosen: it follows from a rate above 0). */
export const VAT_CATEGORY_CODES = ['Z', 'E', 'AE', 'K', 'G', 'O'] as const;
export type VatCategoryCode = (typeof VAT_CATEGORY_CODES)[number];
/** Every category a line can have. */
export type LineVatCategory = VatCategoryCode | 'S';

/** The categories that need an exemption reason (BR-E-10, BR-AE-10, BR-IC-10, BR-G-10, BR-O-10). */
export const EXEMPT_VAT_CATEGORIES: readonly VatCategoryCode[] = ['E', 'AE', 'K', 'G', 'O'];

export interface VatTreatment {
  vatCategory: VatCategoryCode | null;
  vatExemptionReason: string | null;
  vatExemptionReasonCode: string | null;
}

export const NO_VAT_TREATMENT: Readonly<VatTreatment> = Object.freeze({ vatCategory: null, vatExemptionReason: null, vatExemptionReasonCode: null });

export const isVatCategoryCode = (value: unknown): value is VatCategoryCode =>
  typeof value === 'string' && (VAT_CATEGORY_CODES as readonly string[]).includes(value);

/** A line's VAT category: above 0% always `S`; at 0% the treatment's category, else `Z`. */
export function lineVatCategory(vatRate: string, treatment: VatTreatment | null | undefined): LineVatCategory {
  if (compareDecimals(normalizeDecimal(vatRate), '0') !== 0) return 'S';
  return treatment?.vatCategory ?? 'Z';
}

/** A VATEX exemption reason code (CEF code list), e.g. VATEX-EU-132-1F, VATEX-EU-AE, VATEX-EU-IC. */
export const VATEX_CODE_PATTERN = /^VATEX-[A-Z]{2}-[A-Z0-9-]{1,20}$/;

/**
 * Why a category's VAT treatment cannot be used, as `{ field, message }`, or null when it can: the
 * exempt categories need a reason, `Z` (and no category) may not have one, a code must be a VATEX code.
 */
export function vatTreatmentProblem(t: VatTreatment): { field: keyof VatTreatment; message: string } | null {
  const reason = t.vatExemptionReason?.trim() || null;
  const code = t.vatExemptionReasonCode?.trim() || null;
  if (code !== null && !VATEX_CODE_PATTERN.test(code)) {
    return {
      field: 'vatExemptionReasonCode',
      message: `VAT exemption reason code "${code}" is not a VATEX code (for example VATEX-EU-132-1F, VATEX-EU-AE or VATEX-EU-IC).`,
    };
  }
  const category = t.vatCategory;
  if (category !== null && !isVatCategoryCode(category)) {
    return { field: 'vatCategory', message: `VAT category must be one of ${VAT_CATEGORY_CODES.join(', ')} (or empty).` };
  }
  if (category !== null && EXEMPT_VAT_CATEGORIES.includes(category)) {
    if (reason === null && code === null) {
      return { field: 'vatExemptionReason', message: `VAT category ${category} needs an exemption reason (a text, a VATEX code or both).` };
    }
  } else if (reason !== null || code !== null) {
    return {
      field: reason !== null ? 'vatExemptionReason' : 'vatExemptionReasonCode',
      message: `An exemption reason belongs only with VAT category ${EXEMPT_VAT_CATEGORIES.join(', ')}; ${category === null ? 'no category (zero rated)' : `category ${category}`} may not have one.`,
    };
  }
  return null;
}

/** Ledger accounts (DESIGN §18): letters, digits and . - _ / and spaces, at most 40 characters. */
export const LEDGER_ACCOUNT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,39}$/;

