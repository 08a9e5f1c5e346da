import {
  addDays,
  addMonths,
  compareDates,
  daysInclusive,
  daysInMonth,
  diffDays,
  fromDayNumber,
  isCalendarDate,
  isLeapYear,
  isValidTimeZone,
  maxDate,
  minDate,
  overlapPeriod,
  parseCalendarDate,
  toCalendarDate,
  toDayNumber,
  todayIn,
} from '../../shared';

/** Test oracle only: UTC milliseconds are exact integers, no local time involved. */
function utcDayNumber(y: number, m: number, d: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return Math.round(t.getTime() / 86_400_000);
}

describe('isCalendarDate', () => {
  test.each([
    '2026-01-01',
    '2024-02-29',
    '2000-02-29',
    '1900-01-01',
    '2999-12-31',
    '2026-12-31',
    '2026-04-30',
  ])('%s is a calendar date', (d) => {
    expect(isCalendarDate(d)).toBe(true);
  });

  test.each([
    ['2026-02-30', 'Feb 30 does not exist'],
    ['2025-02-29', 'not a leap year'],
    ['1900-02-29', '1900 is not a leap year'],
    ['2100-02-29', '2100 is not a leap year'],
    ['2026-04-31', 'April has 30 days'],
    ['2026-13-01', 'month 13'],
    ['2026-00-10', 'month 0'],
    ['2026-01-00', 'day 0'],
    ['2026-01-32', 'day 32'],
    ['1899-12-31', 'before 1900'],
    ['3000-01-01', 'after 2999'],
    ['2026-1-01', 'month not padded'],
    ['2026-01-1', 'day not padded'],
    ['26-01-01', 'two-digit year'],
    ['2026/01/01', 'slashes'],
    ['2026-01-01T00:00:00Z', 'a timestamp'],
    [' 2026-01-01', 'leading space'],
    ['2026-01-01 ', 'trailing space'],
    ['', 'empty'],
    ['20260101', 'no dashes'],
    ['+2026-01-01', 'signed year'],
    ['２０２６-01-01', 'full-width digits'],
  ])('%s is refused (%s)', (d) => {
    expect(isCalendarDate(d)).toBe(false);
  });

  test.each([[null], [undefined], [20260101], [new Date('2026-01-01T00:00:00Z')], [{}], [['2026-01-01']]])(
    'non-string %p is refused',
    (v) => {
      expect(isCalendarDate(v)).toBe(false);
    },
  );
});

describe('parseCalendarDate / toCalendarDate', () => {
  test.each([
    ['2026-01-31', 2026, 1, 31],
    ['2024-02-29', 2024, 2, 29],
    ['1900-01-01', 1900, 1, 1],
    ['2999-12-31', 2999, 12, 31],
    ['0001-01-01', 1, 1, 1],
  ])('%s ⇄ %i-%i-%i', (s, year, month, day) => {
    expect(parseCalendarDate(s)).toEqual({ year, month, day });
    expect(toCalendarDate(year, month, day)).toBe(s);
  });

  test.each(['2026-02-30', '2025-02-29', 'x', '', '2026-1-1', '0000-01-01'])('parseCalendarDate(%p) throws', (s) => {
    expect(() => parseCalendarDate(s)).toThrow(Error);
  });

  test.each([
    [2026, 2, 30],
    [2026, 13, 1],
    [2026, 0, 1],
    [2026, 1, 0],
    [2026, 1.5, 1],
    [0, 1, 1],
    [10000, 1, 1],
  ])('toCalendarDate(%i, %i, %i) throws', (y, m, d) => {
    expect(() => toCalendarDate(y, m, d)).toThrow(Error);
  });

  test('pads with zeros', () => {
    expect(toCalendarDate(2026, 3, 5)).toBe('2026-03-05');
    expect(toCalendarDate(987, 3, 5)).toBe('0987-03-05');
  });
});

describe('isLeapYear / daysInMonth', () => {
  test.each([
    [2024, true],
    [2025, false],
    [2000, true],
    [1900, false],
    [2100, false],
    [2400, true],
    [2028, true],
  ])('isLeapYear(%i) = %p', (y, leap) => {
    expect(isLeapYear(y)).toBe(leap);
  });

  test.each([
    [2026, 1, 31],
    [2026, 2, 28],
    [2024, 2, 29],
    [1900, 2, 28],
    [2000, 2, 29],
    [2026, 3, 31],
    [2026, 4, 30],
    [2026, 5, 31],
    [2026, 6, 30],
    [2026, 7, 31],
    [2026, 8, 31],
    [2026, 9, 30],
    [2026, 10, 31],
    [2026, 11, 30],
    [2026, 12, 31],
  ])('daysInMonth(%i, %i) = %i', (y, m, n) => {
    expect(daysInMonth(y, m)).toBe(n);
  });

  test.each([0, 13, 1.5])('daysInMonth(2026, %p) throws', (m) => {
    expect(() => daysInMonth(2026, m)).toThrow();
  });
});

