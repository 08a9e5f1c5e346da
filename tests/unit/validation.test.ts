import { type z } from 'zod';
import {
  addCycles,
  addDays,
  adHocRunInputSchema,
  DEFAULT_SELLER,
  DEFAULT_SETTINGS,
  defaultPeriodTo,
  formatValidationError,
  importInputSchema,
  listQuerySchema,
  MAX_IMPORT_CONTRACTS,
  MAX_IMPORT_DEBTORS,
  parseSort,
  scheduleInputSchema,
  sellerSchema,
  settingsSchema,
  settingsUpdateSchema,
  validate,
  type ValidationIssue,
  CYCLES,
} from '../../shared';
import { EMPTY_SELLER, VALID_SELLER } from '../helpers/seller';

type Obj = Record<string, unknown>;

/** Returns the issues of a failed validation (fails the test when it passed). */
function issues(schema: z.ZodType, input: unknown): ValidationIssue[] {
  const r = validate(schema, input);
  if (r.ok) throw new Error(`expected a validation error for ${JSON.stringify(input)}`);
  return r.errors;
}

/** The issue at the given path (fails the test when there is none). */
function issueAt(schema: z.ZodType, input: unknown, path: (string | number)[]): ValidationIssue {
  const all = issues(schema, input);
  const p = path.map(String);
  const found = all.find((i) => JSON.stringify(i.path) === JSON.stringify(p));
  if (!found) throw new Error(`no issue at ${JSON.stringify(p)}; got ${JSON.stringify(all)}`);
  return found;
}

function ok<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = validate(schema, input);
  if (!r.ok) throw new Error(`expected valid input, got ${JSON.stringify(r.errors)}`);
  return r.value;
}

