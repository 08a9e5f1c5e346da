import {
  activationDateFor,
  addCycles,
  addDays,
  compareDates,
  CYCLES,
  CYCLE_UNITS,
  type Cycle,
  daysInclusive,
  defaultPeriodTo,
  isBrokenFirstPeriod,
  isCycle,
  parseCalendarDate,
  runPeriod,
  runTiming,
  scheduleRuns,
  daysInMonth,
} from '../../shared';

/** Asserts that consecutive periods touch: no gap, no overlap, and every period is non-empty. */
function expectContiguous(periods: { periodStart: string; periodEnd: string }[]): void {
  periods.forEach((p, i) => {
    expect(compareDates(p.periodStart, p.periodEnd)).toBeLessThanOrEqual(0);
    if (i > 0) expect(addDays(periods[i - 1].periodEnd, 1)).toBe(p.periodStart);
  });
}

describe('cycles', () => {
  test('the six cycles, in order', () => {
    expect(CYCLES).toEqual(['weekly', 'four_weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly']);
  });

  test.each(CYCLES)('%s is a cycle', (c) => {
    expect(isCycle(c)).toBe(true);
  });

  test.each(['daily', 'Monthly', 'annual', '', null, undefined, 1, 'four-weekly'])('%p is not a cycle', (c) => {
    expect(isCycle(c)).toBe(false);
  });

  test('units', () => {
    expect(CYCLE_UNITS).toEqual({
      weekly: { days: 7 },
      four_weekly: { days: 28 },
      monthly: { months: 1 },
      quarterly: { months: 3 },
      half_yearly: { months: 6 },
      yearly: { months: 12 },
    });
  });
});

describe('addCycles', () => {
  test.each<[string, Cycle, number, string]>([
    ['2026-01-31', 'monthly', 0, '2026-01-31'],
    ['2026-01-31', 'monthly', 1, '2026-02-28'],
    ['2026-01-31', 'monthly', 2, '2026-03-31'],
    ['2026-01-31', 'monthly', 3, '2026-04-30'],
    ['2024-01-31', 'monthly', 1, '2024-02-29'],
    ['2026-01-31', 'monthly', -1, '2025-12-31'],
    ['2026-03-31', 'monthly', -1, '2026-02-28'],
    ['2024-02-29', 'yearly', 1, '2025-02-28'],
    ['2024-02-29', 'yearly', 2, '2026-02-28'],
    ['2024-02-29', 'yearly', 4, '2028-02-29'],
    ['2024-02-29', 'yearly', -4, '2020-02-29'],
    ['2025-11-30', 'quarterly', 1, '2026-02-28'],
    ['2025-11-30', 'quarterly', 2, '2026-05-30'],
    ['2025-11-30', 'quarterly', 3, '2026-08-30'],
    ['2025-11-30', 'quarterly', 4, '2026-11-30'],
    ['2023-11-30', 'quarterly', 1, '2024-02-29'],
    ['2025-08-31', 'half_yearly', 1, '2026-02-28'],
    ['2025-08-31', 'half_yearly', 2, '2026-08-31'],
    ['2025-08-31', 'half_yearly', 3, '2027-02-28'],
    ['2023-08-31', 'half_yearly', 1, '2024-02-29'],
    ['2025-12-29', 'weekly', 1, '2026-01-05'],
    ['2025-12-29', 'weekly', 2, '2026-01-12'],
    ['2025-12-29', 'weekly', -1, '2025-12-22'],
    ['2025-12-15', 'four_weekly', 1, '2026-01-12'],
    ['2025-12-15', 'four_weekly', 2, '2026-02-09'],
    ['2024-02-01', 'four_weekly', 1, '2024-02-29'],
    ['2026-01-01', 'weekly', 52, '2026-12-31'],
    ['2026-01-01', 'four_weekly', 13, '2026-12-31'],
  ])('addCycles(%s, %s, %i) = %s', (anchor, cycle, k, expected) => {
    expect(addCycles(anchor, cycle, k)).toBe(expected);
  });

  test('month cycles are anchored, never chained', () => {
    // chaining monthly from Jan 31 would give Feb 28, Mar 28, Apr 28…; anchoring returns to the 31st.
    let chained = '2026-01-31';
    for (let k = 1; k <= 12; k++) {
      chained = addCycles(chained, 'monthly', 1);
      const anchored = addCycles('2026-01-31', 'monthly', k);
      const { year, month, day } = parseCalendarDate(anchored);
      expect(day).toBe(Math.min(31, daysInMonth(year, month)));
    }
    expect(chained).toBe('2027-01-28');
    expect(addCycles('2026-01-31', 'monthly', 12)).toBe('2027-01-31');
  });

  test.each([1.5, NaN])('throws on a non-integer count %p', (k) => {
    expect(() => addCycles('2026-01-01', 'monthly', k)).toThrow();
  });

  test('throws on an unknown cycle', () => {
    expect(() => addCycles('2026-01-01', 'daily' as Cycle, 1)).toThrow(/cycle/);
  });
});

