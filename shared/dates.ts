/**
 * Calendar dates (DESIGN §5): every business date is a `YYYY-MM-DD` string with no time and no zone.
 *
 * All arithmetic is done on integer day numbers (days since 1970-01-01 in the proleptic Gregorian
 * calendar, Howard Hinnant's days-from-civil algorithm), never through `Date` objects in local time,
 * so the results do not depend on the server's or the browser's time zone or on daylight saving.
 *
 * Two levels of strictness:
 * - `isCalendarDate` is the input check (API, forms): strict `YYYY-MM-DD`, a real date, year 1900–2999.
 * - the arithmetic helpers (`parseCalendarDate`, `addDays`, …) accept any real date of years 0001–9999,
 *   so that computing e.g. an activation date a few days before 1900-01-01 cannot throw halfway through
 *   a calculation. Results are always written back as 4-digit, zero-padded `YYYY-MM-DD`.
 */

export type CalendarDate = string;

export interface CalendarDateParts {
  year: number;
  month: number;
  day: number;
}

export const MIN_CALENDAR_YEAR = 1900;
export const MAX_CALENDAR_YEAR = 2999;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new Error(`Invalid month ${String(year)}-${String(month)}.`);
  }
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
}

function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

function splitDate(v: unknown): CalendarDateParts | null {
  if (typeof v !== 'string') return null;
  const m = DATE_PATTERN.exec(v);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

/** Strict input check: `YYYY-MM-DD`, a date that exists, year 1900–2999. */
export function isCalendarDate(v: unknown): v is CalendarDate {
  const p = splitDate(v);
  return p !== null && p.year >= MIN_CALENDAR_YEAR && p.year <= MAX_CALENDAR_YEAR;
}

/** Parses a `YYYY-MM-DD` date (any real date of years 0001–9999); throws `Error` otherwise. */
export function parseCalendarDate(d: CalendarDate): CalendarDateParts {
  const p = splitDate(d);
  if (!p) {
    throw new Error(`Invalid calendar date ${JSON.stringify(d)}: expected a real date in the format YYYY-MM-DD.`);
  }
  return p;
}

/** Builds a zero-padded `YYYY-MM-DD` string; throws when the date does not exist. */
export function toCalendarDate(year: number, month: number, day: number): CalendarDate {
  if (!isRealDate(year, month, day)) {
    throw new Error(`Invalid calendar date: year ${year}, month ${month}, day ${day} does not exist.`);
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (negative before). Hinnant's days_from_civil, integers only. */
export function toDayNumber(d: CalendarDate): number {
  const { year, month, day } = parseCalendarDate(d);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400; // [0, 399]
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1; // [0, 365]
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // [0, 146096]
  return era * 146097 + doe - 719468;
}

/** Inverse of `toDayNumber` (Hinnant's civil_from_days). */
export function fromDayNumber(n: number): CalendarDate {
  if (!Number.isSafeInteger(n)) throw new Error(`Invalid day number ${String(n)}.`);
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097; // [0, 146096]
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return toCalendarDate(year, month, day);
}

function assertInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new Error(`${what} must be an integer, got ${String(n)}.`);
}

export function addDays(d: CalendarDate, n: number): CalendarDate {
  assertInteger(n, 'Number of days');
  return fromDayNumber(toDayNumber(d) + n);
}

/** Moves n months (may be negative), keeping the day of month, clamped to the target month's last day. */
export function addMonths(d: CalendarDate, n: number): CalendarDate {
  assertInteger(n, 'Number of months');
  const { year, month, day } = parseCalendarDate(d);
  const total = year * 12 + (month - 1) + n;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return toCalendarDate(y, m, Math.min(day, daysInMonth(y, m)));
}

/** b − a in days. */
export function diffDays(a: CalendarDate, b: CalendarDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** Number of days from start to end, both included (end − start + 1). */
export function daysInclusive(start: CalendarDate, end: CalendarDate): number {
  return diffDays(start, end) + 1;
}

export function compareDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  const x = toDayNumber(a);
  const y = toDayNumber(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function minDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return compareDates(a, b) <= 0 ? a : b;
}

export function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return compareDates(a, b) >= 0 ? a : b;
}

export interface DateInterval {
  start: CalendarDate;
  /** null = open-ended */
  end: CalendarDate | null;
}

/**
 * The overlap of two intervals (both ends included; a null end is open-ended), or null when they do
 * not overlap. The result's end is null only when both intervals are open-ended.
 */
export function overlapPeriod(a: DateInterval, b: DateInterval): { start: CalendarDate; end: CalendarDate | null } | null {
  if (a.end !== null && compareDates(a.start, a.end) > 0) return null;
  if (b.end !== null && compareDates(b.start, b.end) > 0) return null;
  const start = maxDate(a.start, b.start);
  const end = a.end === null ? b.end : b.end === null ? a.end : minDate(a.end, b.end);
  if (end !== null && compareDates(start, end) > 0) return null;
  return { start, end };
}

/** Whether `tz` is an IANA time zone name the runtime knows (e.g. `UTC`, `Europe/Amsterdam`). */
export function isValidTimeZone(tz: string): boolean {
  // Offsets such as "+01:00" are accepted by recent Intl implementations but are not IANA names.
  if (typeof tz !== 'string' || tz.length === 0 || tz.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz)) {
    return false;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Today's calendar date in the given IANA time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): CalendarDate {
  if (!isValidTimeZone(timeZone)) throw new Error(`Unknown time zone ${JSON.stringify(timeZone)}.`);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    calendar: 'gregory',
    numberingSystem: 'latn',
  }).formatToParts(now);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return toCalendarDate(get('year'), get('month'), get('day'));
}
