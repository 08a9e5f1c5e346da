/**
 * VAT breakdown of a document (DESIGN §16): per VAT rate, the taxable net amount and the VAT of the
 * lines at that rate, sorted by rate (lowest first).
 *
 * VAT is computed and rounded per line (DESIGN §6), so a rate's VAT is the exact sum of its lines'
 * VAT, never a re-computation of "net × rate" on the rate's total: the breakdown, the lines and the
 * document's totals always add up to the cent. All sums run on integer minor units (shared/money.ts)
 * with the currency's ISO 4217 decimals (EUR 2, JPY 0, KWD 3).
 */
import { compareDecimals, formatMinor, normalizeDecimal, sumMinor, toMinor } from './money';

export interface VatBreakdownLine {
  vatRate: string;
  net: string;
  vat: string;
}

export interface VatBreakdownRow {
  /** canonical rate ("21", "9.5", "0"): "21.0" and "21" are the same rate */
  vatRate: string;
  /** number of lines at this rate */
  lines: number;
  /** taxable amount: the sum of the lines' net amounts (currency decimals, e.g. "1234.50") */
  net: string;
  /** the sum of the lines' VAT */
  vat: string;
  /** net + vat */
  gross: string;
}

export interface VatBreakdown {
  rows: VatBreakdownRow[];
  totals: { net: string; vat: string; gross: string };
}

/**
 * Breakdown of `lines` in `currency`. Throws on an unknown currency, a value that is not a decimal
 * string or one with more decimals than the currency allows (a document must never show a rounded
 * figure its lines do not add up to).
 */
export function vatBreakdown(lines: readonly VatBreakdownLine[], currency: string): VatBreakdown {
  const byRate = new Map<string, { lines: number; net: number[]; vat: number[] }>();
  for (const line of lines) {
    const rate = normalizeDecimal(line.vatRate);
    let group = byRate.get(rate);
    if (!group) {
      group = { lines: 0, net: [], vat: [] };
      byRate.set(rate, group);
    }
    group.lines += 1;
    group.net.push(toMinor(line.net, currency));
    group.vat.push(toMinor(line.vat, currency));
  }
  const sums = [...byRate.entries()]
    .sort(([a], [b]) => compareDecimals(a, b))
    .map(([vatRate, group]) => {
      const net = sumMinor(group.net);
      const vat = sumMinor(group.vat);
      return { vatRate, lines: group.lines, net, vat, gross: sumMinor([net, vat]) };
    });
  const net = sumMinor(sums.map((s) => s.net));
  const vat = sumMinor(sums.map((s) => s.vat));
  return {
    rows: sums.map((s) => ({
      vatRate: s.vatRate,
      lines: s.lines,
      net: formatMinor(s.net, currency),
      vat: formatMinor(s.vat, currency),
      gross: formatMinor(s.gross, currency),
    })),
    totals: {
      net: formatMinor(net, currency),
      vat: formatMinor(vat, currency),
      gross: formatMinor(sumMinor([net, vat]), currency),
    },
  };
}
