/**
 * Input validation shared by the admin forms and the server (DESIGN §8, §11, §14).
 *
 * Every message is an English sentence a content admin understands, and every issue carries the exact
 * field path, so the server can answer 400 `{ message, details: { errors: [{ path, message, name }] } }`
 * in Strapi's shape and the admin can put each message under its field.
 *
 * Cross-field checks (period order, duplicate references, …) run even when other fields are invalid
 * (`when: () => true` with defensive guards), so one request reports every problem at once.
 */
import { z } from 'zod';
import { INVOICE_STATUSES } from './sending';
import { type CalendarDate, compareDates, isCalendarDate, isValidTimeZone, MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR } from './dates';
import { addCycles, CYCLES, defaultPeriodTo, isCycle } from './periods';
import { compareDecimals, DECIMAL_PATTERN, isDecimalString, isKnownCurrency, normalizeDecimal } from './money';
import { INVOICE_NAME_FORMATS } from './naming';
import { RUN_STATUSES } from './lifecycle';
import { isCountryCode } from './countries';
import { bicProblem, compactIdentifier, electronicAddressProblem, ibanProblem, vatNumberProblem } from './identifiers';
import { LEDGER_ACCOUNT_PATTERN, ledgerAccountMessage } from './vat-categories';

/* ------------------------------------------------------------------------------------------------ */
/* Building blocks                                                                                  */
/* ------------------------------------------------------------------------------------------------ */

const ALWAYS = { when: () => true } as const;

type RawIssue = { input?: unknown };

function quote(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  return String(v);
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true/false';
    case 'object':
      return 'an object';
    default:
      return typeof v;
  }
}

function requiredOr(label: string, otherwise: string) {
  return (iss: RawIssue): string => (iss.input === undefined ? `${label} is required.` : otherwise);
}

/**
 * Text may not hold a NUL character: PostgreSQL cannot store one (it would be a 500), and no content
 * admin means to type one.
 */
const hasNoNul = (v: string): boolean => !v.includes('\u0000');
const noNulMessage = (label: string) => `${label} must not contain the invisible NUL character (\\u0000).`;

/** Required, trimmed text of 1…max characters. */
export function requiredText(label: string, max: number) {
  return z
    .string({ error: requiredOr(label, `${label} must be text.`) })
    .trim()
    .min(1, { error: `${label} is required.` })
    .max(max, { error: `${label} must be at most ${max} characters long.` })
    .refine(hasNoNul, { error: noNulMessage(label) });
}

/** Optional, nullable, trimmed text of at most max characters. */
export function optionalText(label: string, max: number) {
  return z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, { error: `${label} must be at most ${max} characters long.` })
    .refine(hasNoNul, { error: noNulMessage(label) })
    .nullable()
    .optional();
}

export function calendarDateMessage(label: string, input: unknown): string {
  if (input === undefined) return `${label} is required.`;
  if (typeof input !== 'string') return `${label} must be a date in the format YYYY-MM-DD (for example 2026-01-31), not ${describeType(input)}.`;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  if (!m) return `${label} must be a date in the format YYYY-MM-DD (for example 2026-01-31); ${quote(input)} is not.`;
  const year = Number(m[1]);
  if (year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR) {
    return `${label} must be a date in the format YYYY-MM-DD between ${MIN_CALENDAR_YEAR}-01-01 and ${MAX_CALENDAR_YEAR}-12-31.`;
  }
  return `${label} must be a real date in the format YYYY-MM-DD; ${quote(input)} does not exist.`;
}

/** A calendar date `YYYY-MM-DD` (real date, year 1900–2999). */
export function calendarDate(label: string) {
  // abort: false keeps the object-level cross-field checks running when a date is invalid.
  return z.custom<CalendarDate>((v) => isCalendarDate(v), {
    abort: false,
    error: (iss) => calendarDateMessage(label, iss.input),
  });
}

export function cycleSchema(label = 'Cycle') {
  return z.enum(CYCLES, {
    error: (iss) =>
      iss.input === undefined
        ? `${label} is required.`
        : `${label} must be one of ${CYCLES.join(', ')}; ${quote(iss.input)} is not a known cycle.`,
  });
}

export function invoiceNameFormatSchema(label = 'Invoice name format') {
  return z.enum(INVOICE_NAME_FORMATS, {
    error: (iss) =>
      iss.input === undefined
        ? `${label} is required.`
        : `${label} must be one of ${INVOICE_NAME_FORMATS.join(', ')}; ${quote(iss.input)} is not.`,
  });
}

