import type { IntlShape } from 'react-intl';

/**
 * Display formatting for the panel. Money arrives from the API as exact decimal strings in major units
 * ("54.84"); `Intl.NumberFormat` formats such a string as the decimal it is (ECMA-402 reads string
 * input as an exact decimal), so no amount ever passes through a JavaScript float.
 */
export function formatMoney(intl: Pick<IntlShape, 'locale'>, value: string, currency: string | null | undefined): string {
  try {
    const format = currency
      ? new Intl.NumberFormat(intl.locale, { style: 'currency', currency, currencyDisplay: 'code' })
      : new Intl.NumberFormat(intl.locale, { minimumFractionDigits: 2, maximumFractionDigits: 20 });
    // The typings only admit numbers; the engine accepts (and keeps exact) decimal strings.
    return format.format(value as unknown as number);
  } catch {
    return currency ? `${currency} ${value}` : value;
  }
}

/** A plain decimal (quantity, VAT rate) in the user's locale, exact. */
export function formatDecimal(intl: Pick<IntlShape, 'locale'>, value: string): string {
  try {
    return new Intl.NumberFormat(intl.locale, { maximumFractionDigits: 20 }).format(value as unknown as number);
  } catch {
    return value;
  }
}

/** A calendar date `YYYY-MM-DD` in the user's locale (the date itself, never shifted by a time zone). */
export function formatCalendarDate(intl: Pick<IntlShape, 'formatDate'>, value: string | null | undefined): string {
  if (!value) return '';
  return intl.formatDate(`${value}T00:00:00Z`, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
}

/** A period "1 Jan 2026 – 31 Jan 2026". */
export function formatPeriod(intl: Pick<IntlShape, 'formatDate'>, start: string, end: string): string {
  return `${formatCalendarDate(intl, start)} – ${formatCalendarDate(intl, end)}`;
}

/** A moment (ISO timestamp) in the user's locale and time zone. */
export function formatMoment(intl: Pick<IntlShape, 'formatDate'>, value: string | null | undefined): string {
  if (!value) return '';
  return intl.formatDate(value, { dateStyle: 'medium', timeStyle: 'short' });
}
