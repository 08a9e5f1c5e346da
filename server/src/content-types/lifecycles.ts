/**
 * Database lifecycles that keep Content Manager edits as strict as the import API: exact decimal
 * strings in canonical form for prices, quantities and VAT rates, known ISO 4217 currencies and
 * date ranges that end on or after their start, and the debtor's checked details (country code, VAT
 * number, electronic address). A refused edit answers 400 with the field's path.
 */
import { type z } from 'zod';
import {
  currencySchema,
  debtorDetailFields,
  decimalString,
  QUANTITY_FIELD,
  UNIT_PRICE_FIELD,
  VAT_RATE_FIELD,
  type ValidationIssue,
} from '../../../shared/validation';
import { compareDates, isCalendarDate } from '../../../shared/dates';
import { validationError } from '../utils/errors';
import { UID } from '../constants';
import { LEDGER_ACCOUNT_PATTERN, ledgerAccountMessage, vatTreatmentProblem, type VatTreatment } from '../../../shared/vat-categories';

type Data = Record<string, unknown>;
interface Event {
  params: { data?: Data; where?: unknown };
}

const issue = (path: string, message: string): ValidationIssue => ({ path: [path], message, name: 'ValidationError' });

/** Validates and normalises the fields present in `data` (an update may carry only some). */
function check(data: Data | undefined, fields: Record<string, z.ZodType>, ranges: Array<[string, string, string]>) {
  if (!data) return;
  const issues: ValidationIssue[] = [];
  for (const [name, schema] of Object.entries(fields)) {
    if (data[name] === undefined) continue;
    const parsed = schema.safeParse(data[name]);
    if (parsed.success) data[name] = parsed.data;
    else issues.push(issue(name, parsed.error.issues[0]?.message ?? `${name} is not valid.`));
  }
  for (const [start, end, message] of ranges) {
    const a = data[start];
    const b = data[end];
    if (isCalendarDate(a) && isCalendarDate(b) && compareDates(a, b) > 0) issues.push(issue(end, message));
  }
  if (issues.length > 0) throw validationError(issues[0].message, issues);
}

const lineFields = {
  unitPrice: decimalString('Unit price', UNIT_PRICE_FIELD),
  quantity: decimalString('Quantity', QUANTITY_FIELD),
  vatRate: decimalString('VAT rate', VAT_RATE_FIELD),
};
const lineRanges: Array<[string, string, string]> = [['startDate', 'endDate', 'End date must be on or after the start date.']];

const contractFields = { currency: currencySchema('Currency') };
const contractRanges: Array<[string, string, string]> = [['startDate', 'endDate', 'End date must be on or after the start date.']];

export const contractLineLifecycles = {
  beforeCreate(event: Event) {
    check(event.params.data, lineFields, lineRanges);
  },
  beforeUpdate(event: Event) {
    check(event.params.data, lineFields, lineRanges);
  },
};

export const contractLifecycles = {
  beforeCreate(event: Event) {
    check(event.params.data, contractFields, contractRanges);
  },
  beforeUpdate(event: Event) {
    check(event.params.data, contractFields, contractRanges);
  },
};

/**
 * The `peppol_file` channel needs an electronic address (DESIGN §18), as in the import; an update naming
 * only one of the two is checked against the stored other.
 */
async function checkChannel(data: Data | undefined, where: unknown) {
  if (!data || (data.deliveryChannel === undefined && data.electronicAddress === undefined)) return;
  let stored: { deliveryChannel?: string | null; electronicAddress?: string | null } = {};
  if (where && (data.deliveryChannel === undefined || data.electronicAddress === undefined)) {
    stored = ((await strapi.db.query(UID.debtor).findOne({ where, select: ['deliveryChannel', 'electronicAddress'] })) ?? {}) as typeof stored;
  }
  const channel = data.deliveryChannel !== undefined ? data.deliveryChannel : stored.deliveryChannel;
  const address = data.electronicAddress !== undefined ? data.electronicAddress : stored.electronicAddress;
  if (channel === 'peppol_file' && !address) {
    const message = 'A debtor whose delivery channel is "peppol_file" needs an electronic address (Peppol participant id, scheme:id).';
    throw validationError(message, [issue('electronicAddress', message)]);
  }
}

/** Country code, VAT number and electronic address as strict as the import (DESIGN §16). */
export const debtorLifecycles = {
  async beforeCreate(event: Event) {
    check(event.params.data, debtorDetailFields, []);
    await checkChannel(event.params.data, undefined);
  },
  async beforeUpdate(event: Event) {
    check(event.params.data, debtorDetailFields, []);
    await checkChannel(event.params.data, event.params.where);
  },
};

type CategoryFields = 'ledgerAccount' | 'vatCategory' | 'vatExemptionReason' | 'vatExemptionReasonCode';
const CATEGORY_FIELDS: CategoryFields[] = ['ledgerAccount', 'vatCategory', 'vatExemptionReason', 'vatExemptionReasonCode'];
const textOrNull = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/**
 * An invoice category's ledger account and VAT treatment (DESIGN §18): a ledger account of letters,
 * digits and . - _ / (spaces inside), a VAT category from the list, and an exemption reason exactly
 * where the category needs one. An update carrying only some of the fields is checked merged with the
 * stored category, so a category can never end up half-valid.
 */
async function checkCategory(data: Data | undefined, where: unknown) {
  if (!data || !CATEGORY_FIELDS.some((f) => data[f] !== undefined)) return;
  for (const f of CATEGORY_FIELDS) if (data[f] !== undefined) data[f] = textOrNull(data[f]);
  const issues: ValidationIssue[] = [];
  if (typeof data.ledgerAccount === 'string' && !LEDGER_ACCOUNT_PATTERN.test(data.ledgerAccount)) {
    issues.push(issue('ledgerAccount', ledgerAccountMessage('Ledger account')));
  }
  let stored: Partial<Record<CategoryFields, string | null>> = {};
  if (where && CATEGORY_FIELDS.slice(1).some((f) => data[f] === undefined)) {
    stored = ((await strapi.db.query(UID.invoiceCategory).findOne({ where, select: CATEGORY_FIELDS })) ?? {}) as typeof stored;
  }
  const pick = (f: CategoryFields) => (data[f] !== undefined ? (data[f] as string | null) : (stored[f] ?? null));
  const problem = vatTreatmentProblem({
    vatCategory: pick('vatCategory') as VatTreatment['vatCategory'],
    vatExemptionReason: pick('vatExemptionReason'),
    vatExemptionReasonCode: pick('vatExemptionReasonCode'),
  });
  if (problem) issues.push(issue(problem.field, problem.message));
  // VATEX codes are stored as the code list writes them
  if (typeof data.vatExemptionReasonCode === 'string') data.vatExemptionReasonCode = data.vatExemptionReasonCode.toUpperCase();
  if (issues.length > 0) throw validationError(issues[0].message, issues);
}

export const invoiceCategoryLifecycles = {
  async beforeCreate(event: Event) {
    await checkCategory(event.params.data, undefined);
  },
  async beforeUpdate(event: Event) {
    await checkCategory(event.params.data, event.params.where);
  },
};