/** A Strapi documentId (or null). */
export function documentIdOrNull(label: string) {
  return z
    .string({ error: `${label} must be the documentId of an existing entry, or null.` })
    .trim()
    .min(1, { error: `${label} must be the documentId of an existing entry, or null.` })
    .max(255, { error: `${label} must be the documentId of an existing entry, or null.` })
    .refine(hasNoNul, { error: `${label} must be the documentId of an existing entry, or null.` })
    .nullable()
    .optional();
}

function wholeNumber(label: string, min: number, max: number) {
  const msg = `${label} must be a whole number from ${min} to ${max}.`;
  // A refinement rather than .int()/.min()/.max(): zod's .int() aborts the parse, which would skip the
  // cross-field checks of the enclosing object.
  return z
    .number({ error: requiredOr(label, msg) })
    .refine((n) => Number.isSafeInteger(n) && n >= min && n <= max, { error: msg });
}

function booleanField(label: string) {
  return z.boolean({ error: requiredOr(label, `${label} must be true or false.`) });
}

export interface DecimalFieldOptions {
  maxScale: number;
  maxIntegerDigits: number;
  min?: string;
  max?: string;
  /** an example used in the messages */
  example: string;
}

/** A decimal string in major units (no floats), returned in canonical form ("1.50" → "1.5"). */
export function decimalString(label: string, opts: DecimalFieldOptions) {
  const format = `${label} must be a decimal number written as text, such as "${opts.example}"`;
  return z
    .string({
      error: (iss) =>
        iss.input === undefined ? `${label} is required.` : `${format} (in quotes, not ${describeType(iss.input)}).`,
    })
    .superRefine((v, ctx) => {
      if (!DECIMAL_PATTERN.test(v)) {
        ctx.addIssue({ code: 'custom', message: `${format}, with a "." as decimal separator; ${quote(v)} is not.` });
        return;
      }
      if (!isDecimalString(v, { maxScale: opts.maxScale })) {
        ctx.addIssue({ code: 'custom', message: `${label} may have at most ${opts.maxScale} decimals; ${quote(v)} has more.` });
        return;
      }
      if (!isDecimalString(v, { maxIntegerDigits: opts.maxIntegerDigits })) {
        ctx.addIssue({ code: 'custom', message: `${label} is too large: at most ${opts.maxIntegerDigits} digits before the decimal point.` });
        return;
      }
      const tooLow = opts.min !== undefined && compareDecimals(v, opts.min) < 0;
      const tooHigh = opts.max !== undefined && compareDecimals(v, opts.max) > 0;
      if (tooLow || tooHigh) {
        const range =
          opts.min !== undefined && opts.max !== undefined
            ? `between ${opts.min} and ${opts.max}`
            : opts.min !== undefined
              ? `${opts.min} or more`
              : `${opts.max} or less`;
        ctx.addIssue({ code: 'custom', message: `${label} must be ${range}; ${quote(v)} is not.` });
      }
    })
    .transform((v) => normalizeDecimal(v));
}

export function currencySchema(label = 'Currency') {
  return z
    .string({ error: `${label} must be a three-letter ISO 4217 currency code such as "EUR".` })
    .trim()
    .toUpperCase()
    .refine((v) => isKnownCurrency(v), {
      error: (iss) => `${label} ${quote(iss.input)} is not a known ISO 4217 currency code (for example "EUR" or "USD").`,
    });
}

function objectError(label: string) {
  return (iss: RawIssue & { code?: string }): string | undefined =>
    iss.code === 'invalid_type'
      ? iss.input === undefined
        ? `${label} is required.`
        : `${label} must be an object with fields, not ${describeType(iss.input)}.`
      : undefined;
}

function listOf<T extends z.ZodType>(label: string, item: T, max: number, required = `${label} must be given as a list.`) {
  return z
    .array(item, { error: (iss) => (iss.input === undefined ? required : `${label} must be a list.`) })
    .max(max, { error: `${label} may hold at most ${max.toLocaleString('en-US')} entries.` });
}

type Ctx = { addIssue(issue: { code: 'custom'; message: string; path: (string | number)[] }): void };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Adds `message` at `path` when both dates are valid and `to` lies before `from`. */
function checkOrder(ctx: Ctx, from: unknown, to: unknown, path: (string | number)[], message: string): void {
  if (isCalendarDate(from) && isCalendarDate(to) && compareDates(to, from) < 0) {
    ctx.addIssue({ code: 'custom', message, path });
  }
}