/** Deep-set a value (or delete it with `undefined`) on a copy. */
function withValue(base: Obj, path: (string | number)[], value: unknown): Obj {
  const copy = structuredClone(base);
  let node: Obj = copy;
  for (const key of path.slice(0, -1)) node = node[key as string] as Obj;
  const last = path[path.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

/** Every message is a full English sentence. */
function expectSentence(message: string): void {
  expect(message).toMatch(/^[A-Z"]/);
  expect(message).toMatch(/[.)]$/);
  expect(message).not.toMatch(/Invalid input|expected (string|number)|received/);
}

/* ---------------------------------------------------------------------------------------------- */

describe('seller', () => {
  const full = { ...VALID_SELLER, logo: 7 };

  test('empty by default: every text empty, no logo, English', () => {
    expect(DEFAULT_SELLER).toEqual(EMPTY_SELLER);
    expect(ok(sellerSchema, {})).toEqual(DEFAULT_SELLER);
  });

  test('a full valid seller passes unchanged', () => {
    expect(ok(sellerSchema, full)).toEqual(full);
  });

  test('identifiers are stored compact and in capitals, text trimmed, null and blanks empty', () => {
    expect(
      ok(sellerSchema, { ...full, iban: 'nl91 abna 0417 1643 00', bic: 'abna nl 2a', vatNumber: 'nl1234.567.89b01', countryCode: ' nl ', legalName: `  ${VALID_SELLER.legalName} `, street: null, city: '   ', electronicAddress: ' 0106:12345678 ' }),
    ).toEqual({ ...full, street: '', city: '' });
  });

  test.each([
    ['countryCode', 'XX'],
    ['countryCode', 'Netherlands'],
    ['vatNumber', 'NL123456789'],
    ['vatNumber', 'BE0123456789'],
    ['iban', 'NL91ABNA0417164301'],
    ['iban', 'NL91ABNA04171643'],
    ['bic', 'ABNA'],
    ['email', 'billing'],
    ['emailFrom', 'a@b'],
    ['emailReplyTo', 'a b@c.d'],
    ['electronicAddress', '0208:0123456789'],
    ['electronicAddress', '0208'],
    ['defaultLanguage', 'de'],
    ['defaultLanguage', ''],
    ['legalName', 'x'.repeat(256)],
    ['postalCode', 'x'.repeat(21)],
    ['phone', 'a\u0000b'],
    ['logo', 0],
    ['logo', 1.5],
    ['logo', '7'],
    ['logo', 2_147_483_648],
    ['street', 5],
  ])('%s %j is refused on its path with a sentence', (field, value) => {
    const issue = issueAt(sellerSchema, { ...full, [field]: value }, [field]);
    expectSentence(issue.message);
  });

  test('payment terms: per language, at most 2000 characters, no other languages', () => {
    expectSentence(issueAt(sellerSchema, { ...full, paymentTerms: { en: 'x'.repeat(2001), nl: '' } }, ['paymentTerms', 'en']).message);
    issueAt(sellerSchema, { ...full, paymentTerms: { en: '', nl: '', de: 'x' } }, ['paymentTerms', 'de']);
    issueAt(sellerSchema, { ...full, paymentTerms: 'Pay now' }, ['paymentTerms']);
    expect(ok(sellerSchema, { paymentTerms: { nl: 'Direct' } }).paymentTerms).toEqual({ en: '', nl: 'Direct' });
  });

  test('every bad field is reported at once; unknown fields are refused', () => {
    const all = issues(sellerSchema, { ...full, iban: 'x', bic: 'y', countryCode: 'zz', owner: 'me' });
    expect(all.map((i) => i.path.join('.')).sort()).toEqual(['bic', 'countryCode', 'iban', 'owner']);
  });

  test('the message names the field and the value', () => {
    expect(issueAt(sellerSchema, { iban: 'NL91ABNA0417164301' }, ['iban']).message).toBe('IBAN "NL91ABNA0417164301" has wrong check digits (a typing error?).');
  });

  test('settings: seller is one object, sendRatePerSecond 0–1000, autoSendInvoices a boolean', () => {
    expect(ok(settingsUpdateSchema, { seller: { legalName: 'X' } })).toEqual({ seller: { ...DEFAULT_SELLER, legalName: 'X' } });
    issueAt(settingsUpdateSchema, { seller: { iban: 'NL00' } }, ['seller', 'iban']);
    issueAt(settingsUpdateSchema, { seller: null }, ['seller']);
    expect(ok(settingsUpdateSchema, { sendRatePerSecond: 0 })).toEqual({ sendRatePerSecond: 0 });
    expect(ok(settingsUpdateSchema, { sendRatePerSecond: 1000 })).toEqual({ sendRatePerSecond: 1000 });
    for (const bad of [-1, 1001, 2.5, '10', null]) issueAt(settingsUpdateSchema, { sendRatePerSecond: bad }, ['sendRatePerSecond']);
    issueAt(settingsUpdateSchema, { autoSendInvoices: 'yes' }, ['autoSendInvoices']);
  });
});

describe('import: debtor details', () => {
  const body = (debtor: Obj) => ({ debtors: [{ reference: 'D-1', name: 'Acme', ...debtor }] });
  const parsed = (debtor: Obj) => ok(importInputSchema, body(debtor)).debtors[0];

  test('left out: no details and the email channel', () => {
    expect(parsed({})).toMatchObject({ countryCode: null, vatNumber: null, language: null, electronicAddress: null, deliveryChannel: 'email' });
  });

  test('given: normalised; empty language is the seller default (null)', () => {
    expect(parsed({ countryCode: 'be', vatNumber: 'be 0417.497.106', language: '', electronicAddress: '0208:0417497106', deliveryChannel: 'peppol_file' })).toMatchObject({
      countryCode: 'BE',
      vatNumber: 'BE0417497106',
      language: null,
      electronicAddress: '0208:0417497106',
      deliveryChannel: 'peppol_file',
    });
    expect(parsed({ language: 'nl', street: '', email: '' })).toMatchObject({ language: 'nl', street: null, email: null });
  });

  test('the peppol_file channel needs an electronic address (an empty one counts as none)', () => {
    for (const electronicAddress of [undefined, '']) {
      const issue = issueAt(importInputSchema, body({ deliveryChannel: 'peppol_file', electronicAddress }), ['debtors', 0, 'electronicAddress']);
      expect(issue.message).toMatch(/peppol_file.*needs an electronic address/);
    }
    expect(parsed({ deliveryChannel: 'email', electronicAddress: '' })).toMatchObject({ deliveryChannel: 'email', electronicAddress: null });
  });

  test.each([
    ['countryCode', 'NLD'],
    ['vatNumber', 'NL12345678B01'],
    ['language', 'fr'],
    ['electronicAddress', '9944:NL1'],
    ['deliveryChannel', 'post'],
    ['deliveryChannel', null],
    ['email', 'x@'],
  ])('%s %j is refused on its path', (field, value) => {
    expectSentence(issueAt(importInputSchema, body({ [field]: value }), ['debtors', 0, field]).message);
  });
});

describe('settings', () => {
  const valid = {
    activationDaysBefore: 10,
    autoApprove: true,
    autoGenerateAmounts: true,
    autoGenerateInvoices: false,
    requireDifferentApprover: true,
    invoiceNumberPrefix: 'INV-',
    creditNotePrefix: 'CR/',
    timezone: 'Europe/Amsterdam',
    sendRatePerSecond: 0,
    autoSendInvoices: true,
    defaultLedgerAccount: '8100',
    seller: { ...DEFAULT_SELLER, legalName: 'Acme B.V.', iban: 'NL91ABNA0417164300', defaultLanguage: 'nl' as const },
  };

  test('defaults', () => {
    expect(DEFAULT_SETTINGS).toEqual({
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
    expect(Object.isFrozen(DEFAULT_SETTINGS)).toBe(true);
  });

  test('an empty object takes every default', () => {
    expect(ok(settingsSchema, {})).toEqual(DEFAULT_SETTINGS);
  });

  test('a full valid object passes unchanged', () => {
    expect(ok(settingsSchema, valid)).toEqual(valid);
    expect(ok(settingsUpdateSchema, valid)).toEqual(valid);
  });

  test('a partial object is completed with defaults by settingsSchema and kept partial by settingsUpdateSchema', () => {
    expect(ok(settingsSchema, { autoApprove: true })).toEqual({ ...DEFAULT_SETTINGS, autoApprove: true });
    expect(ok(settingsUpdateSchema, { autoApprove: true })).toEqual({ autoApprove: true });
    expect(ok(settingsUpdateSchema, {})).toEqual({});
  });

  test.each([
    [0, true],
    [365, true],
    [5, true],
    [-1, false],
    [366, false],
    [1.5, false],
    ['5', false],
    [null, false],
    [NaN, false],
    [Infinity, false],
  ])('activationDaysBefore %p valid: %p', (value, valid_) => {
    for (const schema of [settingsSchema, settingsUpdateSchema]) {
      const r = validate(schema, { activationDaysBefore: value });
      expect(r.ok).toBe(valid_);
      if (!r.ok) {
        expect(r.errors).toEqual([
          { path: ['activationDaysBefore'], message: 'Activation days before must be a whole number from 0 to 365.', name: 'ValidationError' },
        ]);
      }
    }
  });

  test.each(['autoApprove', 'autoGenerateAmounts', 'autoGenerateInvoices', 'requireDifferentApprover'])(
    '%s must be a real boolean',
    (field) => {
      for (const bad of ['true', 1, 0, null, 'yes']) {
        const issue = issueAt(settingsUpdateSchema, { [field]: bad }, [field]);
        expect(issue.message).toMatch(/ must be true or false\.$/);
      }
      expect(ok(settingsUpdateSchema, { [field]: false })).toEqual({ [field]: false });
    },
  );

  test.each([
    ['', true],
    ['INV', true],
    ['INV-', true],
    ['F.2026/', true],
    ['a_b-c.d/e', true],
    ['12345678901234567890', true],
    ['123456789012345678901', false],
    ['INV ', false],
    ['INV#', false],
    ['FÄ', false],
    [1, false],
  ])('invoiceNumberPrefix %p valid: %p', (prefix, valid_) => {
    const r = validate(settingsUpdateSchema, { invoiceNumberPrefix: prefix });
    expect(r.ok).toBe(valid_);
    if (!r.ok) expect(r.errors[0].path).toEqual(['invoiceNumberPrefix']);
  });

  test.each([
    ['UTC', true],
    ['Europe/Amsterdam', true],
    ['America/Argentina/Buenos_Aires', true],
    ['Mars/Olympus', false],
    ['', false],
    ['+01:00', false],
    [3, false],
  ])('timezone %p valid: %p', (tz, valid_) => {
    const r = validate(settingsUpdateSchema, { timezone: tz });
    expect(r.ok).toBe(valid_);
    if (!r.ok) expect(r.errors[0].path).toEqual(['timezone']);
  });

  test('an unknown time zone is named in the message', () => {
    expect(issueAt(settingsSchema, { timezone: 'Mars/Olympus' }, ['timezone']).message).toBe(
      'Time zone "Mars/Olympus" is not a known IANA time zone (for example "UTC" or "Europe/Amsterdam").',
    );
  });

  test('unknown keys are refused', () => {
    for (const schema of [settingsSchema, settingsUpdateSchema]) {
      const r = validate(schema, { ...valid, foo: 1, bar: 2 });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.errors.map((e) => e.path)).toEqual([['foo'], ['bar']]);
        expect(r.errors[0].message).toBe('Unknown field "foo": it is not accepted here.');
        expect(r.message).toBe('2 errors occurred');
      }
    }
  });

  test.each([null, 'x', 5, [1]])('a non-object %p is refused with a sentence', (v) => {
    const [issue] = issues(settingsSchema, v);
    expect(issue.path).toEqual([]);
    expect(issue.message).toMatch(/^Settings must be an object/);
  });
});

/* ---------------------------------------------------------------------------------------------- */

describe('schedule input', () => {
  const valid: Obj = {
    name: 'Monthly rent 2026',
    description: 'All rental contracts',
    periodFrom: '2026-01-01',
    periodTo: '2026-01-31',
    numberOfRuns: 12,
    template: {
      name: 'Rent',
      description: null,
      cycle: 'monthly',
      invoiceName: 'Rent',
      invoiceNameFormat: 'name_contract',
      invoiceCategory: null,
      invoiceDate: '2025-12-25',
      dueDate: '2026-01-08',
    },
  };

  test('a valid schedule passes', () => {
    expect(ok(scheduleInputSchema, valid)).toEqual(valid);
  });

  test('periodTo defaults to the end of a regular first period, for every cycle', () => {
    for (const cycle of CYCLES) {
      const input = withValue(withValue(valid, ['periodTo'], undefined), ['template', 'cycle'], cycle);
      const v = ok(scheduleInputSchema, input);
      expect(v.periodTo).toBe(defaultPeriodTo('2026-01-01', cycle));
    }
    const v = ok(scheduleInputSchema, withValue(withValue(valid, ['periodTo'], undefined), ['periodFrom'], '2026-01-31'));
    expect(v.periodTo).toBe('2026-02-27');
    expect(ok(scheduleInputSchema, { ...valid, periodTo: null }).periodTo).toBe('2026-01-31');
  });

  test('minimal input: optional fields may be left out; text is trimmed', () => {
    const input = {
      name: '  Weekly cleaning ',
      periodFrom: '2026-01-05',
      numberOfRuns: 1,
      template: {
        name: 'Cleaning',
        cycle: 'weekly',
        invoiceName: 'Cleaning',
        invoiceNameFormat: 'name_debtor',
        invoiceDate: '2026-01-05',
        dueDate: '2026-01-05',
      },
    };
    const v = ok(scheduleInputSchema, input);
    expect(v.name).toBe('Weekly cleaning');
    expect(v.periodTo).toBe('2026-01-11');
    expect(v.description).toBeUndefined();
    expect(v.template.invoiceCategory).toBeUndefined();
  });

  test.each([1, 60, 120])('numberOfRuns %i is accepted', (n) => {
    expect(ok(scheduleInputSchema, { ...valid, numberOfRuns: n }).numberOfRuns).toBe(n);
  });

  test.each<[string, (string | number)[], unknown, (string | number)[], RegExp | string]>([
    ['invalid date 2026-02-30', ['periodFrom'], '2026-02-30', ['periodFrom'], 'Period from must be a real date in the format YYYY-MM-DD; "2026-02-30" does not exist.'],
    ['2025-02-29', ['periodTo'], '2025-02-29', ['periodTo'], /real date in the format YYYY-MM-DD/],
    ['badly formatted date', ['periodFrom'], '01-01-2026', ['periodFrom'], /format YYYY-MM-DD/],
    ['a timestamp', ['periodFrom'], '2026-01-01T00:00:00Z', ['periodFrom'], /format YYYY-MM-DD/],
    ['a year before 1900', ['periodFrom'], '1899-12-01', ['periodFrom'], /between 1900-01-01 and 2999-12-31/],
    ['a date as number', ['periodFrom'], 20260101, ['periodFrom'], /format YYYY-MM-DD.*not a number/],
    ['missing periodFrom', ['periodFrom'], undefined, ['periodFrom'], 'Period from is required.'],
    ['periodTo before periodFrom', ['periodTo'], '2025-12-31', ['periodTo'], 'Period to must be on or after period from.'],
    ['periodTo two cycles later', ['periodTo'], '2026-03-01', ['periodTo'], /^Period to must be before 2026-03-01/],
    ['unknown cycle', ['template', 'cycle'], 'daily', ['template', 'cycle'], /^Cycle must be one of weekly, four_weekly, monthly, quarterly, half_yearly, yearly; "daily" is not a known cycle\.$/],
    ['missing cycle', ['template', 'cycle'], undefined, ['template', 'cycle'], 'Cycle is required.'],
    ['numberOfRuns 0', ['numberOfRuns'], 0, ['numberOfRuns'], 'Number of runs must be a whole number from 1 to 120.'],
    ['numberOfRuns 121', ['numberOfRuns'], 121, ['numberOfRuns'], 'Number of runs must be a whole number from 1 to 120.'],
    ['numberOfRuns 1.5', ['numberOfRuns'], 1.5, ['numberOfRuns'], 'Number of runs must be a whole number from 1 to 120.'],
    ['numberOfRuns -1', ['numberOfRuns'], -1, ['numberOfRuns'], 'Number of runs must be a whole number from 1 to 120.'],
    ['numberOfRuns as text', ['numberOfRuns'], '12', ['numberOfRuns'], 'Number of runs must be a whole number from 1 to 120.'],
    ['numberOfRuns missing', ['numberOfRuns'], undefined, ['numberOfRuns'], 'Number of runs is required.'],
    ['dueDate before invoiceDate', ['template', 'dueDate'], '2025-12-24', ['template', 'dueDate'], 'Due date must be on or after the invoice date.'],
    ['invalid invoiceDate', ['template', 'invoiceDate'], '2026-13-01', ['template', 'invoiceDate'], /Invoice date must be a real date/],
    ['empty name', ['name'], '', ['name'], 'Name is required.'],
    ['blank name', ['name'], '   ', ['name'], 'Name is required.'],
    ['missing name', ['name'], undefined, ['name'], 'Name is required.'],
    ['name too long', ['name'], 'x'.repeat(256), ['name'], 'Name must be at most 255 characters long.'],
    ['name as number', ['name'], 5, ['name'], 'Name must be text.'],
    ['description too long', ['description'], 'x'.repeat(5001), ['description'], 'Description must be at most 5000 characters long.'],
    ['empty template name', ['template', 'name'], '', ['template', 'name'], 'Template name is required.'],
    ['template description too long', ['template', 'description'], 'x'.repeat(5001), ['template', 'description'], /at most 5000/],
    ['empty invoice name', ['template', 'invoiceName'], ' ', ['template', 'invoiceName'], 'Invoice name is required.'],
    ['unknown name format', ['template', 'invoiceNameFormat'], 'name', ['template', 'invoiceNameFormat'], /^Invoice name format must be one of name_contract, name_contract_debtor, name_debtor/],
    ['invoice category as number', ['template', 'invoiceCategory'], 5, ['template', 'invoiceCategory'], /documentId/],
    ['empty invoice category', ['template', 'invoiceCategory'], '', ['template', 'invoiceCategory'], /documentId/],
    ['missing template', ['template'], undefined, ['template'], 'Template is required.'],
    ['template not an object', ['template'], 'monthly', ['template'], /^Template must be an object/],
    ['an extra field', ['reference'], 'IRS-000001', ['reference'], 'Unknown field "reference": it is not accepted here.'],
    ['an extra template field', ['template', 'periodFrom'], '2026-01-01', ['template', 'periodFrom'], 'Unknown field "periodFrom": it is not accepted here.'],
  ])('%s is refused at its path', (_name, setPath, value, path, message) => {
    const issue = issueAt(scheduleInputSchema, withValue(valid, setPath, value), path);
    if (typeof message === 'string') expect(issue.message).toBe(message);
    else expect(issue.message).toMatch(message);
    expectSentence(issue.message);
    expect(issue.name).toBe('ValidationError');
  });

  test.each(CYCLES)('%s: a first period may be shorter, or up to one cycle longer, but not two cycles', (cycle) => {
    const base = withValue(valid, ['template', 'cycle'], cycle);
    const from = '2026-01-31';
    const two = addCycles(from, cycle, 2);
    for (const to of [from, addDays(defaultPeriodTo(from, cycle), -1), defaultPeriodTo(from, cycle), addDays(two, -1)]) {
      expect(ok(scheduleInputSchema, { ...base, periodFrom: from, periodTo: to }).periodTo).toBe(to);
    }
    for (const to of [two, addDays(two, 1), addDays(two, 400)]) {
      const issue = issueAt(scheduleInputSchema, { ...base, periodFrom: from, periodTo: to }, ['periodTo']);
      expect(issue.message).toContain(`before ${two}`);
    }
  });

  test('a first period of a single day is accepted', () => {
    expect(ok(scheduleInputSchema, { ...valid, periodTo: '2026-01-01' }).periodTo).toBe('2026-01-01');
  });

  test('dueDate equal to invoiceDate is accepted', () => {
    ok(scheduleInputSchema, withValue(valid, ['template', 'dueDate'], '2025-12-25'));
  });

  test('every problem is reported at once, with a summary message', () => {
    const input = {
      ...valid,
      name: '',
      periodFrom: '2026-02-30',
      numberOfRuns: 0,
      extra: true,
      template: { ...(valid.template as Obj), cycle: 'daily', invoiceDate: '2026-01-10', dueDate: '2026-01-01' },
    };
    const r = validate(scheduleInputSchema, input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path.join('.')).sort()).toEqual(
      ['name', 'periodFrom', 'numberOfRuns', 'extra', 'template.cycle', 'template.dueDate'].sort(),
    );
    expect(r.message).toBe('6 errors occurred');
  });

  test('an invalid periodFrom or cycle without periodTo is reported, never thrown', () => {
    const noTo = withValue(valid, ['periodTo'], undefined);
    expect(issues(scheduleInputSchema, { ...noTo, periodFrom: '2026-02-30' }).map((e) => e.path.join('.'))).toEqual(['periodFrom']);
    expect(issues(scheduleInputSchema, withValue(noTo, ['template', 'cycle'], 'daily')).map((e) => e.path.join('.'))).toEqual([
      'template.cycle',
    ]);
  });

  test('cross-field checks still run when another field is invalid', () => {
    const input = { ...valid, numberOfRuns: 1.5, periodTo: '2025-12-01' };
    expect(issues(scheduleInputSchema, input).map((e) => e.path.join('.')).sort()).toEqual(['numberOfRuns', 'periodTo']);
  });

  test.each([null, 'x', [], 5])('a non-object %p is refused', (v) => {
    expect(issues(scheduleInputSchema, v)[0].message).toMatch(/^The invoice run schedule must be an object/);
  });
});

/* ---------------------------------------------------------------------------------------------- */

describe('ad hoc run input', () => {
  const valid: Obj = {
    name: 'Extra run March',
    cycle: 'monthly',
    periodStart: '2026-03-01',
    periodEnd: '2026-03-31',
    invoiceDate: '2026-02-25',
    dueDate: '2026-03-10',
    invoiceName: 'Rent March',
    invoiceNameFormat: 'name_contract_debtor',
  };

  test('valid input passes; optional fields may be given', () => {
    expect(ok(adHocRunInputSchema, valid)).toEqual(valid);
    const full = { ...valid, description: 'Catch-up', invoiceCategory: 'abc123def456' };
    expect(ok(adHocRunInputSchema, full)).toEqual(full);
    expect(ok(adHocRunInputSchema, { ...valid, periodEnd: '2026-03-01', dueDate: '2026-02-25' })).toBeTruthy();
  });

  test.each<[string, string, unknown, string, RegExp | string]>([
    ['periodEnd before periodStart', 'periodEnd', '2026-02-28', 'periodEnd', 'Period end must be on or after period start.'],
    ['dueDate before invoiceDate', 'dueDate', '2026-02-24', 'dueDate', 'Due date must be on or after the invoice date.'],
    ['invalid periodStart', 'periodStart', '2026-02-30', 'periodStart', /Period start must be a real date in the format YYYY-MM-DD/],
    ['unknown cycle', 'cycle', 'biweekly', 'cycle', /"biweekly" is not a known cycle/],
    ['missing invoiceName', 'invoiceName', undefined, 'invoiceName', 'Invoice name is required.'],
    ['unknown format', 'invoiceNameFormat', 'name_x', 'invoiceNameFormat', /Invoice name format must be one of/],
    ['extra field', 'status', 'approved', 'status', 'Unknown field "status": it is not accepted here.'],
    ['missing name', 'name', undefined, 'name', 'Name is required.'],
  ])('%s', (_n, field, value, path, message) => {
    const issue = issueAt(adHocRunInputSchema, withValue(valid, [field], value), [path]);
    if (typeof message === 'string') expect(issue.message).toBe(message);
    else expect(issue.message).toMatch(message);
    expectSentence(issue.message);
  });
});

/* ---------------------------------------------------------------------------------------------- */

describe('import input', () => {
  const valid: Obj = {
    debtors: [
      {
        reference: 'D-1',
        name: 'Acme B.V.',
        email: 'billing@acme.example',
        street: 'Main street 1',
        postalCode: '1234 AB',
        city: 'Amsterdam',
        country: 'NL',
        vatNumber: 'NL123456789B01',
      },
      { reference: 'D-2', name: 'Jansen' },
    ],
    contracts: [
      {
        reference: 'C-1',
        name: 'Unit 12B',
        debtorReference: 'D-1',
        invoiceCycle: 'monthly',
        startDate: '2026-01-15',
        endDate: null,
        status: 'active',
        currency: 'EUR',
        lines: [
          { reference: 'L-1', description: 'Rent', unitPrice: '1200.00', quantity: '1', vatRate: '0' },
          { reference: 'L-2', description: 'Service', unitPrice: '-25.5', quantity: '2.500000', vatRate: '21', startDate: '2026-02-01', endDate: '2026-12-31' },
        ],
      },
      {
        reference: 'C-2',
        name: 'Parking',
        debtorReference: 'D-existing-in-db',
        invoiceCycle: 'quarterly',
        startDate: '2026-01-01',
        endDate: '2026-12-31',
        lines: [{ description: 'Parking spot', unitPrice: '30', quantity: '1', vatRate: '21' }],
      },
    ],
  };

  test('a valid import passes; defaults are applied and decimals normalised', () => {
    const v = ok(importInputSchema, valid);
    expect(v.contracts[1].status).toBe('active');
    expect(v.contracts[1].currency).toBe('EUR');
    expect(v.contracts[0].lines[0].unitPrice).toBe('1200');
    expect(v.contracts[0].lines[1].unitPrice).toBe('-25.5');
    expect(v.contracts[0].lines[1].quantity).toBe('2.5');
    expect(v.debtors[0].email).toBe('billing@acme.example');
    expect(v.debtors).toHaveLength(2);
  });

  test('debtors and contracts may be left out', () => {
    expect(ok(importInputSchema, {})).toEqual({ debtors: [], contracts: [] });
    expect(ok(importInputSchema, { contracts: (valid.contracts as Obj[]).slice(1) }).debtors).toEqual([]);
  });

  test('a lower-case currency is normalised; an empty email becomes null', () => {
    const input = withValue(withValue(valid, ['contracts', 0, 'currency'], ' usd '), ['debtors', 1, 'email'], '');
    const v = ok(importInputSchema, input);
    expect(v.contracts[0].currency).toBe('USD');
    expect(v.debtors[1].email).toBeNull();
  });

  test.each(['JPY', 'KWD', 'CLF', 'CHF'])('currency %s is accepted', (cur) => {
    expect(ok(importInputSchema, withValue(valid, ['contracts', 0, 'currency'], cur)).contracts[0].currency).toBe(cur);
  });

  test.each([
    ['0', true],
    ['100', true],
    ['21', true],
    ['5.5', true],
    ['100.000', true],
    ['101', false],
    ['100.000001', false],
    ['-1', false],
    ['-0.000001', false],
    ['21%', false],
    [21, false],
  ])('vatRate %p valid: %p', (rate, valid_) => {
    const r = validate(importInputSchema, withValue(valid, ['contracts', 0, 'lines', 0, 'vatRate'], rate));
    expect(r.ok).toBe(valid_);
    if (!r.ok) {
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0].path).toEqual(['contracts', '0', 'lines', '0', 'vatRate']);
      expectSentence(r.errors[0].message);
    }
  });

  test.each<[string, (string | number)[], unknown, (string | number)[], RegExp | string]>([
    ['an unknown currency', ['contracts', 0, 'currency'], 'XYZ', ['contracts', 0, 'currency'], 'Currency "XYZ" is not a known ISO 4217 currency code (for example "EUR" or "USD").'],
    ['a currency as number', ['contracts', 0, 'currency'], 978, ['contracts', 0, 'currency'], /three-letter ISO 4217/],
    ['vatRate 101', ['contracts', 0, 'lines', 0, 'vatRate'], '101', ['contracts', 0, 'lines', 0, 'vatRate'], 'VAT rate must be between 0 and 100; "101" is not.'],
    ['a unit price with 7 decimals', ['contracts', 0, 'lines', 1, 'unitPrice'], '1.1234567', ['contracts', 0, 'lines', 1, 'unitPrice'], 'Unit price may have at most 6 decimals; "1.1234567" has more.'],
    ['a unit price as a float', ['contracts', 0, 'lines', 0, 'unitPrice'], 12.5, ['contracts', 0, 'lines', 0, 'unitPrice'], /Unit price must be a decimal number written as text, such as "1234.56"/],
    ['a unit price with a comma', ['contracts', 0, 'lines', 0, 'unitPrice'], '12,50', ['contracts', 0, 'lines', 0, 'unitPrice'], /"\." as decimal separator/],
    ['a unit price in exponent notation', ['contracts', 0, 'lines', 0, 'unitPrice'], '1e3', ['contracts', 0, 'lines', 0, 'unitPrice'], /decimal number/],
    ['a huge unit price', ['contracts', 0, 'lines', 0, 'unitPrice'], '1234567890123456', ['contracts', 0, 'lines', 0, 'unitPrice'], /too large/],
    ['a negative quantity', ['contracts', 0, 'lines', 0, 'quantity'], '-1', ['contracts', 0, 'lines', 0, 'quantity'], 'Quantity must be 0 or more; "-1" is not.'],
    ['a quantity with 7 decimals', ['contracts', 0, 'lines', 0, 'quantity'], '0.0000001', ['contracts', 0, 'lines', 0, 'quantity'], /at most 6 decimals/],
    ['a missing description', ['contracts', 0, 'lines', 0, 'description'], undefined, ['contracts', 0, 'lines', 0, 'description'], 'Line description is required.'],
    ['an extra line field', ['contracts', 0, 'lines', 0, 'net'], '5', ['contracts', 0, 'lines', 0, 'net'], 'Unknown field "net": it is not accepted here.'],
    ['an unknown invoice cycle', ['contracts', 0, 'invoiceCycle'], 'daily', ['contracts', 0, 'invoiceCycle'], /^Invoice cycle must be one of/],
    ['an unknown status', ['contracts', 0, 'status'], 'paused', ['contracts', 0, 'status'], 'Status must be "active" or "terminated"; "paused" is not.'],
    ['an invalid start date', ['contracts', 0, 'startDate'], '2026-02-30', ['contracts', 0, 'startDate'], /Start date must be a real date in the format YYYY-MM-DD/],
    ['a missing start date', ['contracts', 0, 'startDate'], undefined, ['contracts', 0, 'startDate'], 'Start date is required.'],
    ['an end date before the start date', ['contracts', 1, 'endDate'], '2025-12-31', ['contracts', 1, 'endDate'], 'End date must be on or after the start date.'],
    ['a line end before its start', ['contracts', 0, 'lines', 1, 'endDate'], '2026-01-31', ['contracts', 0, 'lines', 1, 'endDate'], 'Line end date must be on or after the line start date.'],
    ['missing lines', ['contracts', 0, 'lines'], undefined, ['contracts', 0, 'lines'], 'Lines must be given as a list (it may be empty).'],
    ['lines not a list', ['contracts', 0, 'lines'], {}, ['contracts', 0, 'lines'], 'Lines must be a list.'],
    ['a missing debtor reference', ['contracts', 0, 'debtorReference'], '', ['contracts', 0, 'debtorReference'], 'Debtor reference is required.'],
    ['an invalid email', ['debtors', 0, 'email'], 'not-an-email', ['debtors', 0, 'email'], 'Email "not-an-email" is not a valid email address.'],
    ['a missing debtor name', ['debtors', 1, 'name'], undefined, ['debtors', 1, 'name'], 'Debtor name is required.'],
    ['an extra debtor field', ['debtors', 1, 'iban'], 'NL00', ['debtors', 1, 'iban'], 'Unknown field "iban": it is not accepted here.'],
    ['an extra top-level field', ['mode'], 'replace', ['mode'], 'Unknown field "mode": it is not accepted here.'],
    ['debtors not a list', ['debtors'], 'D-1', ['debtors'], 'Debtors must be a list.'],
    ['a contract that is not an object', ['contracts', 1], 'C-2', ['contracts', 1], /^Each contract must be an object/],
  ])('%s is refused at its path', (_n, setPath, value, path, message) => {
    const issue = issueAt(importInputSchema, withValue(valid, setPath, value), path);
    if (typeof message === 'string') expect(issue.message).toBe(message);
    else expect(issue.message).toMatch(message);
    expectSentence(issue.message);
  });

  test('duplicate debtor references are reported at every repeat', () => {
    const input = withValue(valid, ['debtors'], [
      { reference: 'D-1', name: 'A' },
      { reference: 'D-2', name: 'B' },
      { reference: ' D-1 ', name: 'C' },
      { reference: 'D-1', name: 'D' },
    ]);
    const errs = issues(importInputSchema, input);
    expect(errs).toEqual([
      { path: ['debtors', '2', 'reference'], message: 'Debtor reference "D-1" appears more than once in this import.', name: 'ValidationError' },
      { path: ['debtors', '3', 'reference'], message: 'Debtor reference "D-1" appears more than once in this import.', name: 'ValidationError' },
    ]);
  });

  test('duplicate contract references', () => {
    const contracts = valid.contracts as Obj[];
    const input = { ...valid, contracts: [...contracts, { ...contracts[1] }] };
    expect(issues(importInputSchema, input)).toEqual([
      { path: ['contracts', '2', 'reference'], message: 'Contract reference "C-2" appears more than once in this import.', name: 'ValidationError' },
    ]);
  });

  test('duplicate line references within a contract, but not across contracts', () => {
    let input = withValue(valid, ['contracts', 0, 'lines', 1, 'reference'], 'L-1');
    expect(issues(importInputSchema, input)).toEqual([
      { path: ['contracts', '0', 'lines', '1', 'reference'], message: 'Line reference "L-1" appears more than once in this contract.', name: 'ValidationError' },
    ]);
    input = withValue(valid, ['contracts', 1, 'lines', 0, 'reference'], 'L-1');
    ok(importInputSchema, input);
  });

  test('lines without a reference are never duplicates', () => {
    const line = { description: 'X', unitPrice: '1', quantity: '1', vatRate: '0' };
    ok(importInputSchema, withValue(valid, ['contracts', 0, 'lines'], [line, line, { ...line, reference: null }, { ...line, reference: null }]));
  });

  test('every bad path of a body is listed at once', () => {
    const input = structuredClone(valid);
    const c0 = (input.contracts as Obj[])[0];
    c0.currency = 'XYZ';
    ((c0.lines as Obj[])[0] as Obj).vatRate = '101';
    ((input.contracts as Obj[])[1] as Obj).reference = 'C-1';
    ((input.contracts as Obj[])[1] as Obj).endDate = '2025-01-01';
    const r = validate(importInputSchema, input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toBe('4 errors occurred');
    expect(r.errors.map((e) => e.path.join('.')).sort()).toEqual(
      ['contracts.0.currency', 'contracts.0.lines.0.vatRate', 'contracts.1.reference', 'contracts.1.endDate'].sort(),
    );
  });

  test('limits', () => {
    expect(MAX_IMPORT_DEBTORS).toBe(50_000);
    expect(MAX_IMPORT_CONTRACTS).toBe(200_000);
    const debtors = Array.from({ length: MAX_IMPORT_DEBTORS + 1 }, (_, i) => ({ reference: `D${i}`, name: 'x' }));
    const issue = issueAt(importInputSchema, { debtors }, ['debtors']);
    expect(issue.message).toBe('Debtors may hold at most 50,000 entries.');
  });

  test('10,000 contracts validate quickly', () => {
    const contracts = Array.from({ length: 10_000 }, (_, i) => ({
      reference: `C${i}`,
      name: `Contract ${i}`,
      debtorReference: 'D-1',
      invoiceCycle: 'monthly',
      startDate: '2026-01-01',
      lines: [{ reference: 'L', description: 'Rent', unitPrice: '100.00', quantity: '1', vatRate: '21' }],
    }));
    const started = Date.now();
    const v = ok(importInputSchema, { contracts });
    expect(v.contracts).toHaveLength(10_000);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

/* ---------------------------------------------------------------------------------------------- */

describe('list query', () => {
  test('defaults', () => {
    expect(ok(listQuerySchema, {})).toEqual({ page: 1, pageSize: 10 });
  });

  test('query-string values are coerced; unknown parameters are dropped', () => {
    expect(ok(listQuerySchema, { page: '3', pageSize: '25', search: ' IVR-0001 ', status: 'approved', sort: 'reference:desc', _q: 'x' })).toEqual({
      page: 3,
      pageSize: 25,
      search: 'IVR-0001',
      status: 'approved',
      sort: 'reference:desc',
    });
  });

  test('an empty search is dropped', () => {
    expect(ok(listQuerySchema, { search: '  ' }).search).toBeUndefined();
  });

  test.each<[Obj, string, string]>([
    [{ page: '0' }, 'page', 'Page must be a whole number of 1 or more.'],
    [{ page: '-1' }, 'page', 'Page must be a whole number of 1 or more.'],
    [{ page: '1.5' }, 'page', 'Page must be a whole number of 1 or more.'],
    [{ page: 'abc' }, 'page', 'Page must be a whole number of 1 or more.'],
    [{ pageSize: '0' }, 'pageSize', 'Page size must be a whole number from 1 to 100.'],
    [{ pageSize: '101' }, 'pageSize', 'Page size must be a whole number from 1 to 100.'],
    [{ search: 'x'.repeat(201) }, 'search', 'Search must be at most 200 characters long.'],
    [{ status: 'open' }, 'status', /^Status must be one of draft, on_hold/ as unknown as string],
    [{ sort: 'reference:up' }, 'sort', 'Sort must be a field name followed by ":asc" or ":desc", such as "reference:asc".'],
    [{ sort: 'a b' }, 'sort', 'Sort must be a field name followed by ":asc" or ":desc", such as "reference:asc".'],
    [{ sort: ':asc' }, 'sort', 'Sort must be a field name followed by ":asc" or ":desc", such as "reference:asc".'],
  ])('%j is refused', (input, path, message) => {
    const issue = issueAt(listQuerySchema, input, [path]);
    if (typeof message === 'string') expect(issue.message).toBe(message);
    else expect(issue.message).toMatch(message as RegExp);
  });

  test.each([
    ['reference:asc', { field: 'reference', direction: 'asc' }],
    ['name:DESC', { field: 'name', direction: 'desc' }],
    ['periodStart', { field: 'periodStart', direction: 'asc' }],
    ['schedule.reference:desc', { field: 'schedule.reference', direction: 'desc' }],
  ])('sort %p is accepted and parsed', (sort, parsed) => {
    expect(ok(listQuerySchema, { sort }).sort).toBe(sort);
    expect(parseSort(sort)).toEqual(parsed);
  });
});

/* ---------------------------------------------------------------------------------------------- */

describe('formatValidationError / validate', () => {
  test('one issue: the message is that issue', () => {
    const r = validate(settingsUpdateSchema, { activationDaysBefore: -1 });
    expect(r).toEqual({
      ok: false,
      message: 'Activation days before must be a whole number from 0 to 365.',
      errors: [{ path: ['activationDaysBefore'], message: 'Activation days before must be a whole number from 0 to 365.', name: 'ValidationError' }],
    });
  });

  test('several issues: "N errors occurred"', () => {
    const r = validate(settingsUpdateSchema, { activationDaysBefore: -1, autoApprove: 'yes', timezone: 'Nowhere/City' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toBe('3 errors occurred');
      expect(r.errors).toHaveLength(3);
    }
  });

  test('formats a ZodError directly; numeric path segments become strings', () => {
    const result = importInputSchema.safeParse({ debtors: [{ reference: 'x' }] });
    expect(result.success).toBe(false);
    if (result.success) return;
    const f = formatValidationError(result.error);
    expect(f).toEqual({
      message: 'Debtor name is required.',
      errors: [{ path: ['debtors', '0', 'name'], message: 'Debtor name is required.', name: 'ValidationError' }],
    });
  });

  test('unknown keys give one issue per key', () => {
    const result = settingsUpdateSchema.safeParse({ a: 1, b: 2, c: 3 });
    if (result.success) throw new Error('expected failure');
    expect(formatValidationError(result.error).errors.map((e) => e.path)).toEqual([['a'], ['b'], ['c']]);
  });

  test('validate returns the parsed value on success', () => {
    expect(validate(settingsSchema, {})).toEqual({ ok: true, value: DEFAULT_SETTINGS });
  });
});
