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

/** Country code, VAT number and electronic address as strict as the import (DESIGN §16). */
export const debtorLifecycles = {
  beforeCreate(event: Event) {
    check(event.params.data, debtorDetailFields, []);
  },
  beforeUpdate(event: Event) {
    check(event.params.data, debtorDetailFields, []);
  },
};