/* ------------------------------------------------------------------------------------------------ */
/* Seller and debtor details (DESIGN §16)                                                           */
/* ------------------------------------------------------------------------------------------------ */

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const LANGUAGES = ['en', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DELIVERY_CHANNELS = ['email', 'peppol_file'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/**
 * Optional text with a check: null, undefined and blank become '' (a detail not filled in), anything
 * else is trimmed, passed through `normalize` and must satisfy `problem` (null = valid).
 */
function checkedText(label: string, max: number, problem: (v: string) => string | null, normalize: (v: string) => string = (v) => v) {
  return z
    .string({ error: `${label} must be text.` })
    .nullable()
    .optional()
    .transform((v, ctx) => {
      const value = normalize((v ?? '').trim());
      if (value === '') return '';
      const why = value.length > max ? `must be at most ${max} characters long` : !hasNoNul(value) ? 'must not contain the invisible NUL character (\\u0000)' : problem(value);
      if (why !== null) ctx.addIssue({ code: 'custom', message: `${label} ${quote(v)} ${why}.` });
      return value;
    });
}

const anyText = () => null;

/** Free text detail ('' when not given). */
export const detailText = (label: string, max: number) => checkedText(label, max, anyText);

export const emailField = (label: string) =>
  checkedText(label, 255, (v) => (EMAIL_PATTERN.test(v) ? null : 'is not a valid email address'));

export const countryCodeField = (label: string) =>
  checkedText(label, 2, (v) => (isCountryCode(v) ? null : 'is not an ISO 3166-1 alpha-2 country code (such as NL, BE or DE)'), (v) => v.toUpperCase());

export const vatNumberField = (label: string) => checkedText(label, 30, vatNumberProblem, compactIdentifier);
export const ibanField = (label: string) => checkedText(label, 34, ibanProblem, compactIdentifier);
export const bicField = (label: string) => checkedText(label, 11, bicProblem, compactIdentifier);
export const electronicAddressField = (label: string) => checkedText(label, 60, electronicAddressProblem, (v) => v.replace(/\s+/g, ''));

function languageField(label: string) {
  return z.enum(LANGUAGES, {
    error: (iss) => `${label} must be "en" or "nl"; ${quote(iss.input)} is not.`,
  });
}

/** The seller's logo: the id of a Media Library file, or null. The server checks that it exists. */
const logoField = z
  .number({ error: 'Logo must be the id of a Media Library file (a whole number), or null.' })
  // At most the largest 32-bit id: a larger number cannot be an id (and PostgreSQL would refuse it).
  .refine((n) => Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647, { error: 'Logo must be the id of a Media Library file (a whole number), or null.' })
  .nullable();

/**
 * The seller object of the settings. Every field may be empty (a fresh install has none); what is
 * given must be valid. A field left out takes its empty default, so a PUT's `seller` replaces the
 * whole stored seller.
 */
export const sellerSchema = z.strictObject(
  {
    legalName: detailText('Legal name', 255).default(''),
    street: detailText('Street and number', 255).default(''),
    postalCode: detailText('Postal code', 20).default(''),
    city: detailText('City', 255).default(''),
    countryCode: countryCodeField('Country').default(''),
    vatNumber: vatNumberField('VAT number').default(''),
    companyId: detailText('Company id', 50).default(''),
    iban: ibanField('IBAN').default(''),
    bic: bicField('BIC').default(''),
    email: emailField('Email').default(''),
    phone: detailText('Phone', 50).default(''),
    website: detailText('Website', 255).default(''),
    logo: logoField.default(null),
    paymentTerms: z
      .strictObject(
        { en: detailText('Payment terms (English)', 2000).default(''), nl: detailText('Payment terms (Dutch)', 2000).default('') },
        { error: objectError('Payment terms') },
      )
      .default({ en: '', nl: '' }),
    emailFrom: emailField('Email from').default(''),
    emailReplyTo: emailField('Reply-to email').default(''),
    defaultLanguage: languageField('Default language').default('en'),
    electronicAddress: electronicAddressField('Electronic address').default(''),
  },
  { error: objectError('Seller') },
);

export type Seller = z.output<typeof sellerSchema>;
export type SellerInput = z.input<typeof sellerSchema>;

export const DEFAULT_SELLER: Readonly<Seller> = Object.freeze(sellerSchema.parse({}));

/* ------------------------------------------------------------------------------------------------ */
/* Settings (DESIGN §8)                                                                             */
/* ------------------------------------------------------------------------------------------------ */

export interface Settings {
  activationDaysBefore: number;
  autoApprove: boolean;
  autoGenerateAmounts: boolean;
  autoGenerateInvoices: boolean;
  requireDifferentApprover: boolean;
  invoiceNumberPrefix: string;
  /** Placed before every credit note number (DESIGN §17); never the same as `invoiceNumberPrefix`. */
  creditNotePrefix: string;
  timezone: string;
  /** Invoices sent per second by the sending job (DESIGN §16); 0 = no throttling. */
  sendRatePerSecond: number;
  /** Send a run's invoices as soon as they exist (DESIGN §16). */
  autoSendInvoices: boolean;
  /** The ledger account of invoice lines whose category has none, in the journal export (DESIGN §18). */
  defaultLedgerAccount: string;
  /** The seller details shown on every invoice (DESIGN §16). */
  seller: Seller;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  activationDaysBefore: 5,
  autoApprove: false,
  autoGenerateAmounts: false,
  autoGenerateInvoices: false,
  requireDifferentApprover: false,
  invoiceNumberPrefix: '',
  creditNotePrefix: 'CN-',
  timezone: 'UTC',
  sendRatePerSecond: 10,
  autoSendInvoices: false,
  defaultLedgerAccount: '8000',
  seller: DEFAULT_SELLER,
});

export const MAX_SEND_RATE_PER_SECOND = 1000;

export const INVOICE_NUMBER_PREFIX_PATTERN = /^[A-Za-z0-9._/-]*$/;

const settingsFields = {
  activationDaysBefore: wholeNumber('Activation days before', 0, 365),
  autoApprove: booleanField('Automatically approve run'),
  autoGenerateAmounts: booleanField('Automatically generate amounts'),
  autoGenerateInvoices: booleanField('Automatically generate invoices'),
  requireDifferentApprover: booleanField('Require a different approver'),
  invoiceNumberPrefix: z
    .string({ error: 'Invoice number prefix must be text.' })
    .max(20, { error: 'Invoice number prefix must be at most 20 characters long.' })
    .regex(INVOICE_NUMBER_PREFIX_PATTERN, {
      error: 'Invoice number prefix may only contain letters, digits and the characters . _ / -',
    }),
  creditNotePrefix: z
    .string({ error: 'Credit note prefix must be text.' })
    .max(20, { error: 'Credit note prefix must be at most 20 characters long.' })
    .regex(INVOICE_NUMBER_PREFIX_PATTERN, {
      error: 'Credit note prefix may only contain letters, digits and the characters . _ / -',
    }),
  timezone: z
    .string({ error: requiredOr('Time zone', 'Time zone must be text.') })
    .refine((tz) => isValidTimeZone(tz), {
      error: (iss) => `Time zone ${quote(iss.input)} is not a known IANA time zone (for example "UTC" or "Europe/Amsterdam").`,
    }),
  sendRatePerSecond: wholeNumber('Invoices sent per second', 0, MAX_SEND_RATE_PER_SECOND),
  autoSendInvoices: booleanField('Automatically send invoices'),
  defaultLedgerAccount: z
    .string({ error: requiredOr('Default ledger account', 'Default ledger account must be text.') })
    .transform((v) => v.trim())
    .refine((v) => LEDGER_ACCOUNT_PATTERN.test(v), {
      error: ledgerAccountMessage('Default ledger account'),
    }),
  seller: sellerSchema,
};

/**
 * The full settings object. Unknown keys are refused; a missing key takes its default, so settings
 * stored by an older version of the plugin read back complete.
 */
export const settingsSchema = z.strictObject(
  {
    activationDaysBefore: settingsFields.activationDaysBefore.default(DEFAULT_SETTINGS.activationDaysBefore),
    autoApprove: settingsFields.autoApprove.default(DEFAULT_SETTINGS.autoApprove),
    autoGenerateAmounts: settingsFields.autoGenerateAmounts.default(DEFAULT_SETTINGS.autoGenerateAmounts),
    autoGenerateInvoices: settingsFields.autoGenerateInvoices.default(DEFAULT_SETTINGS.autoGenerateInvoices),
    requireDifferentApprover: settingsFields.requireDifferentApprover.default(DEFAULT_SETTINGS.requireDifferentApprover),
    invoiceNumberPrefix: settingsFields.invoiceNumberPrefix.default(DEFAULT_SETTINGS.invoiceNumberPrefix),
    creditNotePrefix: settingsFields.creditNotePrefix.default(DEFAULT_SETTINGS.creditNotePrefix),
    timezone: settingsFields.timezone.default(DEFAULT_SETTINGS.timezone),
    sendRatePerSecond: settingsFields.sendRatePerSecond.default(DEFAULT_SETTINGS.sendRatePerSecond),
    autoSendInvoices: settingsFields.autoSendInvoices.default(DEFAULT_SETTINGS.autoSendInvoices),
    defaultLedgerAccount: settingsFields.defaultLedgerAccount.default(DEFAULT_SETTINGS.defaultLedgerAccount),
    seller: settingsFields.seller.default(DEFAULT_SELLER),
  },
  { error: objectError('Settings') },
);

/**
 * A settings update (PUT): every field optional (left out = kept as stored), unknown keys refused.
 * `seller`, when given, is the whole seller object and replaces the stored one.
 */
export const settingsUpdateSchema = z.strictObject(
  {
    activationDaysBefore: settingsFields.activationDaysBefore.optional(),
    autoApprove: settingsFields.autoApprove.optional(),
    autoGenerateAmounts: settingsFields.autoGenerateAmounts.optional(),
    autoGenerateInvoices: settingsFields.autoGenerateInvoices.optional(),
    requireDifferentApprover: settingsFields.requireDifferentApprover.optional(),
    invoiceNumberPrefix: settingsFields.invoiceNumberPrefix.optional(),
    creditNotePrefix: settingsFields.creditNotePrefix.optional(),
    timezone: settingsFields.timezone.optional(),
    sendRatePerSecond: settingsFields.sendRatePerSecond.optional(),
    autoSendInvoices: settingsFields.autoSendInvoices.optional(),
    defaultLedgerAccount: settingsFields.defaultLedgerAccount.optional(),
    // The whole seller object or nothing: left out, the stored seller is kept.
    seller: settingsFields.seller.optional(),
  },
  { error: objectError('Settings') },
);

/* ------------------------------------------------------------------------------------------------ */
/* Schedules and ad hoc runs (DESIGN §5, §11)                                                       */
/* ------------------------------------------------------------------------------------------------ */

export const MAX_NUMBER_OF_RUNS = 120;

const templateSchema = z.strictObject(
  {
    name: requiredText('Template name', 255),
    description: optionalText('Template description', 5000),
    cycle: cycleSchema('Cycle'),
    invoiceName: requiredText('Invoice name', 255),
    invoiceNameFormat: invoiceNameFormatSchema('Invoice name format'),
    invoiceCategory: documentIdOrNull('Invoice category'),
    invoiceDate: calendarDate('Invoice date'),
    dueDate: calendarDate('Due date'),
  },
  { error: objectError('Template') },
);

export const scheduleInputSchema = z
  .strictObject(
    {
      name: requiredText('Name', 255),
      description: optionalText('Description', 5000),
      periodFrom: calendarDate('Period from'),
      // left out or null: the end of a regular first period (defaultPeriodTo)
      periodTo: calendarDate('Period to').nullable().optional(),
      numberOfRuns: wholeNumber('Number of runs', 1, MAX_NUMBER_OF_RUNS),
      template: templateSchema,
    },
    { error: objectError('The invoice run schedule') },
  )
  .superRefine((value, ctx) => {
    const v: unknown = value;
    if (!isObject(v)) return;
    const { periodFrom, periodTo } = v;
    const template = isObject(v.template) ? v.template : {};
    checkOrder(ctx, periodFrom, periodTo, ['periodTo'], 'Period to must be on or after period from.');
    if (isCalendarDate(periodFrom) && isCalendarDate(periodTo) && isCycle(template.cycle) && compareDates(periodTo, periodFrom) >= 0) {
      const limit = addCycles(periodFrom, template.cycle, 2);
      if (compareDates(periodTo, limit) >= 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['periodTo'],
          message: `Period to must be before ${limit}: the first period may be shorter than a ${template.cycle} cycle, or at most one cycle longer.`,
        });
      }
    }
    checkOrder(ctx, template.invoiceDate, template.dueDate, ['template', 'dueDate'], 'Due date must be on or after the invoice date.');
  }, ALWAYS)
  .transform((v) => ({ ...v, periodTo: v.periodTo ?? defaultPeriodTo(v.periodFrom, v.template.cycle) }));

