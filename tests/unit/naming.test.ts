import {
  amountDescription,
  formatInvoiceNumber,
  formatReference,
  groupsPerContract,
  INVOICE_NAME_FORMATS,
  invoiceGroupKey,
  invoiceName,
  type InvoiceNameFormat,
  isInvoiceNameFormat,
  parseReference,
  type ReferencePrefix,
} from '../../shared';

describe('formatReference', () => {
  test.each<[ReferencePrefix, number, string]>([
    ['IRS', 1, 'IRS-000001'],
    ['IVR', 1, 'IVR-000001'],
    ['IVR', 42, 'IVR-000042'],
    ['IRS', 999999, 'IRS-999999'],
    ['IRS', 1000000, 'IRS-1000000'],
    ['IVR', 123456789, 'IVR-123456789'],
  ])('formatReference(%s, %i) = %s', (prefix, n, expected) => {
    expect(formatReference(prefix, n)).toBe(expected);
    expect(parseReference(prefix, expected)).toBe(n);
  });

  test.each([0, -1, 1.5, NaN, Infinity])('formatReference(IRS, %p) throws', (n) => {
    expect(() => formatReference('IRS', n)).toThrow();
  });

  test('formatReference refuses another prefix', () => {
    expect(() => formatReference('INV' as ReferencePrefix, 1)).toThrow();
  });

  test.each<[ReferencePrefix, string]>([
    ['IRS', 'IVR-000001'],
    ['IRS', 'IRS-00001'],
    ['IRS', 'IRS-000000'],
    ['IRS', 'irs-000001'],
    ['IRS', 'IRS000001'],
    ['IVR', ' IVR-000001'],
  ])('parseReference(%s, %p) is null', (prefix, s) => {
    expect(parseReference(prefix, s)).toBeNull();
  });
});

describe('invoice name formats', () => {
  test('the three formats', () => {
    expect(INVOICE_NAME_FORMATS).toEqual(['name_contract', 'name_contract_debtor', 'name_debtor']);
  });
  test.each([...INVOICE_NAME_FORMATS])('%s is a format', (f) => expect(isInvoiceNameFormat(f)).toBe(true));
  test.each(['name', 'contract', '', null, 'NAME_DEBTOR'])('%p is not a format', (f) => expect(isInvoiceNameFormat(f)).toBe(false));

  const parts = { invoiceName: 'Rent January', contractName: 'Unit 12B', debtorName: 'Acme B.V.' };
  test.each<[InvoiceNameFormat, string]>([
    ['name_contract', 'Rent January - Unit 12B'],
    ['name_contract_debtor', 'Rent January - Unit 12B - Acme B.V.'],
    ['name_debtor', 'Rent January - Acme B.V.'],
  ])('invoiceName(%s) = %s', (format, expected) => {
    expect(invoiceName(format, parts)).toBe(expected);
  });

  test('name_debtor does not need a contract name (grouped per debtor)', () => {
    expect(invoiceName('name_debtor', { invoiceName: 'Q1', contractName: null, debtorName: 'Jansen' })).toBe('Q1 - Jansen');
  });

  test('parts are trimmed', () => {
    expect(invoiceName('name_contract', { invoiceName: ' Rent ', contractName: ' C1 ' })).toBe('Rent - C1');
  });

  test.each<[InvoiceNameFormat, object, RegExp]>([
    ['name_contract', { invoiceName: 'X', contractName: null }, /contract name/],
    ['name_contract_debtor', { invoiceName: 'X', contractName: 'C', debtorName: '' }, /debtor name/],
    ['name_debtor', { invoiceName: 'X' }, /debtor name/],
    ['name_contract', { invoiceName: '  ', contractName: 'C' }, /invoice name/],
  ])('invoiceName(%s, %j) throws', (format, p, message) => {
    expect(() => invoiceName(format, p as never)).toThrow(message);
  });

  test('unknown format throws', () => {
    expect(() => invoiceName('x' as InvoiceNameFormat, parts)).toThrow(/Unknown invoice name format/);
    expect(() => invoiceGroupKey('x' as InvoiceNameFormat, { contractId: 1, debtorId: 1, currency: 'EUR' })).toThrow();
  });
});

