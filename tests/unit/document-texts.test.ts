import {
  countryName,
  documentTexts,
  documentTitle,
  fillText,
  formatDocumentDate,
  formatDocumentDecimal,
  formatDocumentMoney,
  formatDocumentPeriod,
  formatQuantity,
  formatVatRate,
  isDocumentLanguage,
} from '../../shared/document-texts';

describe('document texts', () => {
  test('English and Dutch have the same labels, none empty', () => {
    const en = documentTexts('en');
    const nl = documentTexts('nl');
    expect(Object.keys(nl).sort()).toEqual(Object.keys(en).sort());
    for (const value of [...Object.values(en), ...Object.values(nl)]) expect(value.trim()).not.toBe('');
    // the placeholders of every sentence are the same in both languages
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(nl[key])).toEqual(placeholders(en[key]));
  });

  test('the labels of the document in each language', () => {
    expect(documentTexts('en')).toMatchObject({
      invoice: 'Invoice',
      creditNote: 'Credit note',
      invoiceDate: 'Invoice date',
      dueDate: 'Due date',
      period: 'Period',
      description: 'Description',
      quantity: 'Quantity',
      unitPrice: 'Unit price',
      vat: 'VAT',
      net: 'Net',
      total: 'Total',
      paymentReference: 'Payment reference',
      vatNumber: 'VAT number',
      chamberOfCommerce: 'Chamber of Commerce',
    });
    expect(documentTexts('nl')).toMatchObject({
      invoice: 'Factuur',
      creditNote: 'Creditnota',
      invoiceDate: 'Factuurdatum',
      dueDate: 'Vervaldatum',
      period: 'Periode',
      description: 'Omschrijving',
      quantity: 'Aantal',
      unitPrice: 'Prijs per eenheid',
      vat: 'BTW',
      net: 'Netto',
      total: 'Totaal',
      paymentReference: 'Betalingskenmerk',
      vatNumber: 'Btw-nummer',
      chamberOfCommerce: 'KvK',
    });
  });

  test('documentTitle per kind and language; languages are en and nl only', () => {
    expect(documentTitle('invoice', 'en')).toBe('Invoice');
    expect(documentTitle('credit_note', 'en')).toBe('Credit note');
    expect(documentTitle('invoice', 'nl')).toBe('Factuur');
    expect(documentTitle('credit_note', 'nl')).toBe('Creditnota');
    expect(isDocumentLanguage('nl')).toBe(true);
    expect(isDocumentLanguage('de')).toBe(false);
    expect(isDocumentLanguage(undefined)).toBe(false);
    expect(() => documentTexts('de' as never)).toThrow(/Unknown document language "de"/);
  });

  test('fillText fills every placeholder and refuses a missing one', () => {
    expect(fillText(documentTexts('en').pageOf, { page: '2', pages: '3' })).toBe('Page 2 of 3');
    expect(fillText(documentTexts('nl').pageOf, { page: '2', pages: '3' })).toBe('Pagina 2 van 3');
    expect(fillText('{a}{a} {b}', { a: 'x', b: '$&' })).toBe('xx $&');
    expect(() => fillText('Pay {amount} by {dueDate}', { amount: '€1' })).toThrow('No value for {dueDate}.');
  });

  test('dates: en "31 Dec 2027", nl "31-12-2027"', () => {
    expect(formatDocumentDate('2027-12-31', 'en')).toBe('31 Dec 2027');
    expect(formatDocumentDate('2027-12-31', 'nl')).toBe('31-12-2027');
    expect(formatDocumentDate('2028-01-05', 'en')).toBe('5 Jan 2028');
    expect(formatDocumentDate('2028-01-05', 'nl')).toBe('05-01-2028');
    expect(formatDocumentDate('2028-02-29', 'en')).toBe('29 Feb 2028');
    const months = Array.from({ length: 12 }, (_, i) => formatDocumentDate(`2027-${String(i + 1).padStart(2, '0')}-01`, 'en').split(' ')[1]);
    expect(months).toEqual(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
    expect(() => formatDocumentDate('2027-02-30', 'en')).toThrow();
  });

  test('periods: the two dates with an en dash', () => {
    expect(formatDocumentPeriod('2027-12-01', '2027-12-31', 'en')).toBe('1 Dec 2027 \u2013 31 Dec 2027');
    expect(formatDocumentPeriod('2027-12-01', '2027-12-31', 'nl')).toBe('01-12-2027 \u2013 31-12-2027');
  });

  // en: symbol before the number, comma thousands, point decimals, minus before the symbol;
  // nl: symbol, space, point thousands, comma decimals, minus after the symbol; other currencies: the code.
  test.each([
    ['1234.56', 'EUR', 'en', '€1,234.56'],
    ['-1234.56', 'EUR', 'en', '-€1,234.56'],
    ['0', 'EUR', 'en', '€0.00'],
    ['-0.00', 'EUR', 'en', '€0.00'],
    ['1234567.5', 'GBP', 'en', '£1,234,567.50'],
    ['999.99', 'USD', 'en', '$999.99'],
    ['1234.5', 'CHF', 'en', 'CHF 1,234.50'],
    ['-1234.5', 'CHF', 'en', 'CHF -1,234.50'],
    ['1235', 'JPY', 'en', 'JPY 1,235'],
    ['1.25', 'KWD', 'en', 'KWD 1.250'],
    ['1234.56', 'EUR', 'nl', '€ 1.234,56'],
    ['-1234.56', 'EUR', 'nl', '€ -1.234,56'],
    ['0.5', 'EUR', 'nl', '€ 0,50'],
    ['1000000', 'EUR', 'nl', '€ 1.000.000,00'],
    ['1234.5', 'CHF', 'nl', 'CHF 1.234,50'],
    ['1235', 'JPY', 'nl', 'JPY 1.235'],
    ['-1234.125', 'KWD', 'nl', 'KWD -1.234,125'],
  ] as const)('money %s %s in %s is %s', (amount, currency, language, expected) => {
    expect(formatDocumentMoney(amount, currency, language)).toBe(expected);
  });

  test('money keeps extra decimals a unit price may have, never rounds them away', () => {
    expect(formatDocumentMoney('0.125', 'EUR', 'en')).toBe('€0.125');
    expect(formatDocumentMoney('0.12500', 'EUR', 'nl')).toBe('€ 0,125');
    expect(formatDocumentMoney('12.5', 'JPY', 'en')).toBe('JPY 12.5');
    expect(() => formatDocumentMoney('1.00', 'XYZ', 'en')).toThrow(/Unknown currency/);
    expect(() => formatDocumentMoney('1,00', 'EUR', 'en')).toThrow(/decimal string/);
  });

  test('decimals, quantities and VAT rates use the language separators and their own decimals', () => {
    expect(formatDocumentDecimal('1234567.891', 'en')).toBe('1,234,567.891');
    expect(formatDocumentDecimal('1234567.891', 'nl')).toBe('1.234.567,891');
    expect(formatDocumentDecimal('999', 'en')).toBe('999');
    expect(formatDocumentDecimal('1000', 'en')).toBe('1,000');
    expect(formatDocumentDecimal('-1000.1', 'nl', 2)).toBe('-1.000,10');
    expect(formatDocumentDecimal('007.500', 'en')).toBe('7.5');
    expect(formatQuantity('2.5', 'en')).toBe('2.5');
    expect(formatQuantity('2.5', 'nl')).toBe('2,5');
    expect(formatQuantity('1', 'nl')).toBe('1');
    expect(formatQuantity('1500', 'nl')).toBe('1.500');
    expect(formatVatRate('21', 'en')).toBe('21%');
    expect(formatVatRate('21.00', 'nl')).toBe('21%');
    expect(formatVatRate('9.5', 'en')).toBe('9.5%');
    expect(formatVatRate('9.5', 'nl')).toBe('9,5%');
    expect(formatVatRate('0', 'nl')).toBe('0%');
  });

  test('country names for the common countries, the code otherwise, nothing without a code', () => {
    expect(countryName('NL', 'en')).toBe('Netherlands');
    expect(countryName('nl', 'nl')).toBe('Nederland');
    expect(countryName('DE', 'nl')).toBe('Duitsland');
    expect(countryName('BE', 'nl')).toBe('België');
    expect(countryName('JP', 'en')).toBe('JP');
    expect(countryName('', 'en')).toBeNull();
    expect(countryName(null, 'en')).toBeNull();
  });
});