export const adHocRunInputSchema = z
  .strictObject(
    {
      name: requiredText('Name', 255),
      description: optionalText('Description', 5000),
      cycle: cycleSchema('Cycle'),
      periodStart: calendarDate('Period start'),
      periodEnd: calendarDate('Period end'),
      invoiceDate: calendarDate('Invoice date'),
      dueDate: calendarDate('Due date'),
      invoiceName: requiredText('Invoice name', 255),
      invoiceNameFormat: invoiceNameFormatSchema('Invoice name format'),
      invoiceCategory: documentIdOrNull('Invoice category'),
    },
    { error: objectError('The invoice run') },
  )
  .superRefine((value, ctx) => {
    const v: unknown = value;
    if (!isObject(v)) return;
    checkOrder(ctx, v.periodStart, v.periodEnd, ['periodEnd'], 'Period end must be on or after period start.');
    checkOrder(ctx, v.invoiceDate, v.dueDate, ['dueDate'], 'Due date must be on or after the invoice date.');
  }, ALWAYS);

/* ------------------------------------------------------------------------------------------------ */
/* Contract import (DESIGN §11)                                                                     */
/* ------------------------------------------------------------------------------------------------ */

export const MAX_IMPORT_DEBTORS = 50_000;
export const MAX_IMPORT_CONTRACTS = 200_000;
export const MAX_LINES_PER_CONTRACT = 10_000;
export const CONTRACT_STATUSES = ['active', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** unit prices and quantities: at most 6 decimals and 15 integer digits. */
export const UNIT_PRICE_FIELD: DecimalFieldOptions = { maxScale: 6, maxIntegerDigits: 15, example: '1234.56' };
export const QUANTITY_FIELD: DecimalFieldOptions = { maxScale: 6, maxIntegerDigits: 15, min: '0', example: '1' };
export const VAT_RATE_FIELD: DecimalFieldOptions = { maxScale: 6, maxIntegerDigits: 3, min: '0', max: '100', example: '21' };


/** An empty detail of an imported record is stored as null. */
const orNull = <T extends z.ZodType<string>>(schema: T) => schema.transform((v) => (v === '' ? null : v));

/**
 * The checked details of a debtor, for the import and for Content Manager edits alike (empty = null).
 */
export const debtorDetailFields = {
  countryCode: orNull(countryCodeField('Country code')),
  vatNumber: orNull(vatNumberField('VAT number')),
  electronicAddress: orNull(electronicAddressField('Electronic address')),
};

const importDebtorSchema = z.strictObject(
  {
    reference: requiredText('Debtor reference', 255),
    name: requiredText('Debtor name', 255),
    email: orNull(emailField('Email')),
    street: orNull(detailText('Street', 255)),
    postalCode: orNull(detailText('Postal code', 20)),
    city: orNull(detailText('City', 255)),
    country: optionalText('Country', 100),
    ...debtorDetailFields,
    language: z
      .enum(['en', 'nl', ''], { error: (iss) => `Language must be "en", "nl" or empty (the seller's default); ${quote(iss.input)} is not.` })
      .nullable()
      .optional()
      .transform((v) => (v === '' || v === undefined ? null : v)),
    deliveryChannel: z
      .enum(DELIVERY_CHANNELS, { error: (iss) => `Delivery channel must be "email" or "peppol_file"; ${quote(iss.input)} is not.` })
      .default('email'),
  },
  { error: objectError('Each debtor') },
).superRefine((debtor, ctx) => {
  // e-invoices (DESIGN §18) go to the debtor's Peppol participant id: that channel cannot do without one
  if (debtor.deliveryChannel === 'peppol_file' && !debtor.electronicAddress) {
    ctx.addIssue({
      code: 'custom',
      path: ['electronicAddress'],
      message: 'A debtor whose delivery channel is "peppol_file" needs an electronic address (Peppol participant id, scheme:id).',
    });
  }
});

const importLineSchema = z.strictObject(
  {
    reference: optionalText('Line reference', 255),
    description: requiredText('Line description', 1000),
    unitPrice: decimalString('Unit price', UNIT_PRICE_FIELD),
    quantity: decimalString('Quantity', QUANTITY_FIELD),
    vatRate: decimalString('VAT rate', VAT_RATE_FIELD),
    startDate: calendarDate('Line start date').nullable().optional(),
    endDate: calendarDate('Line end date').nullable().optional(),
  },
  { error: objectError('Each contract line') },
);

const importContractSchema = z.strictObject(
  {
    reference: requiredText('Contract reference', 255),
    name: requiredText('Contract name', 255),
    debtorReference: requiredText('Debtor reference', 255),
    invoiceCycle: cycleSchema('Invoice cycle'),
    startDate: calendarDate('Start date'),
    endDate: calendarDate('End date').nullable().optional(),
    status: z
      .enum(CONTRACT_STATUSES, {
        error: (iss) => `Status must be "active" or "terminated"; ${quote(iss.input)} is not.`,
      })
      .default('active'),
    currency: currencySchema('Currency').default('EUR'),
    lines: listOf('Lines', importLineSchema, MAX_LINES_PER_CONTRACT, 'Lines must be given as a list (it may be empty).'),
  },
  { error: objectError('Each contract') },
);

function trimmedString(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** Reports every occurrence of a value after its first one. */
function checkDuplicates(
  ctx: Ctx,
  items: unknown,
  key: string,
  path: (i: number) => (string | number)[],
  message: (value: string) => string,
): void {
  if (!Array.isArray(items)) return;
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (!isObject(item)) return;
    const value = trimmedString(item[key]);
    if (value === null) return;
    if (seen.has(value)) ctx.addIssue({ code: 'custom', message: message(value), path: path(i) });
    else seen.add(value);
  });
}

