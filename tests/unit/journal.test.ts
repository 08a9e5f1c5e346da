import {
  JOURNAL_COLUMNS,
  journalFilename,
  journalHeader,
  journalLedgerAccount,
  journalQuerySchema,
  journalRow,
  journalVatCategory,
  previousCalendarMonth,
  type JournalLine,
} from '../../shared/journal';
import { validate } from '../../shared/validation';
import { parseCsv, parseCsvFields } from '../helpers/csv';

const line = (patch: Partial<JournalLine> = {}): JournalLine => ({
  date: '2026-03-01',
  documentType: 'invoice',
  number: 'INV-2026-000001',
  creditedInvoiceNumber: null,
  debtorReference: 'DEB-1',
  debtorName: 'Bakkerij Zon',
  ledgerAccount: '8000',
  vatRate: '21',
  vatCategory: 'S',
  net: 100000,
  vat: 21000,
  gross: 121000,
  currency: 'EUR',
  description: 'Rent March 2026',
  periodStart: '2026-03-01',
  periodEnd: '2026-03-31',
  ...patch,
});

const cells = (row: string) => parseCsvFields(row)[0];

describe('journal CSV rows (DESIGN §14, §18)', () => {
  test('the header names every column once, in order', () => {
    expect(parseCsv(journalHeader())).toEqual([[...JOURNAL_COLUMNS]]);
    expect(new Set(JOURNAL_COLUMNS).size).toBe(JOURNAL_COLUMNS.length);
    expect(JOURNAL_COLUMNS).toEqual([
      'date', 'document_type', 'number', 'credited_invoice_number', 'debtor_reference', 'debtor_name', 'ledger_account',
      'vat_rate', 'vat_category', 'net', 'vat', 'gross', 'currency', 'description', 'period_start', 'period_end',
    ]);
  });

  test('an invoice line: one CRLF-terminated row, text quoted, money, rate and dates plain', () => {
    const row = journalRow(line());
    expect(row.endsWith('\r\n')).toBe(true);
    expect(row).toBe(
      '2026-03-01,"invoice","INV-2026-000001","","DEB-1","Bakkerij Zon","8000",21,"S",1000.00,210.00,1210.00,"EUR","Rent March 2026",2026-03-01,2026-03-31\r\n',
    );
    expect(cells(row)).toHaveLength(JOURNAL_COLUMNS.length);
  });

  test("a credit note line: negative money stays a plain number (not text, not neutralised), with the credited invoice's number", () => {
    const row = journalRow(line({ documentType: 'credit_note', number: 'CN-2026-000001', creditedInvoiceNumber: 'INV-2026-000001', net: -100000, vat: -21000, gross: -121000 }));
    const f = cells(row);
    const at = (c: (typeof JOURNAL_COLUMNS)[number]) => f[JOURNAL_COLUMNS.indexOf(c)];
    expect(at('document_type')).toEqual({ value: 'credit_note', quoted: true });
    expect(at('credited_invoice_number')).toEqual({ value: 'INV-2026-000001', quoted: true });
    expect(at('net')).toEqual({ value: '-1000.00', quoted: false });
    expect(at('vat')).toEqual({ value: '-210.00', quoted: false });
    expect(at('gross')).toEqual({ value: '-1210.00', quoted: false });
  });

  test.each(['=HYPERLINK("http://x")', '+31 20 123', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'])('a debtor reference starting with %j is neutralised', (ref) => {
    const f = cells(journalRow(line({ debtorReference: ref, debtorName: ref, description: ref })));
    for (const c of ['debtor_reference', 'debtor_name', 'description'] as const) {
      expect(f[JOURNAL_COLUMNS.indexOf(c)]).toEqual({ value: `'${ref}`, quoted: true });
    }
  });

  test('quotes, commas and line breaks stay inside their field (RFC 4180)', () => {
    const f = cells(journalRow(line({ debtorName: 'Smith, "John"\r\nLtd', description: 'a,b' })));
    expect(f).toHaveLength(JOURNAL_COLUMNS.length);
    expect(f[JOURNAL_COLUMNS.indexOf('debtor_name')].value).toBe('Smith, "John"\r\nLtd');
    expect(f[JOURNAL_COLUMNS.indexOf('description')].value).toBe('a,b');
  });

  test("money in the currency's minor units: JPY without decimals, KWD with three", () => {
    const jpy = cells(journalRow(line({ currency: 'JPY', net: 1000, vat: 100, gross: 1100 })));
    expect(jpy.slice(9, 12).map((c) => c.value)).toEqual(['1000', '100', '1100']);
    const kwd = cells(journalRow(line({ currency: 'KWD', net: -1500, vat: 0, gross: -1500 })));
    expect(kwd.slice(9, 12).map((c) => c.value)).toEqual(['-1.500', '0.000', '-1.500']);
  });

  test('a fractional VAT rate is written plain', () => {
    expect(cells(journalRow(line({ vatRate: '9.5' })))[JOURNAL_COLUMNS.indexOf('vat_rate')]).toEqual({ value: '9.5', quoted: false });
  });

  test('the file name carries the period', () => {
    expect(journalFilename('2026-01-01', '2026-01-31')).toBe('journal-2026-01-01-2026-01-31.csv');
  });
});

