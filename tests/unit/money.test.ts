import {
  compareDecimals,
  computeAmount,
  CURRENCY_MINOR_UNITS,
  decimalScale,
  DECIMAL_PATTERN,
  formatMinor,
  isDecimalString,
  isKnownCurrency,
  minorUnits,
  normalizeDecimal,
  prorateNet,
  roundHalfAwayFromZero,
  sumMinor,
  toMinor,
  UnknownCurrencyError,
  vatMinor,
} from '../../shared';

/* Independent exact oracle on BigInt rationals. */
function parseDec(s: string): { coef: bigint; scale: number } {
  const neg = s.startsWith('-');
  const [int, frac = ''] = (neg ? s.slice(1) : s).split('.');
  const coef = BigInt(int + frac);
  return { coef: neg ? -coef : coef, scale: frac.length };
}
function roundRatio(num: bigint, den: bigint): bigint {
  const neg = num < 0n !== den < 0n;
  const a = num < 0n ? -num : num;
  const b = den < 0n ? -den : den;
  let q = a / b;
  if ((a % b) * 2n >= b) q += 1n;
  return neg ? -q : q;
}
function oracleNet(unitPrice: string, quantity: string, covered: number, days: number, scale: number): bigint {
  const p = parseDec(unitPrice);
  const q = parseDec(quantity);
  const num = p.coef * q.coef * BigInt(covered) * 10n ** BigInt(scale);
  const den = 10n ** BigInt(p.scale + q.scale) * BigInt(days);
  return roundRatio(num, den);
}
function oracleVat(net: bigint, rate: string): bigint {
  const r = parseDec(rate);
  return roundRatio(net * r.coef, 100n * 10n ** BigInt(r.scale));
}