describe('day numbers', () => {
  test('1970-01-01 is day 0', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(0)).toBe('1970-01-01');
  });

  test('every day from 1899-01-01 to 3000-12-31 matches the UTC oracle and round-trips', () => {
    let n = utcDayNumber(1899, 1, 1);
    for (let y = 1899; y <= 3000; y++) {
      for (let m = 1; m <= 12; m++) {
        const dim = daysInMonth(y, m);
        for (let d = 1; d <= dim; d++) {
          const s = toCalendarDate(y, m, d);
          if (toDayNumber(s) !== n || fromDayNumber(n) !== s) {
            throw new Error(`mismatch at ${s}: ${toDayNumber(s)} vs ${n}`);
          }
          n++;
        }
      }
    }
    expect(n).toBe(utcDayNumber(3001, 1, 1));
  });
});

describe('addDays / diffDays / daysInclusive', () => {
  test.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2026-01-01', 0, '2026-01-01'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2026-03-29', 1, '2026-03-30'], // a DST change in Europe: irrelevant to calendar dates
    ['2026-10-25', 1, '2026-10-26'],
    ['2000-01-01', 10_000, '2027-05-19'],
    ['2027-05-19', -10_000, '2000-01-01'],
  ])('addDays(%s, %i) = %s', (d, n, expected) => {
    expect(addDays(d, n)).toBe(expected);
    expect(diffDays(d, expected)).toBe(n);
    expect(diffDays(expected, d) + n).toBe(0);
  });

  test.each([1.5, NaN, Infinity])('addDays with %p throws', (n) => {
    expect(() => addDays('2026-01-01', n)).toThrow();
  });

  test('addDays on an invalid date throws', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow();
  });

  test.each([
    ['2026-01-01', '2026-01-01', 1],
    ['2026-01-01', '2026-01-31', 31],
    ['2026-02-01', '2026-02-28', 28],
    ['2024-02-01', '2024-02-29', 29],
    ['2026-01-01', '2026-12-31', 365],
    ['2024-01-01', '2024-12-31', 366],
    ['2026-01-15', '2026-01-31', 17],
    ['2026-01-02', '2026-01-01', 0],
  ])('daysInclusive(%s, %s) = %i', (a, b, n) => {
    expect(daysInclusive(a, b)).toBe(n);
  });
});