describe('defaultPeriodTo', () => {
  test.each<[string, Cycle, string]>([
    ['2026-01-01', 'weekly', '2026-01-07'],
    ['2026-01-01', 'four_weekly', '2026-01-28'],
    ['2026-01-01', 'monthly', '2026-01-31'],
    ['2026-01-01', 'quarterly', '2026-03-31'],
    ['2026-01-01', 'half_yearly', '2026-06-30'],
    ['2026-01-01', 'yearly', '2026-12-31'],
    ['2026-01-31', 'monthly', '2026-02-27'],
    ['2024-01-31', 'monthly', '2024-02-28'],
    ['2024-02-29', 'yearly', '2025-02-27'],
    ['2026-02-01', 'monthly', '2026-02-28'],
    ['2024-02-01', 'monthly', '2024-02-29'],
    ['2025-12-29', 'weekly', '2026-01-04'],
  ])('defaultPeriodTo(%s, %s) = %s', (from, cycle, to) => {
    expect(defaultPeriodTo(from, cycle)).toBe(to);
  });
});

describe('runPeriod: regular schedules', () => {
  test('monthly from 2026-01-31, 24 periods: anchored starts, no drift, no gap, no overlap', () => {
    const def = { periodFrom: '2026-01-31', periodTo: defaultPeriodTo('2026-01-31', 'monthly'), cycle: 'monthly' as const };
    const periods = Array.from({ length: 24 }, (_, n) => runPeriod(def, n));
    expectContiguous(periods);
    periods.forEach((p, n) => {
      expect(p.periodStart).toBe(addCycles('2026-01-31', 'monthly', n));
      const { year, month, day } = parseCalendarDate(p.periodStart);
      expect(day).toBe(Math.min(31, daysInMonth(year, month)));
    });
    expect(periods.slice(0, 5)).toEqual([
      { periodStart: '2026-01-31', periodEnd: '2026-02-27' },
      { periodStart: '2026-02-28', periodEnd: '2026-03-30' },
      { periodStart: '2026-03-31', periodEnd: '2026-04-29' },
      { periodStart: '2026-04-30', periodEnd: '2026-05-30' },
      { periodStart: '2026-05-31', periodEnd: '2026-06-29' },
    ]);
    expect(periods[23]).toEqual({ periodStart: '2027-12-31', periodEnd: '2028-01-30' });
    expect(periods[12].periodStart).toBe('2027-01-31');
    expect(periods[13].periodStart).toBe('2027-02-28');
  });

  test('monthly from the 1st gives calendar months', () => {
    const def = { periodFrom: '2024-01-01', periodTo: '2024-01-31', cycle: 'monthly' as const };
    const periods = Array.from({ length: 14 }, (_, n) => runPeriod(def, n));
    expectContiguous(periods);
    expect(periods[1]).toEqual({ periodStart: '2024-02-01', periodEnd: '2024-02-29' });
    expect(periods[13]).toEqual({ periodStart: '2025-02-01', periodEnd: '2025-02-28' });
    periods.forEach((p) => expect(p.periodStart.endsWith('-01')).toBe(true));
  });

  test('yearly from 2024-02-29: 2025-02-28, 2026-02-28, 2027-02-28, 2028-02-29', () => {
    const def = { periodFrom: '2024-02-29', periodTo: defaultPeriodTo('2024-02-29', 'yearly'), cycle: 'yearly' as const };
    const periods = Array.from({ length: 6 }, (_, n) => runPeriod(def, n));
    expectContiguous(periods);
    expect(periods.map((p) => p.periodStart)).toEqual([
      '2024-02-29',
      '2025-02-28',
      '2026-02-28',
      '2027-02-28',
      '2028-02-29',
      '2029-02-28',
    ]);
    expect(periods[0].periodEnd).toBe('2025-02-27');
    expect(periods[3].periodEnd).toBe('2028-02-28');
  });

  test('quarterly from Nov 30: Feb 28/29, May 30, Aug 30, Nov 30', () => {
    for (const [from, feb] of [
      ['2025-11-30', '2026-02-28'],
      ['2023-11-30', '2024-02-29'],
    ]) {
      const def = { periodFrom: from, periodTo: defaultPeriodTo(from, 'quarterly'), cycle: 'quarterly' as const };
      const periods = Array.from({ length: 8 }, (_, n) => runPeriod(def, n));
      expectContiguous(periods);
      const y = Number(from.slice(0, 4)) + 1;
      expect(periods.slice(0, 5).map((p) => p.periodStart)).toEqual([from, feb, `${y}-05-30`, `${y}-08-30`, `${y}-11-30`]);
      expect(periods[0].periodEnd).toBe(addDays(feb, -1));
    }
  });

  test('weekly across a year end', () => {
    const def = { periodFrom: '2025-12-22', periodTo: '2025-12-28', cycle: 'weekly' as const };
    const periods = Array.from({ length: 6 }, (_, n) => runPeriod(def, n));
    expectContiguous(periods);
    expect(periods).toEqual([
      { periodStart: '2025-12-22', periodEnd: '2025-12-28' },
      { periodStart: '2025-12-29', periodEnd: '2026-01-04' },
      { periodStart: '2026-01-05', periodEnd: '2026-01-11' },
      { periodStart: '2026-01-12', periodEnd: '2026-01-18' },
      { periodStart: '2026-01-19', periodEnd: '2026-01-25' },
      { periodStart: '2026-01-26', periodEnd: '2026-02-01' },
    ]);
    periods.forEach((p) => expect(daysInclusive(p.periodStart, p.periodEnd)).toBe(7));
  });

  test('four-weekly across a year end and a leap day', () => {
    const def = { periodFrom: '2023-12-04', periodTo: '2023-12-31', cycle: 'four_weekly' as const };
    const periods = Array.from({ length: 5 }, (_, n) => runPeriod(def, n));
    expectContiguous(periods);
    expect(periods.map((p) => p.periodStart)).toEqual(['2023-12-04', '2024-01-01', '2024-01-29', '2024-02-26', '2024-03-25']);
    expect(periods[3].periodEnd).toBe('2024-03-24');
    periods.forEach((p) => expect(daysInclusive(p.periodStart, p.periodEnd)).toBe(28));
  });

  test('half-yearly from Aug 31', () => {
    const def = { periodFrom: '2025-08-31', periodTo: defaultPeriodTo('2025-08-31', 'half_yearly'), cycle: 'half_yearly' as const };
    const periods = Array.from({ length: 5 }, (_, n) => runPeriod(def, n));
    expectContiguous(periods);
    expect(periods).toEqual([
      { periodStart: '2025-08-31', periodEnd: '2026-02-27' },
      { periodStart: '2026-02-28', periodEnd: '2026-08-30' },
      { periodStart: '2026-08-31', periodEnd: '2027-02-27' },
      { periodStart: '2027-02-28', periodEnd: '2027-08-30' },
      { periodStart: '2027-08-31', periodEnd: '2028-02-28' },
    ]);
  });

  test('half-yearly from Jan 1 gives calendar halves', () => {
    const def = { periodFrom: '2026-01-01', periodTo: '2026-06-30', cycle: 'half_yearly' as const };
    expect([0, 1, 2].map((n) => runPeriod(def, n))).toEqual([
      { periodStart: '2026-01-01', periodEnd: '2026-06-30' },
      { periodStart: '2026-07-01', periodEnd: '2026-12-31' },
      { periodStart: '2027-01-01', periodEnd: '2027-06-30' },
    ]);
  });

  test.each(CYCLES)('%s: 36 regular periods from every anchor day of a leap year touch and are anchored', (cycle) => {
    for (let d = '2024-01-01'; d <= '2024-12-31'; d = addDays(d, 1)) {
      const def = { periodFrom: d, periodTo: defaultPeriodTo(d, cycle), cycle };
      expect(isBrokenFirstPeriod(def)).toBe(false);
      let prevEnd: string | null = null;
      for (let n = 0; n < 36; n += 1) {
        const p = runPeriod(def, n);
        if (p.periodStart !== addCycles(d, cycle, n)) throw new Error(`${cycle} ${d} run ${n}: start ${p.periodStart}`);
        if (prevEnd !== null && addDays(prevEnd, 1) !== p.periodStart) throw new Error(`${cycle} ${d} run ${n}: gap/overlap`);
        if (compareDates(p.periodStart, p.periodEnd) > 0) throw new Error(`${cycle} ${d} run ${n}: empty`);
        prevEnd = p.periodEnd;
      }
    }
    expect(true).toBe(true);
  });

  test.each([-1, 0.5])('throws on run number %p', (n) => {
    expect(() => runPeriod({ periodFrom: '2026-01-01', periodTo: '2026-01-31', cycle: 'monthly' }, n)).toThrow();
  });
});