export const importInputSchema = z
  .strictObject(
    {
      debtors: listOf('Debtors', importDebtorSchema, MAX_IMPORT_DEBTORS).default([]),
      contracts: listOf('Contracts', importContractSchema, MAX_IMPORT_CONTRACTS).default([]),
    },
    { error: objectError('The import') },
  )
  .superRefine((value, ctx) => {
    const v: unknown = value;
    if (!isObject(v)) return;
    checkDuplicates(
      ctx,
      v.debtors,
      'reference',
      (i) => ['debtors', i, 'reference'],
      (ref) => `Debtor reference "${ref}" appears more than once in this import.`,
    );
    checkDuplicates(
      ctx,
      v.contracts,
      'reference',
      (i) => ['contracts', i, 'reference'],
      (ref) => `Contract reference "${ref}" appears more than once in this import.`,
    );
    if (!Array.isArray(v.contracts)) return;
    v.contracts.forEach((contract: unknown, i: number) => {
      if (!isObject(contract)) return;
      checkOrder(ctx, contract.startDate, contract.endDate, ['contracts', i, 'endDate'], 'End date must be on or after the start date.');
      if (!Array.isArray(contract.lines)) return;
      checkDuplicates(
        ctx,
        contract.lines,
        'reference',
        (j) => ['contracts', i, 'lines', j, 'reference'],
        (ref) => `Line reference "${ref}" appears more than once in this contract.`,
      );
      contract.lines.forEach((line: unknown, j: number) => {
        if (!isObject(line)) return;
        checkOrder(
          ctx,
          line.startDate,
          line.endDate,
          ['contracts', i, 'lines', j, 'endDate'],
          'Line end date must be on or after the line start date.',
        );
      });
    });
  }, ALWAYS);