describe('addMonths', () => {
  test.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-01-31', 2, '2026-03-31'],
    ['2026-01-31', 3, '2026-04-30'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2026-01-15', 12, '2027-01-15'],
    ['2026-01-15', -12, '2025-01-15'],
    ['2026-01-15', -13, '2024-12-15'],
    ['2026-12-31', 1, '2027-01-31'],
    ['2026-01-01', 0, '2026-01-01'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-02-29', -12, '2023-02-28'],
    ['2025-11-30', 3, '2026-02-28'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2026-05-31', 1, '2026-06-30'],
    ['2026-01-30', 1, '2026-02-28'],
    ['2026-01-29', 1, '2026-02-28'],
    ['2026-01-28', 1, '2026-02-28'],
  ])('addMonths(%s, %i) = %s', (d, n, expected) => {
    expect(addMonths(d, n)).toBe(expected);
  });

  test('matches a brute-force oracle for every anchor day of 2023–2025 and -30…30 months', () => {
    for (let n = toDayNumber('2023-01-01'); n <= toDayNumber('2025-12-31'); n++) {
      const d = fromDayNumber(n);
      const { year, month, day } = parseCalendarDate(d);
      for (let k = -30; k <= 30; k++) {
        const total = year * 12 + month - 1 + k;
        const y = Math.floor(total / 12);
        const m = (total % 12) + 1;
        const expected = toCalendarDate(y, m, Math.min(day, new Date(Date.UTC(y, m, 0)).getUTCDate()));
        if (addMonths(d, k) !== expected) throw new Error(`addMonths(${d}, ${k}) = ${addMonths(d, k)}, expected ${expected}`);
      }
    }
    expect(true).toBe(true);
  });

  test('throws on a fractional month count', () => {
    expect(() => addMonths('2026-01-01', 0.5)).toThrow();
  });
});

describe('compareDates / minDate / maxDate', () => {
  test.each([
    ['2026-01-01', '2026-01-02', -1],
    ['2026-01-02', '2026-01-01', 1],
    ['2026-01-01', '2026-01-01', 0],
    ['2025-12-31', '2026-01-01', -1],
    ['1999-12-31', '2000-01-01', -1],
  ] as const)('compareDates(%s, %s) = %i', (a, b, c) => {
    expect(compareDates(a, b)).toBe(c);
    expect(minDate(a, b)).toBe(c <= 0 ? a : b);
    expect(maxDate(a, b)).toBe(c >= 0 ? a : b);
  });
});

describe('overlapPeriod', () => {
  const p = (start: string, end: string | null) => ({ start, end });
  test.each([
    [p('2026-01-01', '2026-01-31'), p('2026-01-15', '2026-02-15'), p('2026-01-15', '2026-01-31')],
    [p('2026-01-15', '2026-02-15'), p('2026-01-01', '2026-01-31'), p('2026-01-15', '2026-01-31')],
    [p('2026-01-01', '2026-01-31'), p('2026-01-31', '2026-02-28'), p('2026-01-31', '2026-01-31')],
    [p('2026-01-01', '2026-01-31'), p('2026-02-01', '2026-02-28'), null],
    [p('2026-02-01', '2026-02-28'), p('2026-01-01', '2026-01-31'), null],
    [p('2026-01-01', null), p('2026-02-01', '2026-02-28'), p('2026-02-01', '2026-02-28')],
    [p('2026-03-01', null), p('2026-02-01', '2026-02-28'), null],
    [p('2026-01-01', '2026-01-31'), p('2025-01-01', null), p('2026-01-01', '2026-01-31')],
    [p('2026-01-01', null), p('2025-01-01', null), p('2026-01-01', null)],
    [p('2026-01-01', '2026-12-31'), p('2026-03-01', '2026-03-31'), p('2026-03-01', '2026-03-31')],
    [p('2026-01-10', '2026-01-05'), p('2026-01-01', '2026-01-31'), null], // an empty interval overlaps nothing
  ])('overlapPeriod(%j, %j) = %j', (a, b, expected) => {
    expect(overlapPeriod(a, b)).toEqual(expected);
  });
});

describe('time zones', () => {
  test.each(['UTC', 'Europe/Amsterdam', 'America/New_York', 'Asia/Tokyo', 'Pacific/Kiritimati', 'Etc/GMT+5', 'America/Port-au-Prince'])(
    '%s is valid',
    (tz) => {
      expect(isValidTimeZone(tz)).toBe(true);
    },
  );

  test.each(['', 'Mars/Olympus', 'Europe/Amsterdamm', '+01:00', 'UTC+1', ' UTC', 'Europe/', '../etc/passwd'])('%p is not valid', (tz) => {
    expect(isValidTimeZone(tz)).toBe(false);
  });

  test('a non-string is not valid', () => {
    expect(isValidTimeZone(undefined as unknown as string)).toBe(false);
    expect(isValidTimeZone(1 as unknown as string)).toBe(false);
  });

  test.each([
    ['2026-01-01T23:30:00Z', 'UTC', '2026-01-01'],
    ['2026-01-01T23:30:00Z', 'Europe/Amsterdam', '2026-01-02'],
    ['2026-01-01T03:30:00Z', 'America/New_York', '2025-12-31'],
    ['2026-01-01T10:00:00Z', 'Pacific/Kiritimati', '2026-01-02'],
    ['2026-01-01T10:00:00Z', 'Pacific/Pago_Pago', '2025-12-31'],
    ['2024-02-29T12:00:00Z', 'Asia/Tokyo', '2024-02-29'],
    ['2024-02-29T22:00:00Z', 'Asia/Tokyo', '2024-03-01'],
    ['2026-03-29T00:30:00Z', 'Europe/Amsterdam', '2026-03-29'],
  ])('todayIn at %s in %s is %s', (iso, tz, expected) => {
    expect(todayIn(tz, new Date(iso))).toBe(expected);
  });

  test('todayIn without a date gives a calendar date', () => {
    expect(isCalendarDate(todayIn('UTC'))).toBe(true);
  });

  test('todayIn with an unknown zone throws', () => {
    expect(() => todayIn('Mars/Olympus')).toThrow(/time zone/);
  });
});
