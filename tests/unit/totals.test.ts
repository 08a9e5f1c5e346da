import { emptyTotals, toRunTotals } from '../../shared/totals';

describe('toRunTotals', () => {
  test('no amounts gives zero totals without a currency', () => {
    expect(toRunTotals([], 3)).toEqual({ amounts: 0, net: '0', vat: '0', gross: '0', invoices: 3, currency: null, byCurrency: [] });
    expect(emptyTotals()).toEqual(toRunTotals([], 0));
  });

  test('one currency: the figures are that currency with its decimals', () => {
    const t = toRunTotals([{ currency: 'EUR', amounts: 2, net: 12606, vat: 2647, gross: 15253 }], 1);
    expect(t).toEqual({
      amounts: 2,
      net: '126.06',
      vat: '26.47',
      gross: '152.53',
      invoices: 1,
      currency: 'EUR',
      byCurrency: [{ currency: 'EUR', amounts: 2, net: '126.06', vat: '26.47', gross: '152.53' }],
    });
  });

  test('minor units follow ISO 4217 (JPY 0, KWD 3 decimals) and negative totals stay exact', () => {
    const t = toRunTotals(
      [
        { currency: 'KWD', amounts: 1, net: 1250, vat: 0, gross: 1250 },
        { currency: 'JPY', amounts: 3, net: -1200, vat: -120, gross: -1320 },
      ],
      0,
    );
    expect(t.currency).toBeNull();
    expect(t.amounts).toBe(4);
    expect(t.byCurrency).toEqual([
      { currency: 'JPY', amounts: 3, net: '-1200', vat: '-120', gross: '-1320' },
      { currency: 'KWD', amounts: 1, net: '1.250', vat: '0.000', gross: '1.250' },
    ]);
    expect(t.net).toBe('-1198.75');
    expect(t.gross).toBe('-1318.75');
  });

  test('large sums are exact (no floating point)', () => {
    const t = toRunTotals([{ currency: 'EUR', amounts: 100000, net: 900719925474099, vat: 1, gross: 900719925474100 }], 0);
    expect(t.net).toBe('9007199254740.99');
    expect(t.gross).toBe('9007199254741.00');
  });
});