describe('invoiceGroupKey', () => {
  const a = { contractId: 1, debtorId: 10, currency: 'EUR' };
  const b = { contractId: 2, debtorId: 10, currency: 'EUR' };
  const c = { contractId: 3, debtorId: 10, currency: 'USD' };
  const d = { contractId: 4, debtorId: 11, currency: 'EUR' };

  test.each<InvoiceNameFormat>(['name_contract', 'name_contract_debtor'])('%s groups per contract', (f) => {
    expect(groupsPerContract(f)).toBe(true);
    const keys = new Set([a, b, c, d].map((p) => invoiceGroupKey(f, p)));
    expect(keys.size).toBe(4);
    expect(invoiceGroupKey(f, a)).toBe(invoiceGroupKey(f, { ...a, debtorId: 99, currency: 'USD' }));
  });

  test('name_debtor groups per debtor and currency', () => {
    expect(groupsPerContract('name_debtor')).toBe(false);
    expect(invoiceGroupKey('name_debtor', a)).toBe(invoiceGroupKey('name_debtor', b));
    expect(invoiceGroupKey('name_debtor', a)).not.toBe(invoiceGroupKey('name_debtor', c));
    expect(invoiceGroupKey('name_debtor', a)).not.toBe(invoiceGroupKey('name_debtor', d));
  });

  test('numeric and string ids give the same key', () => {
    expect(invoiceGroupKey('name_contract', { contractId: 5, debtorId: 1, currency: 'EUR' })).toBe(
      invoiceGroupKey('name_contract', { contractId: '5', debtorId: '1', currency: 'EUR' }),
    );
    expect(invoiceGroupKey('name_debtor', { contractId: 5, debtorId: 7, currency: 'EUR' })).toBe(
      invoiceGroupKey('name_debtor', { contractId: '9', debtorId: '7', currency: 'EUR' }),
    );
  });

  test('contract and debtor keys never collide', () => {
    expect(invoiceGroupKey('name_contract', { contractId: 1, debtorId: 1, currency: 'EUR' })).not.toBe(
      invoiceGroupKey('name_debtor', { contractId: 1, debtorId: 1, currency: 'EUR' }),
    );
  });
});

describe('formatInvoiceNumber', () => {
  test.each([
    ['', 2026, 1, '2026-000001'],
    ['INV', 2026, 1, 'INV2026-000001'],
    ['F-', 2026, 42, 'F-2026-000042'],
    ['INV/', 2027, 999999, 'INV/2027-999999'],
    ['INV', 2027, 1000000, 'INV2027-1000000'],
  ])('formatInvoiceNumber(%p, %i, %i) = %s', (prefix, year, seq, expected) => {
    expect(formatInvoiceNumber(prefix, year, seq)).toBe(expected);
  });

  test.each([
    ['INV', 2026, 0],
    ['INV', 2026, -1],
    ['INV', 2026, 1.5],
    ['INV', 20260, 1],
    ['INV', 0, 1],
    ['INV', 2026.5, 1],
  ])('formatInvoiceNumber(%p, %p, %p) throws', (prefix, year, seq) => {
    expect(() => formatInvoiceNumber(prefix, year, seq)).toThrow();
  });
});

describe('amountDescription', () => {
  test('description, start, en dash, end', () => {
    const s = amountDescription('Rent', '2026-01-15', '2026-01-31');
    expect(s).toBe('Rent 2026-01-15 \u2013 2026-01-31');
    expect(s).toBe('Rent 2026-01-15 – 2026-01-31');
    expect(s.charCodeAt(s.indexOf('–'))).toBe(0x2013);
  });

  test('trims the description and handles an empty one', () => {
    expect(amountDescription('  Service fee ', '2026-02-01', '2026-02-28')).toBe('Service fee 2026-02-01 – 2026-02-28');
    expect(amountDescription('', '2026-02-01', '2026-02-28')).toBe('2026-02-01 – 2026-02-28');
  });
});
