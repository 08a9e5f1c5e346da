/**
 * Test data of the multi-process tests and what it must give, computed here independently of the
 * plugin's code (BigInt arithmetic, no shared/money): a seeded, reproducible import body of debtors,
 * contracts and lines in EUR, JPY and KWD (discount lines, decimal quantities, prices with more
 * decimals than the currency, contracts and lines starting or ending mid-period, terminated contracts,
 * other cycles), the amounts a run of a period must get, and its invoice groups in number order.
 */

export type Cycle = 'monthly' | 'quarterly';

export interface ScenarioLine {
  debtorRef: string;
  debtorName: string;
  contractRef: string;
  lineRef: string;
  cycle: Cycle;
  status: 'active' | 'terminated';
  currency: string;
  unitPrice: string;
  quantity: string;
  vatRate: string;
  /** The line's effective interval (contract ∩ line) as day numbers; end null = open. */
  from: number;
  to: number | null;
  /** The contract's and the line's own intervals (day numbers, null = open). */
  contract: [number, number | null];
  line: [number | null, number | null];
}

export interface Scenario {
  /** The body of POST /invoicing/contracts/import. */
  body: { debtors: Array<Record<string, unknown>>; contracts: Array<Record<string, unknown>> };
  lines: ScenarioLine[];
}

export interface ExpectedAmount {
  debtorRef: string;
  debtorName: string;
  contractRef: string;
  lineRef: string;
  currency: string;
  periodStart: string;
  periodEnd: string;
  net: number;
  vat: number;
  gross: number;
}

const MINOR: Record<string, number> = { EUR: 2, JPY: 0, KWD: 3 };

export const day = (iso: string): number => {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86400000;
};
export const iso = (dayNumber: number): string => new Date(dayNumber * 86400000).toISOString().slice(0, 10);