describe('runPeriod: broken first period', () => {
  const cases: [Cycle, string, string][] = [];
  for (const cycle of CYCLES) {
    const from = '2026-01-15';
    const regular = defaultPeriodTo(from, cycle);
    cases.push([cycle, from, addDays(from, 0)]); // a single-day first period
    cases.push([cycle, from, addDays(regular, -3)]); // shorter
    cases.push([cycle, from, addDays(regular, 1)]); // one day longer
    cases.push([cycle, from, addDays(addCycles(from, cycle, 2), -2)]); // almost two cycles
  }
  // end-of-month handover
  cases.push(['monthly', '2026-01-10', '2026-01-31']);
  cases.push(['quarterly', '2025-12-15', '2026-02-28']);
  cases.push(['yearly', '2024-01-01', '2024-02-28']);
  cases.push(['weekly', '2025-12-31', '2026-01-04']);

  test.each(cases)('%s from %s to %s hands over with no gap and no overlap', (cycle, periodFrom, periodTo) => {
    const def = { periodFrom, periodTo, cycle };
    expect(isBrokenFirstPeriod(def)).toBe(true);
    const periods = Array.from({ length: 30 }, (_, n) => runPeriod(def, n));
    expect(periods[0]).toEqual({ periodStart: periodFrom, periodEnd: periodTo });
    expectContiguous(periods);
    const anchor = addDays(periodTo, 1);
    expect(periods[1].periodStart).toBe(anchor);
    periods.slice(1).forEach((p, i) => {
      expect(p.periodStart).toBe(addCycles(anchor, cycle, i));
      expect(p.periodEnd).toBe(addDays(addCycles(anchor, cycle, i + 1), -1));
    });
  });

  test('monthly broken first period ending on Jan 31 continues with calendar months', () => {
    const def = { periodFrom: '2026-01-10', periodTo: '2026-01-31', cycle: 'monthly' as const };
    expect([0, 1, 2, 3].map((n) => runPeriod(def, n))).toEqual([
      { periodStart: '2026-01-10', periodEnd: '2026-01-31' },
      { periodStart: '2026-02-01', periodEnd: '2026-02-28' },
      { periodStart: '2026-03-01', periodEnd: '2026-03-31' },
      { periodStart: '2026-04-01', periodEnd: '2026-04-30' },
    ]);
  });

  test('monthly broken first period ending on Feb 27 anchors the rest on Feb 28', () => {
    const def = { periodFrom: '2026-02-10', periodTo: '2026-02-27', cycle: 'monthly' as const };
    expect([0, 1, 2].map((n) => runPeriod(def, n))).toEqual([
      { periodStart: '2026-02-10', periodEnd: '2026-02-27' },
      { periodStart: '2026-02-28', periodEnd: '2026-03-27' },
      { periodStart: '2026-03-28', periodEnd: '2026-04-27' },
    ]);
  });
});