/* ------------------------------------------------------------------------------------------------ */
/* List queries (DESIGN §11)                                                                        */
/* ------------------------------------------------------------------------------------------------ */

export const SORT_PATTERN = /^[A-Za-z_][A-Za-z0-9_.]*(?::(?:asc|desc))?$/i;

/** Query-string parameters of list endpoints. Other parameters are ignored (not refused). */
export const listQuerySchema = z.object({
  page: z.coerce
    .number({ error: 'Page must be a whole number of 1 or more.' })
    .int({ error: 'Page must be a whole number of 1 or more.' })
    .min(1, { error: 'Page must be a whole number of 1 or more.' })
    .default(1),
  pageSize: z.coerce
    .number({ error: 'Page size must be a whole number from 1 to 100.' })
    .int({ error: 'Page size must be a whole number from 1 to 100.' })
    .min(1, { error: 'Page size must be a whole number from 1 to 100.' })
    .max(100, { error: 'Page size must be a whole number from 1 to 100.' })
    .default(10),
  search: z
    .string({ error: 'Search must be text.' })
    .trim()
    .max(200, { error: 'Search must be at most 200 characters long.' })
    .refine(hasNoNul, { error: noNulMessage('Search') })
    .optional()
    .transform((s) => (s === '' ? undefined : s)),
  status: z
    .enum(RUN_STATUSES, {
      error: (iss) => `Status must be one of ${RUN_STATUSES.join(', ')}; ${quote(iss.input)} is not.`,
    })
    .optional(),
  sort: z
    .string({ error: 'Sort must be text such as "reference:asc".' })
    .regex(SORT_PATTERN, { error: 'Sort must be a field name followed by ":asc" or ":desc", such as "reference:asc".' })
    .optional(),
});