/** mulberry32: a small seeded PRNG, so every run of a test gets the same data. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A decimal string of `units` / 10^scale ("-12.345"). */
function decimal(units: number, scale: number): string {
  const negative = units < 0;
  const digits = pad(Math.abs(units), scale + 1);
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/**
 * `debtors` debtors with 1–4 contracts each, 1–6 lines per contract (≈ 8.75 lines per debtor). Dates
 * vary around `windowFrom` … `windowTo` (the periods the tests invoice).
 */
export function makeScenario(options: { seed: number; debtors: number; windowFrom: string; windowTo: string }): Scenario {
  const r = prng(options.seed);
  const w0 = day(options.windowFrom);
  const w1 = day(options.windowTo);
  const inWindow = () => r.int(w0, w1);
  // Names in another order than references and import order: invoice numbers follow names.
  const order = Array.from({ length: options.debtors }, (_, i) => i + 1);
  for (let i = order.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const debtors: Array<Record<string, unknown>> = [];
  const contracts: Array<Record<string, unknown>> = [];
  const lines: ScenarioLine[] = [];
  let contractNo = 0;
  for (let i = 0; i < options.debtors; i++) {
    const debtorRef = `DEB-${pad(i + 1, 5)}`;
    const debtorName = `Debtor ${pad(order[i], 5)}`;
    debtors.push({ reference: debtorRef, name: debtorName, email: `d${i + 1}@cluster.test`, city: 'Utrecht' });
    const contractCount = r.int(1, 4);
    for (let c = 0; c < contractCount; c++) {
      contractNo += 1;
      const contractRef = `CTR-${pad(contractNo, 6)}`;
      const cycle: Cycle = r.chance(0.85) ? 'monthly' : 'quarterly';
      const status = r.chance(0.95) ? 'active' : 'terminated';
      const currency = r.pick(['EUR', 'EUR', 'EUR', 'EUR', 'EUR', 'EUR', 'EUR', 'EUR', 'JPY', 'KWD']);
      const startRoll = r.next();
      const startDay = startRoll < 0.75 ? w0 - r.int(1, 700) : startRoll < 0.9 ? inWindow() : w0;
      const endRoll = r.next();
      let endDay: number | null = endRoll < 0.75 ? null : endRoll < 0.87 ? inWindow() : endRoll < 0.95 ? w1 + r.int(1, 400) : w0 - r.int(1, 60);
      if (endDay !== null && endDay < startDay) endDay = startDay + r.int(0, 40);
      const lineCount = r.int(1, 6);
      const contractLines: Array<Record<string, unknown>> = [];
      const scale = MINOR[currency];
      for (let l = 0; l < lineCount; l++) {
        const lineRef = `L${l + 1}`;
        // Mostly whole minor units, sometimes two more decimals than the currency has (rounding).
        const extra = r.chance(0.2) ? 2 : 0;
        let units = r.int(1, currency === 'JPY' ? 200000 : currency === 'KWD' ? 900000 : 250000);
        if (extra) units = units * 100 + r.int(0, 99);
        if (r.chance(0.08)) units = -Math.max(1, Math.floor(units / 10)); // a discount line
        const unitPrice = decimal(units, scale + extra);
        const quantity = r.pick(['1', '1', '1', '1', '2', '3', '0.5', '1.25', '12', '0.333']);
        const vatRate = r.pick(['21', '21', '21', '9', '0', '5.5', '19.6']);
        let lineStart: number | null = null;
        let lineEnd: number | null = null;
        const lineRoll = r.next();
        if (lineRoll < 0.1) lineStart = inWindow();
        else if (lineRoll < 0.2) lineEnd = inWindow();
        else if (lineRoll < 0.24) {
          lineStart = inWindow();
          lineEnd = lineStart + r.int(0, 50);
        }
        contractLines.push({
          reference: lineRef,
          description: `Item ${lineRef} of ${contractRef}`,
          unitPrice,
          quantity,
          vatRate,
          startDate: lineStart === null ? null : iso(lineStart),
          endDate: lineEnd === null ? null : iso(lineEnd),
        });
        const from = Math.max(startDay, lineStart ?? startDay);
        const ends = [endDay, lineEnd].filter((x): x is number => x !== null);
        lines.push({
          debtorRef,
          debtorName,
          contractRef,
          lineRef,
          cycle,
          status,
          currency,
          unitPrice,
          quantity,
          vatRate,
          from,
          to: ends.length ? Math.min(...ends) : null,
          contract: [startDay, endDay],
          line: [lineStart, lineEnd],
        });
      }
      contracts.push({
        reference: contractRef,
        name: `Contract ${contractRef}`,
        debtorReference: debtorRef,
        invoiceCycle: cycle,
        startDate: iso(startDay),
        endDate: endDay === null ? null : iso(endDay),
        status,
        currency,
        lines: contractLines,
      });
    }
  }
  return { body: { debtors, contracts }, lines };
}

/**
 * How many lines the amounts job of a run reads (its `total`): the contract and the line each overlap
 * the period, even where the two do not overlap each other (those lines get no amount).
 */
export function eligibleLineCount(scenario: Scenario, run: { cycle: Cycle; periodStart: string; periodEnd: string }): number {
  const S = day(run.periodStart);
  const E = day(run.periodEnd);
  const overlaps = (from: number | null, to: number | null) => (from === null || from <= E) && (to === null || to >= S);
  return scenario.lines.filter((l) => l.status === 'active' && l.cycle === run.cycle && overlaps(...l.contract) && overlaps(...l.line)).length;
}

/** A decimal string as an integer and its scale. */
function parse(value: string): { n: bigint; scale: number } {
  const negative = value.startsWith('-');
  const [int, frac = ''] = value.replace('-', '').split('.');
  const n = BigInt(int + frac);
  return { n: negative ? -n : n, scale: frac.length };
}

/** num / den rounded half away from zero. */
function roundHalfAway(num: bigint, den: bigint): bigint {
  const negative = num < 0n !== den < 0n;
  const a = num < 0n ? -num : num;
  const b = den < 0n ? -den : den;
  let q = a / b;
  if ((a % b) * 2n >= b) q += 1n;
  return negative ? -q : q;
}

const TEN = (k: number) => 10n ** BigInt(k);

/** The amounts a run of `cycle` over [periodStart, periodEnd] must get (DESIGN §6), in line order. */
export function expectedAmounts(scenario: Scenario, run: { cycle: Cycle; periodStart: string; periodEnd: string }): ExpectedAmount[] {
  const S = day(run.periodStart);
  const E = day(run.periodEnd);
  const D = BigInt(E - S + 1);
  const out: ExpectedAmount[] = [];
  for (const l of scenario.lines) {
    if (l.status !== 'active' || l.cycle !== run.cycle) continue;
    const start = Math.max(S, l.from);
    const end = Math.min(E, l.to ?? E);
    if (start > end) continue;
    const d = BigInt(end - start + 1);
    const m = MINOR[l.currency];
    const price = parse(l.unitPrice);
    const qty = parse(l.quantity);
    const rate = parse(l.vatRate);
    const net = roundHalfAway(price.n * qty.n * d * TEN(m), TEN(price.scale + qty.scale) * D);
    const vat = roundHalfAway(net * rate.n, 100n * TEN(rate.scale));
    out.push({
      debtorRef: l.debtorRef,
      debtorName: l.debtorName,
      contractRef: l.contractRef,
      lineRef: l.lineRef,
      currency: l.currency,
      periodStart: iso(start),
      periodEnd: iso(end),
      net: Number(net),
      vat: Number(vat),
      gross: Number(net + vat),
    });
  }
  return out;
}

export interface CurrencySums {
  amounts: number;
  net: number;
  vat: number;
  gross: number;
}

/** Count and sums per currency (minor units). */
export function sumsByCurrency(amounts: Array<{ currency: string; net: number; vat: number; gross: number }>): Record<string, CurrencySums> {
  const out: Record<string, CurrencySums> = {};
  for (const a of amounts) {
    const s = (out[a.currency] ??= { amounts: 0, net: 0, vat: 0, gross: 0 });
    s.amounts += 1;
    s.net += a.net;
    s.vat += a.vat;
    s.gross += a.gross;
  }
  return out;
}

export interface ExpectedGroup {
  /** `debtorRef|contractRef` (per contract) or `debtorRef|currency` (per debtor). */
  key: string;
  lines: number;
  currency: string;
  net: number;
  vat: number;
  gross: number;
}

/**
 * The invoices of a run's amounts in number order (DESIGN §7): one per contract (`name_contract`) or
 * per debtor and currency (`name_debtor`), ordered by debtor name, then contract reference (currency).
 * Debtor names are unique here and every reference has a fixed width, so any collation sorts alike.
 */
export function expectedGroups(amounts: ExpectedAmount[], format: 'name_contract' | 'name_debtor'): ExpectedGroup[] {
  const groups = new Map<string, ExpectedGroup & { sortKey: string }>();
  for (const a of amounts) {
    const second = format === 'name_contract' ? a.contractRef : a.currency;
    const key = `${a.debtorRef}|${second}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, sortKey: `${a.debtorName}\u0000${second}`, lines: 0, currency: a.currency, net: 0, vat: 0, gross: 0 };
      groups.set(key, g);
    }
    g.lines += 1;
    g.net += a.net;
    g.vat += a.vat;
    g.gross += a.gross;
  }
  return [...groups.values()]
    .sort((x, y) => (x.sortKey < y.sortKey ? -1 : x.sortKey > y.sortKey ? 1 : 0))
    .map(({ sortKey: _sortKey, ...g }) => g);
}
