import Decimal from 'decimal.js';
import { formatMinor } from './money';
import type { CurrencyTotals, RunTotals } from './contracts/runs';

/** Stored per-currency totals, money in minor units. */
export interface StoredCurrencyTotals {
  currency: string;
  amounts: number;
  net: number;
  vat: number;
  gross: number;
}

export function emptyTotals(invoices = 0): RunTotals {
  return { amounts: 0, net: '0', vat: '0', gross: '0', invoices, currency: null, byCurrency: [] };
}

/** Per-currency minor-unit sums → API totals (decimal strings, exact). */
export function toRunTotals(stored: StoredCurrencyTotals[], invoices: number): RunTotals {
  if (stored.length === 0) return emptyTotals(invoices);
  const byCurrency: CurrencyTotals[] = [...stored]
    .sort((a, b) => a.currency.localeCompare(b.currency))
    .map((t) => ({
      currency: t.currency,
      amounts: t.amounts,
      net: formatMinor(t.net, t.currency),
      vat: formatMinor(t.vat, t.currency),
      gross: formatMinor(t.gross, t.currency),
    }));
  const sum = (key: 'net' | 'vat' | 'gross') =>
    byCurrency.length === 1 ? byCurrency[0][key] : byCurrency.reduce((acc, t) => acc.plus(t[key]), new Decimal(0)).toFixed();
  return {
    amounts: byCurrency.reduce((n, t) => n + t.amounts, 0),
    net: sum('net'),
    vat: sum('vat'),
    gross: sum('gross'),
    invoices,
    currency: byCurrency.length === 1 ? byCurrency[0].currency : null,
    byCurrency,
  };
}
