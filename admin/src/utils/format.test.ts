import { describe, expect, it } from '@jest/globals';
import { createIntl } from 'react-intl';

import { formatCalendarDate, formatDecimal, formatMoney, formatPeriod } from './format';

const en = createIntl({ locale: 'en-GB', messages: {} });
const nl = createIntl({ locale: 'nl-NL', messages: {} });

describe('formatMoney: exact decimal strings, never floats', () => {
  it.each<[typeof en, string, string, string]>([
    [en, '54.84', 'EUR', 'EUR 54.84'],
    [nl, '54.84', 'EUR', 'EUR 54,84'],
    [en, '-25.00', 'EUR', '-EUR 25.00'],
    [en, '1200', 'JPY', 'JPY 1,200'],
    [en, '1.250', 'KWD', 'KWD 1.250'],
    // 2^53 + 1 cents: a float would print …992.00
    [en, '90071992547409.93', 'EUR', 'EUR 90,071,992,547,409.93'],
    [nl, '12345678901234567.89', 'EUR', 'EUR 12.345.678.901.234.567,89'],
  ])('%#: %s %s', (intl, value, currency, expected) => {
    expect(formatMoney(intl, value, currency).replace(/\u00a0/g, ' ')).toBe(expected);
  });

  it('a mixed-currency sum (no currency) keeps every decimal', () => {
    expect(formatMoney(en, '0.10000000000000000555', null)).toBe('0.10000000000000000555');
  });

  it('an unknown currency code falls back to the plain value', () => {
    expect(formatMoney(en, '1.00', 'not-a-code')).toBe('not-a-code 1.00');
  });
});

describe('formatDecimal', () => {
  it('formats quantities and VAT rates exactly', () => {
    expect(formatDecimal(en, '21')).toBe('21');
    expect(formatDecimal(nl, '0.125')).toBe('0,125');
    expect(formatDecimal(en, '1234567.000001')).toBe('1,234,567.000001');
  });
});

describe('calendar dates are shown as the date itself', () => {
  it('is not shifted by the browser time zone', () => {
    expect(formatCalendarDate(en, '2024-02-29')).toBe('29 Feb 2024');
    expect(formatCalendarDate(en, '2026-01-01')).toBe('1 Jan 2026');
    expect(formatCalendarDate(nl, '2026-12-31')).toBe('31 dec 2026');
    expect(formatCalendarDate(en, null)).toBe('');
  });

  it('formats a period', () => {
    expect(formatPeriod(en, '2026-01-01', '2026-01-31')).toBe('1 Jan 2026 – 31 Jan 2026');
  });
});