describe('ledger account and VAT category of a line', () => {
  test("the category's ledger account, else the settings' default", () => {
    expect(journalLedgerAccount('8100', '8000')).toBe('8100');
    expect(journalLedgerAccount(' 8100 ', '8000')).toBe('8100');
    expect(journalLedgerAccount(null, '8000')).toBe('8000');
    expect(journalLedgerAccount(undefined, '8000')).toBe('8000');
    expect(journalLedgerAccount('', '8000')).toBe('8000');
    expect(journalLedgerAccount('   ', '8000')).toBe('8000');
  });

  test("above 0% always S; at 0% the document's stored category, else Z", () => {
    expect(journalVatCategory('21', 'E')).toBe('S');
    expect(journalVatCategory('9.000000', null)).toBe('S');
    expect(journalVatCategory('0', 'E')).toBe('E');
    expect(journalVatCategory('0.00', 'AE')).toBe('AE');
    expect(journalVatCategory('0', null)).toBe('Z');
    expect(journalVatCategory('0', '')).toBe('Z');
    expect(journalVatCategory('0', 'nonsense')).toBe('Z');
  });
});

describe('the query of GET /exports/journal', () => {
  const paths = (query: unknown) => {
    const r = validate(journalQuerySchema, query);
    return r.ok ? [] : r.errors.map((e) => e.path.join('.'));
  };

  test('a period, one day, and other parameters (ignored, like the lists)', () => {
    expect(validate(journalQuerySchema, { from: '2026-01-01', to: '2026-01-31' })).toEqual({ ok: true, value: { from: '2026-01-01', to: '2026-01-31' } });
    expect(paths({ from: '2026-02-28', to: '2026-02-28' })).toEqual([]);
    expect(paths({ from: '2026-01-01', to: '2026-01-31', page: '2' })).toEqual([]);
  });

  test.each([
    [{}, ['from', 'to']],
    [{ to: '2026-01-31' }, ['from']],
    [{ from: '2026-01-01' }, ['to']],
    [{ from: '2026-02-30', to: '2026-03-31' }, ['from']],
    [{ from: '2026-01-01', to: '31-01-2026' }, ['to']],
    [{ from: '2026-1-1', to: '2026-01-31' }, ['from']],
    [{ from: ['2026-01-01', '2026-01-02'], to: '2026-01-31' }, ['from']],
    [{ from: { $gt: '2026-01-01' }, to: '2026-01-31' }, ['from']],
    [{ from: '2026-02-01', to: '2026-01-31' }, ['to']],
  ])('%j is refused on %j', (query, expected) => {
    expect(paths(query)).toEqual(expected);
  });

  test('from after to: a sentence on field to', () => {
    const r = validate(journalQuerySchema, { from: '2026-02-01', to: '2026-01-31' });
    expect(r).toMatchObject({ ok: false, errors: [{ path: ['to'], message: 'To (2026-01-31) must be on or after from (2026-02-01).' }] });
  });

  test('a missing date says it is required', () => {
    const r = validate(journalQuerySchema, { to: '2026-01-31' });
    expect(r).toMatchObject({ ok: false, errors: [{ path: ['from'], message: 'From is required.' }] });
  });
});

describe('the default period of the export dialog', () => {
  test.each([
    ['2026-03-15', '2026-02-01', '2026-02-28'],
    ['2024-03-01', '2024-02-01', '2024-02-29'],
    ['2026-01-31', '2025-12-01', '2025-12-31'],
    ['2026-12-31', '2026-11-01', '2026-11-30'],
  ])('on %s: the previous calendar month %s to %s', (today, from, to) => {
    expect(previousCalendarMonth(today)).toEqual({ from, to });
  });
});