/** Deterministic PRNG (mulberry32) for the randomised comparisons. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function randomDecimal(r: () => number, intDigits: number, scale: number, allowNegative: boolean): string {
  let int = '';
  const n = 1 + Math.floor(r() * intDigits);
  for (let i = 0; i < n; i++) int += Math.floor(r() * 10);
  let frac = '';
  const s = Math.floor(r() * (scale + 1));
  for (let i = 0; i < s; i++) frac += Math.floor(r() * 10);
  const sign = allowNegative && r() < 0.3 ? '-' : '';
  return normalizeDecimal(`${sign}${int}${frac ? `.${frac}` : ''}`);
}

describe('currencies', () => {
  test('the ISO 4217 list is complete enough and well-formed', () => {
    const codes = Object.keys(CURRENCY_MINOR_UNITS);
    expect(codes.length).toBeGreaterThanOrEqual(150);
    for (const code of codes) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(CURRENCY_MINOR_UNITS[code]);
    }
    expect(Object.isFrozen(CURRENCY_MINOR_UNITS)).toBe(true);
  });

  test.each([
    ['EUR', 2],
    ['USD', 2],
    ['GBP', 2],
    ['CHF', 2],
    ['SEK', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['ISK', 0],
    ['CLP', 0],
    ['VND', 0],
    ['XOF', 0],
    ['XAF', 0],
    ['XPF', 0],
    ['UGX', 0],
    ['PYG', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['LYD', 3],
    ['IQD', 3],
    ['CLF', 4],
    ['UYW', 4],
    ['UYI', 0],
    ['XCG', 2],
    ['ZWG', 2],
    ['SLE', 2],
    ['VED', 2],
  ])('%s has %i decimals', (code, n) => {
    expect(isKnownCurrency(code)).toBe(true);
    expect(minorUnits(code)).toBe(n);
  });

  test.each(['XYZ', 'eur', 'EURO', '', 'XAU', 'XXX', 'XTS', 'HRK', 'toString', '__proto__', 'constructor'])(
    '%p is not a known currency',
    (code) => {
      expect(isKnownCurrency(code)).toBe(false);
      expect(() => minorUnits(code)).toThrow(UnknownCurrencyError);
    },
  );

  test('UnknownCurrencyError is an Error with a clear message', () => {
    try {
      minorUnits('XYZ');
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      expect(e).toBeInstanceOf(UnknownCurrencyError);
      expect((e as UnknownCurrencyError).currency).toBe('XYZ');
      expect((e as Error).message).toBe('Unknown currency "XYZ": expected an ISO 4217 currency code such as "EUR".');
    }
  });
});

describe('decimal strings', () => {
  test.each(['0', '1', '-1', '1.5', '-0.50', '1234.56', '007', '0.000001', '123456789012345678901234567890', '-0', '10.0'])(
    '%p matches the pattern',
    (s) => {
      expect(DECIMAL_PATTERN.test(s)).toBe(true);
      expect(isDecimalString(s)).toBe(true);
    },
  );

  test.each(['', '.5', '5.', '+1', '1e5', '1E-2', ' 1', '1 ', '1,5', '--1', '-', '0x10', '1.2.3', 'NaN', 'Infinity', '١٢', '1_000', '-.5', '−1'])(
    '%p is refused',
    (s) => {
      expect(DECIMAL_PATTERN.test(s)).toBe(false);
      expect(isDecimalString(s)).toBe(false);
    },
  );

  test.each([[1], [1.5], [null], [undefined], [{}], [['1']]])('non-string %p is refused', (v) => {
    expect(isDecimalString(v)).toBe(false);
  });

  test.each([
    ['1.123456', { maxScale: 6 }, true],
    ['1.1234567', { maxScale: 6 }, false],
    ['1.1234560000', { maxScale: 6 }, true], // trailing zeros do not count
    ['1', { maxScale: 0 }, true],
    ['1.0', { maxScale: 0 }, true],
    ['1.5', { maxScale: 0 }, false],
    ['999999999999999', { maxIntegerDigits: 15 }, true],
    ['1000000000000000', { maxIntegerDigits: 15 }, false],
    ['0001', { maxIntegerDigits: 1 }, true], // leading zeros do not count
    ['-12.5', { maxIntegerDigits: 2, maxScale: 1 }, true],
    ['-123.5', { maxIntegerDigits: 2, maxScale: 1 }, false],
    ['0.5', { maxIntegerDigits: 0 }, true],
  ])('isDecimalString(%p, %j) = %p', (s, opts, ok) => {
    expect(isDecimalString(s, opts)).toBe(ok);
  });

  test.each([
    ['1234.5600', '1234.56'],
    ['007', '7'],
    ['-0', '0'],
    ['-0.000', '0'],
    ['0.0', '0'],
    ['00.10', '0.1'],
    ['-007.700', '-7.7'],
    ['10', '10'],
    ['100.000', '100'],
    ['0.000001', '0.000001'],
    ['-0.5', '-0.5'],
    ['123456789012345678901234567890.100', '123456789012345678901234567890.1'],
  ])('normalizeDecimal(%p) = %p', (s, expected) => {
    expect(normalizeDecimal(s)).toBe(expected);
    expect(normalizeDecimal(expected)).toBe(expected);
  });

  test.each(['', 'abc', '1e3', '.5'])('normalizeDecimal(%p) throws', (s) => {
    expect(() => normalizeDecimal(s)).toThrow();
  });

  test.each([
    ['1.50', 1],
    ['7', 0],
    ['0.000100', 4],
    ['-3.14159', 5],
  ])('decimalScale(%p) = %i', (s, n) => {
    expect(decimalScale(s)).toBe(n);
  });

  test.each([
    ['1', '2', -1],
    ['2', '1', 1],
    ['1.0', '1', 0],
    ['-1', '0', -1],
    ['100', '100.000001', -1],
    ['0.1', '0.09999999999999999999999', 1],
  ] as const)('compareDecimals(%p, %p) = %i', (a, b, c) => {
    expect(compareDecimals(a, b)).toBe(c);
  });
});

describe('roundHalfAwayFromZero', () => {
  test.each([
    ['2.345', 2, '2.35'],
    ['-2.345', 2, '-2.35'],
    ['2.344', 2, '2.34'],
    ['-2.344', 2, '-2.34'],
    ['0.5', 0, '1'],
    ['-0.5', 0, '-1'],
    ['1.5', 0, '2'],
    ['2.5', 0, '3'],
    ['-2.5', 0, '-3'],
    ['0.125', 2, '0.13'],
    ['-0.125', 2, '-0.13'],
    ['0.0049', 2, '0.00'],
    ['-0.0049', 2, '0.00'],
    ['-0.004', 2, '0.00'],
    ['1', 2, '1.00'],
    ['1.23456789', 4, '1.2346'],
    ['9.9995', 3, '10.000'],
    ['-9.9995', 3, '-10.000'],
    ['123456789012345678901234567890.5', 0, '123456789012345678901234567891'],
    ['0.00000000000000000000000000005', 28, '0.0000000000000000000000000001'],
  ])('roundHalfAwayFromZero(%p, %i) = %p', (v, scale, expected) => {
    expect(roundHalfAwayFromZero(v, scale)).toBe(expected);
  });

  test.each([
    ['abc', 2],
    ['1', -1],
    ['1', 1.5],
  ])('roundHalfAwayFromZero(%p, %p) throws', (v, scale) => {
    expect(() => roundHalfAwayFromZero(v, scale)).toThrow();
  });
});

describe('toMinor / formatMinor', () => {
  test.each([
    ['54.84', 'EUR', 5484, '54.84'],
    ['-0.5', 'EUR', -50, '-0.50'],
    ['-0.50', 'EUR', -50, '-0.50'],
    ['0', 'EUR', 0, '0.00'],
    ['-0', 'EUR', 0, '0.00'],
    ['0.01', 'EUR', 1, '0.01'],
    ['-0.01', 'EUR', -1, '-0.01'],
    ['1234.5600', 'EUR', 123456, '1234.56'],
    ['007', 'EUR', 700, '7.00'],
    ['100', 'JPY', 100, '100'],
    ['-100', 'JPY', -100, '-100'],
    ['100.000', 'JPY', 100, '100'],
    ['1.234', 'KWD', 1234, '1.234'],
    ['-1.234', 'KWD', -1234, '-1.234'],
    ['0.001', 'BHD', 1, '0.001'],
    ['1.2345', 'CLF', 12345, '1.2345'],
    ['90071992547409.91', 'EUR', 9007199254740991, '90071992547409.91'],
    ['-90071992547409.91', 'EUR', -9007199254740991, '-90071992547409.91'],
  ])('toMinor(%p, %s) = %i and formatMinor gives %p', (dec, cur, minor, formatted) => {
    expect(toMinor(dec, cur)).toBe(minor);
    expect(Object.is(toMinor(dec, cur), -0)).toBe(false);
    expect(formatMinor(minor, cur)).toBe(formatted);
    expect(toMinor(formatMinor(minor, cur), cur)).toBe(minor);
  });

  test('formatMinor(0) never gives "-0"', () => {
    expect(formatMinor(-0, 'EUR')).toBe('0.00');
    expect(formatMinor(-0, 'JPY')).toBe('0');
  });

  test('round trips for every currency and a spread of values', () => {
    const values = [0, 1, -1, 5, -5, 99, 100, 101, -101, 123456, -987654321, 9007199254740991, -9007199254740991];
    for (const cur of Object.keys(CURRENCY_MINOR_UNITS)) {
      for (const v of values) {
        const s = formatMinor(v, cur);
        const scale = minorUnits(cur);
        expect(s).toMatch(scale === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${scale}}$`));
        expect(toMinor(s, cur)).toBe(v);
      }
    }
  });

  test.each([
    ['1.234', 'EUR', /more decimals than EUR allows \(2 decimals\)/],
    ['1.5', 'JPY', /more decimals than JPY allows \(0 decimals\)/],
    ['1.2345', 'KWD', /KWD allows \(3 decimals\)/],
    ['abc', 'EUR', /decimal string/],
    ['1e3', 'EUR', /decimal string/],
    ['90071992547409.92', 'EUR', /too large/],
  ])('toMinor(%p, %s) throws', (dec, cur, message) => {
    expect(() => toMinor(dec, cur)).toThrow(message);
  });

  test('toMinor and formatMinor refuse unknown currencies', () => {
    expect(() => toMinor('1', 'XYZ')).toThrow(UnknownCurrencyError);
    expect(() => formatMinor(1, 'XYZ')).toThrow(UnknownCurrencyError);
  });

  test.each([1.5, NaN, Infinity, 2 ** 53])('formatMinor(%p) throws', (v) => {
    expect(() => formatMinor(v, 'EUR')).toThrow(/safe integer/);
  });

  test('toMinor accepts trailing zeros beyond the currency decimals', () => {
    expect(toMinor('12.340000', 'EUR')).toBe(1234);
    expect(toMinor('12.000', 'JPY')).toBe(12);
  });
});

describe('prorateNet', () => {
  const eur = (unitPrice: string, quantity: string, coveredDays: number, periodDays: number) =>
    prorateNet({ unitPrice, quantity, coveredDays, periodDays, currency: 'EUR' });

  test('100.00 × 1 × 17/31 = 54.84 EUR', () => {
    expect(eur('100.00', '1', 17, 31)).toBe(5484);
    expect(formatMinor(eur('100.00', '1', 17, 31), 'EUR')).toBe('54.84');
  });

  test.each([
    ['100.00', '1', 31],
    ['33.33', '3', 30],
    ['0.01', '1', 28],
    ['1234.56', '2.5', 365],
    ['-49.99', '1', 7],
    ['19.99', '0.333333', 90],
    ['123456789.123456', '1000', 366],
  ])('a fully covered period gives exactly unitPrice × quantity: %s × %s', (p, q, days) => {
    const expected = roundHalfAwayFromZero(
      // unitPrice × quantity as an exact decimal, then rounded to cents
      (() => {
        const a = parseDec(p);
        const b = parseDec(q);
        const prod = a.coef * b.coef;
        const scale = a.scale + b.scale;
        const neg = prod < 0n;
        const digits = (neg ? -prod : prod).toString().padStart(scale + 1, '0');
        return `${neg ? '-' : ''}${digits.slice(0, digits.length - scale)}${scale ? `.${digits.slice(digits.length - scale)}` : ''}`;
      })(),
      2,
    );
    expect(formatMinor(eur(p, q, days, days), 'EUR')).toBe(expected);
  });

  test.each([
    // [unitPrice, quantity, covered, days, expected minor]
    ['1.00', '1', 1, 8, 13], // 0.125 → 0.13 (tie, away from zero)
    ['-1.00', '1', 1, 8, -13], // −0.125 → −0.13
    ['0.005', '1', 1, 1, 1], // 0.005 → 0.01
    ['-0.005', '1', 1, 1, -1],
    ['0.015', '1', 1, 1, 2],
    ['-0.015', '1', 1, 1, -2],
    ['0.025', '1', 1, 1, 3], // not banker's rounding
    ['-0.025', '1', 1, 1, -3],
    ['0.0049999', '1', 1, 1, 0],
    ['-0.0049999', '1', 1, 1, 0],
    ['1.00', '1', 1, 3, 33], // 0.3333… → 0.33
    ['2.00', '1', 1, 3, 67], // 0.6666… → 0.67
    ['-2.00', '1', 1, 3, -67],
    ['100', '1', 0, 31, 0],
    ['-100', '1', 0, 31, 0],
    ['0.10', '0.05', 1, 1, 1], // 0.005 → 0.01
    ['10', '0.0005', 1, 1, 1], // 0.005
    ['100.00', '1', 14, 28, 5000],
    ['100.00', '1', 1, 365, 27], // 0.27397…
    ['100.00', '1', 1, 366, 27], // 0.27322…
    ['1200', '1', 15, 31, 58065], // 580.645161… → 580.65
  ])('%s × %s × %i/%i = %i minor', (p, q, c, d, expected) => {
    expect(eur(p, q, c, d)).toBe(expected);
    expect(Object.is(eur(p, q, c, d), -0)).toBe(false);
  });

  test('negative amounts round symmetrically', () => {
    const r = rng(42);
    for (let i = 0; i < 2000; i++) {
      const p = randomDecimal(r, 6, 6, false);
      const q = randomDecimal(r, 3, 6, false);
      const d = 1 + Math.floor(r() * 366);
      const c = Math.floor(r() * (d + 1));
      const pos = eur(p, q, c, d);
      const neg = eur(p === '0' ? '0' : `-${p}`, q, c, d);
      expect(neg + pos).toBe(0);
    }
  });

  test('exact ties at .5 minor units round away from zero in both directions', () => {
    // unitPrice = (2k + 1) / 2 cents, so every value is a tie
    for (let k = 0; k < 200; k++) {
      const halfCents = `${(2 * k + 1) * 5}`.padStart(4, '0');
      const p = `${halfCents.slice(0, -3)}.${halfCents.slice(-3)}`;
      expect(eur(p, '1', 7, 7)).toBe(k + 1);
      expect(eur(`-${p}`, '1', 7, 7)).toBe(-(k + 1));
    }
  });

  test('JPY rounds to whole yen', () => {
    expect(prorateNet({ unitPrice: '1000', quantity: '1', coveredDays: 17, periodDays: 31, currency: 'JPY' })).toBe(548);
    expect(prorateNet({ unitPrice: '1000', quantity: '1', coveredDays: 31, periodDays: 31, currency: 'JPY' })).toBe(1000);
    expect(prorateNet({ unitPrice: '0.5', quantity: '1', coveredDays: 1, periodDays: 1, currency: 'JPY' })).toBe(1);
    expect(prorateNet({ unitPrice: '-0.5', quantity: '1', coveredDays: 1, periodDays: 1, currency: 'JPY' })).toBe(-1);
    expect(prorateNet({ unitPrice: '2500', quantity: '3', coveredDays: 10, periodDays: 30, currency: 'JPY' })).toBe(2500);
  });

  test('KWD rounds to fils (3 decimals)', () => {
    expect(prorateNet({ unitPrice: '10.000', quantity: '1', coveredDays: 1, periodDays: 3, currency: 'KWD' })).toBe(3333);
    expect(prorateNet({ unitPrice: '100', quantity: '1', coveredDays: 17, periodDays: 31, currency: 'KWD' })).toBe(54839);
    expect(prorateNet({ unitPrice: '0.0005', quantity: '1', coveredDays: 1, periodDays: 1, currency: 'KWD' })).toBe(1);
    expect(prorateNet({ unitPrice: '-0.0005', quantity: '1', coveredDays: 1, periodDays: 1, currency: 'KWD' })).toBe(-1);
  });

  test('large values are exact', () => {
    expect(eur('123456789.123456', '1000', 31, 31)).toBe(12345678912346);
    expect(eur('123456789.123456', '1000', 17, 31)).toBe(Number(oracleNet('123456789.123456', '1000', 17, 31, 2)));
    expect(eur('123456789.123456', '1000', 17, 31)).toBe(6770211016448);
    expect(eur('999999999999.999999', '9', 1, 1)).toBe(900000000000000);
    expect(eur('-123456789.123456', '1000.123456', 29, 366)).toBe(Number(oracleNet('-123456789.123456', '1000.123456', 29, 366, 2)));
  });

  test('agrees with an exact BigInt oracle on 5000 random inputs, all currencies scales', () => {
    const r = rng(2026);
    const currencies = ['EUR', 'JPY', 'KWD', 'CLF'];
    for (let i = 0; i < 5000; i++) {
      const currency = currencies[i % currencies.length];
      const p = randomDecimal(r, 7, 6, true);
      const q = randomDecimal(r, 3, 6, false);
      const d = 1 + Math.floor(r() * 366);
      const c = Math.floor(r() * (d + 1));
      const expected = Number(oracleNet(p, q, c, d, minorUnits(currency)));
      const got = prorateNet({ unitPrice: p, quantity: q, coveredDays: c, periodDays: d, currency });
      if (got !== expected) throw new Error(`${p} × ${q} × ${c}/${d} ${currency}: got ${got}, expected ${expected}`);
    }
    expect(true).toBe(true);
  });

  test.each([
    [{ coveredDays: -1, periodDays: 31 }, /Covered days/],
    [{ coveredDays: 32, periodDays: 31 }, /Covered days/],
    [{ coveredDays: 1.5, periodDays: 31 }, /Covered days/],
    [{ coveredDays: 0, periodDays: 0 }, /Period days/],
    [{ coveredDays: 1, periodDays: 1.5 }, /Period days/],
    [{ coveredDays: 1, periodDays: NaN }, /Period days/],
  ])('refuses %j', (days, message) => {
    expect(() => prorateNet({ unitPrice: '1', quantity: '1', currency: 'EUR', ...days })).toThrow(message);
  });

  test.each([
    [{ unitPrice: '1e3' }, /Unit price/],
    [{ unitPrice: '' }, /Unit price/],
    [{ quantity: '1,5' }, /Quantity/],
    [{ quantity: 1 as unknown as string }, /Quantity/],
  ])('refuses bad decimals %j', (bad, message) => {
    expect(() => prorateNet({ unitPrice: '1', quantity: '1', coveredDays: 1, periodDays: 1, currency: 'EUR', ...bad })).toThrow(message);
  });

  test('refuses an unknown currency', () => {
    expect(() => prorateNet({ unitPrice: '1', quantity: '1', coveredDays: 1, periodDays: 1, currency: 'XYZ' })).toThrow(UnknownCurrencyError);
  });

  test('refuses a result beyond safe integers', () => {
    expect(() => eur('999999999999999', '999999999999999', 1, 1)).toThrow(/too large/);
  });
});

describe('vatMinor', () => {
  test.each([
    [5484, '21', 1152], // 11.5164 → 11.52
    [5484, '9', 494], // 4.9356 → 4.94
    [5484, '0', 0],
    [10000, '21', 2100],
    [50, '21', 11], // 10.5 → 11 (tie)
    [-50, '21', -11],
    [1, '50', 1], // 0.5 → 1
    [-1, '50', -1],
    [3, '50', 2], // 1.5 → 2
    [-3, '50', -2],
    [1, '49.999999', 0],
    [100, '5.5', 6], // 5.5 → 6
    [-100, '5.5', -6],
    [12345, '20', 2469],
    [9007199254740, '21', 1891511843495], // 1891511843495.4
    [0, '21', 0],
    [-5484, '21', -1152],
    [100, '100', 100],
  ])('vat of %i at %s%% is %i', (net, rate, expected) => {
    expect(vatMinor(net, rate, 'EUR')).toBe(expected);
    expect(Object.is(vatMinor(net, rate, 'EUR'), -0)).toBe(false);
  });

  test('agrees with the BigInt oracle on random inputs, symmetric for negatives', () => {
    const r = rng(7);
    for (let i = 0; i < 3000; i++) {
      const net = Math.floor(r() * 1e12) * (r() < 0.5 ? -1 : 1);
      const rate = randomDecimal(r, 2, 4, false);
      const expected = Number(oracleVat(BigInt(net), rate));
      expect(vatMinor(net, rate, 'EUR')).toBe(expected);
      expect(vatMinor(-net, rate, 'EUR') + expected).toBe(0);
    }
  });

  test.each([
    [1.5, '21', /Net amount/],
    [NaN, '21', /Net amount/],
    [100, '21%', /VAT rate/],
    [100, '', /VAT rate/],
  ])('vatMinor(%p, %p) throws', (net, rate, message) => {
    expect(() => vatMinor(net, rate, 'EUR')).toThrow(message);
  });

  test('refuses an unknown currency', () => {
    expect(() => vatMinor(100, '21', 'ABC')).toThrow(UnknownCurrencyError);
  });
});

describe('computeAmount', () => {
  test('100.00 × 1 × 17/31 with 21% VAT = 54.84 + 11.52 = 66.36', () => {
    const a = computeAmount({ unitPrice: '100.00', quantity: '1', vatRate: '21', coveredDays: 17, periodDays: 31, currency: 'EUR' });
    expect(a).toEqual({ net: 5484, vat: 1152, gross: 6636 });
    expect([a.net, a.vat, a.gross].map((v) => formatMinor(v, 'EUR'))).toEqual(['54.84', '11.52', '66.36']);
  });

  test.each([
    [{ unitPrice: '-100.00', quantity: '1', vatRate: '21', coveredDays: 17, periodDays: 31, currency: 'EUR' }, { net: -5484, vat: -1152, gross: -6636 }],
    [{ unitPrice: '1000', quantity: '2', vatRate: '10', coveredDays: 30, periodDays: 30, currency: 'JPY' }, { net: 2000, vat: 200, gross: 2200 }],
    [{ unitPrice: '12.345', quantity: '1', vatRate: '5', coveredDays: 1, periodDays: 1, currency: 'KWD' }, { net: 12345, vat: 617, gross: 12962 }],
    [{ unitPrice: '19.99', quantity: '3', vatRate: '9', coveredDays: 90, periodDays: 90, currency: 'EUR' }, { net: 5997, vat: 540, gross: 6537 }],
    [{ unitPrice: '0', quantity: '5', vatRate: '21', coveredDays: 3, periodDays: 7, currency: 'EUR' }, { net: 0, vat: 0, gross: 0 }],
  ])('computeAmount(%j) = %j', (input, expected) => {
    expect(computeAmount(input)).toEqual(expected);
  });

  test('VAT is computed on the rounded net, per line', () => {
    // net 0.125 → 0.13; vat on 13 cents at 50% = 6.5 → 7 (not 0.0625 → 0.06)
    expect(computeAmount({ unitPrice: '1', quantity: '1', vatRate: '50', coveredDays: 1, periodDays: 8, currency: 'EUR' })).toEqual({
      net: 13,
      vat: 7,
      gross: 20,
    });
  });
});

describe('sumMinor', () => {
  test.each([
    [[], 0],
    [[1, 2, 3], 6],
    [[5484, 1152], 6636],
    [[-50, 50], 0],
    [[Number.MAX_SAFE_INTEGER], Number.MAX_SAFE_INTEGER],
    [[Number.MAX_SAFE_INTEGER, -1, 1], Number.MAX_SAFE_INTEGER],
  ])('sumMinor(%j) = %i', (values, expected) => {
    expect(sumMinor(values)).toBe(expected);
  });

  test.each([[[Number.MAX_SAFE_INTEGER, 1]], [[1.5]], [[NaN]], [[Infinity]], [[-Number.MAX_SAFE_INTEGER, -1]]])('sumMinor(%j) throws', (values) => {
    expect(() => sumMinor(values)).toThrow(/safe integer/);
  });

  test('never returns -0', () => {
    expect(Object.is(sumMinor([-0]), -0)).toBe(false);
  });
});
