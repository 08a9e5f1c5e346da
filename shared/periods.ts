/**
 * Invoice cycles and run periods (DESIGN §5, binding).
 *
 * Month-based cycles are always computed from the anchor (`addMonths(anchor, k·m)`), never by chaining
 * one period onto the previous one, so a schedule starting on the 31st keeps returning to the 31st
 * (or the month's last day) and never drifts to the 28th.
 */
import { addDays, addMonths, type CalendarDate } from './dates';

export const CYCLES = ['weekly', 'four_weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly'] as const;
export type Cycle = (typeof CYCLES)[number];

export function isCycle(v: unknown): v is Cycle {
  return typeof v === 'string' && (CYCLES as readonly string[]).includes(v);
}

export const CYCLE_UNITS: Readonly<Record<Cycle, { days: number } | { months: number }>> = Object.freeze({
  weekly: { days: 7 },
  four_weekly: { days: 28 },
  monthly: { months: 1 },
  quarterly: { months: 3 },
  half_yearly: { months: 6 },
  yearly: { months: 12 },
});

function assertCycle(cycle: Cycle): void {
  if (!isCycle(cycle)) throw new Error(`Unknown invoice cycle ${JSON.stringify(cycle)}.`);
}

function assertIndex(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new Error(`${what} must be an integer, got ${String(n)}.`);
}

/** The anchor moved k cycles (k may be negative or 0). */
export function addCycles(anchor: CalendarDate, cycle: Cycle, k: number): CalendarDate {
  assertCycle(cycle);
  assertIndex(k, 'Number of cycles');
  const unit = CYCLE_UNITS[cycle];
  return 'days' in unit ? addDays(anchor, unit.days * k) : addMonths(anchor, unit.months * k);
}

/** The end of a regular first period starting on periodFrom: one cycle later, minus one day. */
export function defaultPeriodTo(periodFrom: CalendarDate, cycle: Cycle): CalendarDate {
  return addDays(addCycles(periodFrom, cycle, 1), -1);
}

export interface PeriodDefinition {
  periodFrom: CalendarDate;
  periodTo: CalendarDate;
  cycle: Cycle;
}

export interface RunPeriod {
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
}

/** Whether a schedule's first period is "broken" (periodTo differs from the regular end). */
export function isBrokenFirstPeriod(def: PeriodDefinition): boolean {
  return def.periodTo !== defaultPeriodTo(def.periodFrom, def.cycle);
}

/** Period of run n (0-based) of a schedule, DESIGN §5. */
export function runPeriod(def: PeriodDefinition, n: number): RunPeriod {
  assertIndex(n, 'Run number');
  if (n < 0) throw new Error(`Run number must be 0 or more, got ${n}.`);
  const { periodFrom, periodTo, cycle } = def;
  if (!isBrokenFirstPeriod(def)) {
    return {
      periodStart: addCycles(periodFrom, cycle, n),
      periodEnd: addDays(addCycles(periodFrom, cycle, n + 1), -1),
    };
  }
  if (n === 0) return { periodStart: periodFrom, periodEnd: periodTo };
  const anchor = addDays(periodTo, 1);
  return {
    periodStart: addCycles(anchor, cycle, n - 1),
    periodEnd: addDays(addCycles(anchor, cycle, n), -1),
  };
}

/** The date a run is activated: its period start minus the setting's number of days. */
export function activationDateFor(periodStart: CalendarDate, activationDaysBefore: number): CalendarDate {
  if (!Number.isSafeInteger(activationDaysBefore) || activationDaysBefore < 0) {
    throw new Error(`activationDaysBefore must be a whole number of 0 or more, got ${String(activationDaysBefore)}.`);
  }
  return addDays(periodStart, -activationDaysBefore);
}

export interface ScheduleTiming {
  periodFrom: CalendarDate;
  periodTo: CalendarDate;
  cycle: Cycle;
  /** invoice date of the first run (run 0) */
  invoiceDate: CalendarDate;
  /** due date of the first run's invoices */
  dueDate: CalendarDate;
}

export interface RunTiming {
  /** n, 0-based, within the schedule */
  sequence: number;
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  invoiceDate: CalendarDate;
  dueDate: CalendarDate;
  activationDate: CalendarDate;
}

/** All dates of run n of a schedule. */
export function runTiming(t: ScheduleTiming, n: number, activationDaysBefore: number): RunTiming {
  const { periodStart, periodEnd } = runPeriod(t, n);
  return {
    sequence: n,
    periodStart,
    periodEnd,
    invoiceDate: addCycles(t.invoiceDate, t.cycle, n),
    dueDate: addCycles(t.dueDate, t.cycle, n),
    activationDate: activationDateFor(periodStart, activationDaysBefore),
  };
}

/** Runs 0 … numberOfRuns − 1 of a schedule. */
export function scheduleRuns(t: ScheduleTiming, numberOfRuns: number, activationDaysBefore: number): RunTiming[] {
  if (!Number.isSafeInteger(numberOfRuns) || numberOfRuns < 0) {
    throw new Error(`numberOfRuns must be a whole number of 0 or more, got ${String(numberOfRuns)}.`);
  }
  const runs: RunTiming[] = [];
  for (let n = 0; n < numberOfRuns; n++) runs.push(runTiming(t, n, activationDaysBefore));
  return runs;
}