describe('activationDateFor', () => {
  test.each([
    ['2026-03-10', 5, '2026-03-05'],
    ['2026-03-01', 5, '2026-02-24'],
    ['2024-03-01', 1, '2024-02-29'],
    ['2025-03-01', 1, '2025-02-28'],
    ['2024-03-05', 5, '2024-02-29'],
    ['2026-01-03', 5, '2025-12-29'],
    ['2026-01-01', 1, '2025-12-31'],
    ['2026-01-01', 0, '2026-01-01'],
    ['2026-01-01', 365, '2025-01-01'],
    ['2025-01-01', 366, '2024-01-01'],
    ['2025-01-01', 367, '2023-12-31'],
    ['2024-12-31', 365, '2024-01-01'],
    ['2026-05-01', 30, '2026-04-01'],
    ['2026-05-31', 31, '2026-04-30'],
  ])('activationDateFor(%s, %i) = %s', (start, days, expected) => {
    expect(activationDateFor(start, days)).toBe(expected);
  });

  test.each([-1, 1.5, NaN])('throws on %p days', (n) => {
    expect(() => activationDateFor('2026-01-01', n)).toThrow();
  });
});

describe('runTiming / scheduleRuns', () => {
  test('invoice and due dates follow the cycle from the first run, anchored', () => {
    const t = {
      periodFrom: '2026-02-01',
      periodTo: '2026-02-28',
      cycle: 'monthly' as const,
      invoiceDate: '2026-01-31',
      dueDate: '2026-02-14',
    };
    const runs = scheduleRuns(t, 13, 5);
    expect(runs).toHaveLength(13);
    expect(runs.map((r) => r.sequence)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(runs.slice(0, 4)).toEqual([
      { sequence: 0, periodStart: '2026-02-01', periodEnd: '2026-02-28', invoiceDate: '2026-01-31', dueDate: '2026-02-14', activationDate: '2026-01-27' },
      { sequence: 1, periodStart: '2026-03-01', periodEnd: '2026-03-31', invoiceDate: '2026-02-28', dueDate: '2026-03-14', activationDate: '2026-02-24' },
      { sequence: 2, periodStart: '2026-04-01', periodEnd: '2026-04-30', invoiceDate: '2026-03-31', dueDate: '2026-04-14', activationDate: '2026-03-27' },
      { sequence: 3, periodStart: '2026-05-01', periodEnd: '2026-05-31', invoiceDate: '2026-04-30', dueDate: '2026-05-14', activationDate: '2026-04-26' },
    ]);
    expect(runs[12]).toEqual({
      sequence: 12,
      periodStart: '2027-02-01',
      periodEnd: '2027-02-28',
      invoiceDate: '2027-01-31',
      dueDate: '2027-02-14',
      activationDate: '2027-01-27',
    });
  });

  test('weekly invoice and due dates move by 7 days', () => {
    const t = { periodFrom: '2025-12-29', periodTo: '2026-01-04', cycle: 'weekly' as const, invoiceDate: '2025-12-27', dueDate: '2026-01-10' };
    const runs = scheduleRuns(t, 3, 2);
    expect(runs.map((r) => [r.periodStart, r.invoiceDate, r.dueDate, r.activationDate])).toEqual([
      ['2025-12-29', '2025-12-27', '2026-01-10', '2025-12-27'],
      ['2026-01-05', '2026-01-03', '2026-01-17', '2026-01-03'],
      ['2026-01-12', '2026-01-10', '2026-01-24', '2026-01-10'],
    ]);
  });

  test('a broken first period: invoice dates still step from the template date', () => {
    const t = { periodFrom: '2026-01-10', periodTo: '2026-01-31', cycle: 'quarterly' as const, invoiceDate: '2026-01-31', dueDate: '2026-02-28' };
    const runs = scheduleRuns(t, 3, 0);
    expect(runs.map((r) => [r.periodStart, r.periodEnd, r.invoiceDate, r.dueDate, r.activationDate])).toEqual([
      ['2026-01-10', '2026-01-31', '2026-01-31', '2026-02-28', '2026-01-10'],
      ['2026-02-01', '2026-04-30', '2026-04-30', '2026-05-28', '2026-02-01'],
      ['2026-05-01', '2026-07-31', '2026-07-31', '2026-08-28', '2026-05-01'],
    ]);
  });

  test('runTiming(n) equals scheduleRuns()[n]', () => {
    const t = { periodFrom: '2024-02-29', periodTo: '2025-02-27', cycle: 'yearly' as const, invoiceDate: '2024-02-29', dueDate: '2024-03-31' };
    const runs = scheduleRuns(t, 5, 10);
    runs.forEach((r, n) => expect(runTiming(t, n, 10)).toEqual(r));
    expect(runs[4]).toEqual({
      sequence: 4,
      periodStart: '2028-02-29',
      periodEnd: '2029-02-27',
      invoiceDate: '2028-02-29',
      dueDate: '2028-03-31',
      activationDate: '2028-02-19',
    });
    expect(runs[1].invoiceDate).toBe('2025-02-28');
    expect(runs[1].dueDate).toBe('2025-03-31');
  });

  test('scheduleRuns(…, 0) is empty and negative counts throw', () => {
    const t = { periodFrom: '2026-01-01', periodTo: '2026-01-31', cycle: 'monthly' as const, invoiceDate: '2026-01-01', dueDate: '2026-01-15' };
    expect(scheduleRuns(t, 0, 5)).toEqual([]);
    expect(() => scheduleRuns(t, -1, 5)).toThrow();
    expect(() => scheduleRuns(t, 1, -1)).toThrow();
  });

  test('120 monthly runs are contiguous and keep the anchor day', () => {
    const t = { periodFrom: '2026-01-31', periodTo: '2026-02-27', cycle: 'monthly' as const, invoiceDate: '2026-01-31', dueDate: '2026-02-28' };
    const runs = scheduleRuns(t, 120, 5);
    expectContiguous(runs);
    expect(runs[119].periodStart).toBe('2035-12-31');
    expect(runs[119].invoiceDate).toBe('2035-12-31');
    expect(runs[119].dueDate).toBe('2036-01-28');
    expect(runs[11].dueDate).toBe('2027-01-28');
    expect(runs[12].dueDate).toBe('2027-02-28');
  });
});