/** The invoice list's own filter (GET /runs/:id/invoices?status=send_failed). */
export const invoiceListFilterSchema = z.object({
  status: z
    .enum(INVOICE_STATUSES, {
      error: (iss) => `Status must be one of ${INVOICE_STATUSES.join(', ')}; ${quote(iss.input)} is not.`,
    })
    .optional(),
});

/**
 * Invoice and credit note numbers are `{prefix}{year}-{6 digits}` in one unique column, so the two
 * prefixes must tell the series apart: equal prefixes would give both series the same numbers. The
 * check of the settings as they will be stored (after a partial update); null when they are fine.
 */
export function numberPrefixProblem(settings: Pick<Settings, 'invoiceNumberPrefix' | 'creditNotePrefix'>): { path: string[]; message: string } | null {
  if (settings.invoiceNumberPrefix === settings.creditNotePrefix) {
    return {
      path: ['creditNotePrefix'],
      message: `Credit note prefix must differ from the invoice number prefix ("${settings.invoiceNumberPrefix}"), so that credit notes and invoices never share a number.`,
    };
  }
  return null;
}

/* ------------------------------------------------------------------------------------------------ */
/* Credit notes (DESIGN §17)                                                                        */
/* ------------------------------------------------------------------------------------------------ */

/** Most lines one credit request may name (an invoice has at most this many worth crediting by hand). */
export const MAX_CREDIT_LINES = 10_000;

