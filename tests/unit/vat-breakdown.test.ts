import { vatBreakdown } from '../../shared/vat-breakdown';

const line = (vatRate: string, net: string, vat: string) => ({ vatRate, net, vat });

describe('vatBreakdown', () => {
  test('groups the lines per rate, sorted by rate numerically, with taxable net, VAT, gross and line count', () => {
    const b = vatBreakdown(
      [line('21', '100.00', '21.00'), line('9', '50.00', '4.50'), line('21', '0.10', '0.02'), line('0', '250.00', '0.00'), line('10', '1.00', '0.10')],
      'EUR',
    );
    expect(b.rows).toEqual([
      { vatRate: '0', lines: 1, net: '250.00', vat: '0.00', gross: '250.00' },
      { vatRate: '9', lines: 1, net: '50.00', vat: '4.50', gross: '54.50' },
      { vatRate: '10', lines: 1, net: '1.00', vat: '0.10', gross: '1.10' },
      { vatRate: '21', lines: 2, net: '100.10', vat: '21.02', gross: '121.12' },
    ]);
    expect(b.totals).toEqual({ net: '401.10', vat: '25.62', gross: '426.72' });
  });

  test("a rate's VAT is the sum of its lines' rounded VAT, not the rate applied to the rate's total", () => {
    // three lines of 0.03 at 21 %: each line's VAT 0.0063 rounds to 0.01 (sum 0.03), while 21 % of the
    // rate's net 0.09 would be 0.0189 → 0.02.
    const b = vatBreakdown([line('21', '0.03', '0.01'), line('21', '0.03', '0.01'), line('21', '0.03', '0.01')], 'EUR');
    expect(b.rows).toEqual([{ vatRate: '21', lines: 3, net: '0.09', vat: '0.03', gross: '0.12' }]);
    expect(b.totals).toEqual({ net: '0.09', vat: '0.03', gross: '0.12' });
  });

  test('equal rates written differently are one rate ("21", "21.0", "021.00"); fractional rates sort between', () => {
    const b = vatBreakdown([line('21.0', '10.00', '2.10'), line('021.00', '20.00', '4.20'), line('9.5', '10.00', '0.95'), line('21', '1.00', '0.21')], 'EUR');
    expect(b.rows.map((r) => [r.vatRate, r.lines, r.net, r.vat])).toEqual([
      ['9.5', 1, '10.00', '0.95'],
      ['21', 3, '31.00', '6.51'],
    ]);
  });

  test('amounts carry the currency decimals: JPY 0, KWD 3, EUR 2 (always padded)', () => {
    expect(vatBreakdown([line('10', '1000', '100'), line('8', '1235', '99')], 'JPY')).toEqual({
      rows: [
        { vatRate: '8', lines: 1, net: '1235', vat: '99', gross: '1334' },
        { vatRate: '10', lines: 1, net: '1000', vat: '100', gross: '1100' },
      ],
      totals: { net: '2235', vat: '199', gross: '2434' },
    });
    expect(vatBreakdown([line('5', '1.25', '0.063'), line('5', '2', '0.1')], 'KWD')).toEqual({
      rows: [{ vatRate: '5', lines: 2, net: '3.250', vat: '0.163', gross: '3.413' }],
      totals: { net: '3.250', vat: '0.163', gross: '3.413' },
    });
    expect(vatBreakdown([line('21', '5', '1.05')], 'EUR').rows[0]).toEqual({ vatRate: '21', lines: 1, net: '5.00', vat: '1.05', gross: '6.05' });
  });

  test('credit notes: negative lines give negative sums; mixed signs net out exactly', () => {
    const b = vatBreakdown([line('21', '-1234.56', '-259.26'), line('21', '1000.00', '210.00'), line('0', '-0.01', '0.00')], 'EUR');
    expect(b.rows).toEqual([
      { vatRate: '0', lines: 1, net: '-0.01', vat: '0.00', gross: '-0.01' },
      { vatRate: '21', lines: 2, net: '-234.56', vat: '-49.26', gross: '-283.82' },
    ]);
    expect(b.totals).toEqual({ net: '-234.57', vat: '-49.26', gross: '-283.83' });
  });

  test('a rate whose lines cancel out shows zero without a minus sign', () => {
    const b = vatBreakdown([line('21', '-10.00', '-2.10'), line('21', '10.00', '2.10')], 'EUR');
    expect(b.rows).toEqual([{ vatRate: '21', lines: 2, net: '0.00', vat: '0.00', gross: '0.00' }]);
    expect(b.totals).toEqual({ net: '0.00', vat: '0.00', gross: '0.00' });
  });

  test('no lines: no rows and zero totals in the currency', () => {
    expect(vatBreakdown([], 'EUR')).toEqual({ rows: [], totals: { net: '0.00', vat: '0.00', gross: '0.00' } });
    expect(vatBreakdown([], 'JPY').totals).toEqual({ net: '0', vat: '0', gross: '0' });
  });

  test('large totals stay exact (no float): many lines of 99,999,999.99', () => {
    const lines = Array.from({ length: 1000 }, () => line('21', '99999999.99', '20999999.99'));
    expect(vatBreakdown(lines, 'EUR').totals).toEqual({ net: '99999999990.00', vat: '20999999990.00', gross: '120999999980.00' });
  });

  test('refuses an unknown currency, a non-decimal value and more decimals than the currency has', () => {
    expect(() => vatBreakdown([line('21', '1.00', '0.21')], 'XYZ')).toThrow(/Unknown currency "XYZ"/);
    expect(() => vatBreakdown([line('21', '1.005', '0.21')], 'EUR')).toThrow(/more decimals than EUR allows/);
    expect(() => vatBreakdown([line('21', '1', '0.5')], 'JPY')).toThrow(/more decimals than JPY allows/);
    expect(() => vatBreakdown([line('21', '1e3', '0.21')], 'EUR')).toThrow(/decimal string/);
    expect(() => vatBreakdown([line('abc', '1.00', '0.21')], 'EUR')).toThrow(/decimal string/);
    expect(() => vatBreakdown([line('21', '1.00', '0.1234')], 'KWD')).toThrow(/more decimals than KWD allows/);
  });
});