/** The documentId of an invoice line in a credit request. */
const lineIdField = z
  .string({ error: 'Each line must be the documentId of a line of this invoice (text).' })
  .trim()
  .min(1, { error: 'Each line must be the documentId of a line of this invoice; an empty one is not.' })
  .max(255, { error: 'Each line must be the documentId of a line of this invoice; this one is too long.' })
  .refine(hasNoNul, { error: 'Each line must be the documentId of a line of this invoice; this one holds a NUL character.' });

/** POST /invoices/:id/credit: why, and which lines (all of them when left out). */
export const creditInputSchema = z
  .strictObject(
    {
      reason: requiredText('Reason', 1000),
      lines: z
        .array(lineIdField, { error: 'Lines must be a list of invoice line documentIds, or left out to credit every line.' })
        .min(1, { error: 'Lines must name at least one invoice line, or be left out to credit every line.' })
        .max(MAX_CREDIT_LINES, { error: `Lines may name at most ${MAX_CREDIT_LINES} invoice lines.` })
        .optional(),
    },
    { error: objectError('Credit') },
  )
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    (value.lines ?? []).forEach((line, i) => {
      if (seen.has(line)) ctx.addIssue({ code: 'custom', path: ['lines', i], message: `Line ${line} is named more than once.` });
      seen.add(line);
    });
  });
export type CreditInput = z.output<typeof creditInputSchema>;

/** The credit note list's own filters (GET /credit-notes?status=…&run=…&invoice=…). */
const documentIdFilter = (message: string) =>
  z.string({ error: message }).trim().min(1, { error: message }).max(255, { error: message }).refine(hasNoNul, { error: message }).optional();
export const creditNoteListFilterSchema = invoiceListFilterSchema.extend({
  run: documentIdFilter('Run must be the documentId of a run.'),
  invoice: documentIdFilter('Invoice must be the documentId of an invoice.'),
});

/** Splits a validated sort value into field and direction (`asc` when none is given). */
export function parseSort(sort: string): { field: string; direction: 'asc' | 'desc' } {
  const [field, dir] = sort.split(':');
  return { field, direction: dir?.toLowerCase() === 'desc' ? 'desc' : 'asc' };
}

/* ------------------------------------------------------------------------------------------------ */
/* Errors                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

export type ValidationIssue = { path: string[]; message: string; name: 'ValidationError' };

export interface FormattedValidationError {
  message: string;
  errors: ValidationIssue[];
}

/** Zod error → Strapi-style `{ message, errors: [{ path, message, name }] }`. */
export function formatValidationError(error: z.ZodError): FormattedValidationError {
  const errors: ValidationIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map((p) => String(p));
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ path: [...path, key], message: `Unknown field "${key}": it is not accepted here.`, name: 'ValidationError' });
      }
    } else {
      errors.push({ path, message: issue.message, name: 'ValidationError' });
    }
  }
  const message =
    errors.length === 0 ? 'The input is not valid.' : errors.length === 1 ? errors[0].message : `${errors.length} errors occurred`;
  return { message, errors };
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; message: string; errors: ValidationIssue[] };

export function validate<T>(schema: z.ZodType<T>, input: unknown): ValidationResult<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, ...formatValidationError(result.error) };
}

/* ------------------------------------------------------------------------------------------------ */
/* Types                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

/** Validated (parsed) values, defaults applied. */
export type SettingsInput = z.output<typeof settingsUpdateSchema>;
export type ScheduleInput = z.output<typeof scheduleInputSchema>;
export type AdHocRunInput = z.output<typeof adHocRunInputSchema>;
export type ImportInput = z.output<typeof importInputSchema>;
export type ListQuery = z.output<typeof listQuerySchema>;

/** What a client may send (before defaults). */
export type ScheduleInputBody = z.input<typeof scheduleInputSchema>;
export type AdHocRunInputBody = z.input<typeof adHocRunInputSchema>;
export type ImportInputBody = z.input<typeof importInputSchema>;
export type ImportDebtor = ImportInput['debtors'][number];
export type ImportContract = ImportInput['contracts'][number];
export type ImportContractLine = ImportContract['lines'][number];

