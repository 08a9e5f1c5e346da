/**
 * The bench's data: a deterministic import body generator and what the run must produce from it,
 * computed independently of the plugin (DESIGN §6 and §7), so the bench can check its counts and sums.
 */

export interface DataOptions {
  lines: number;
  debtors: number;
  /** debtors per import body */
  importChunk: number;
}

export const PERIOD_START = '2026-01-01';
export const PERIOD_END = '2026-01-31';

/** The playground's deterministic PRNG (mulberry32), so every bench run imports the same data. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const prng = (require('../playground/src/demo/data.js') as { rng: (seed: number) => () => number }).rng;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const dayNumber = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;
export const formatCents = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${pad(Math.abs(cents) % 100, 2)}`;
/** round(a / b) half away from zero, for integers a ≥ 0, b > 0 (exact in doubles at these sizes). */
const divRound = (a: number, b: number) => Math.floor((2 * a + b) / (2 * b));

export interface ImportLine {
  reference: string;
  description: string;
  unitPrice: string;
  quantity: string;
  vatRate: string;
  startDate: string | null;
  endDate: string | null;
}

export interface ImportContract {
  reference: string;
  name: string;
  debtorReference: string;
  invoiceCycle: 'monthly';
  startDate: string;
  endDate: string | null;
  status: 'active';
  currency: 'EUR';
  lines: ImportLine[];
}

export interface ImportDebtor {
  reference: string;
  name: string;
  email: string;
  city: string;
  country: string;
}

export interface ImportBody {
  debtors: ImportDebtor[];
  contracts: ImportContract[];
}

/** What the run must produce, computed independently of the plugin (DESIGN §6, §7). */
export interface Expected {
  lines: number;
  contracts: number;
  /** lines eligible for the run (all of them here: active, monthly, overlapping the period) */
  eligible: number;
  prorated: number;
  netCents: number;
  vatCents: number;
  /** name_debtor: one invoice per debtor and currency with at least one amount */
  invoices: number;
}

/**
 * Debtors D-000001… each get lines/debtors lines (±1), split into contracts of 1–3 lines; all monthly,
 * active, EUR, VAT 21 %. A few contracts start and a few lines start or end inside January 2026, so
 * those amounts are prorated.
 */
export function* importBodies(options: DataOptions, expected: Expected): Generator<ImportBody> {
  const rnd = prng(20260101);
  const periodDays = dayNumber(PERIOD_END) - dayNumber(PERIOD_START) + 1;
  const base = Math.floor(options.lines / options.debtors);
  const extra = options.lines % options.debtors;
  let contractNo = 0;
  let lineNo = 0;
  let body: ImportBody = { debtors: [], contracts: [] };

  for (let d = 1; d <= options.debtors; d += 1) {
    const debtorRef = `D-${pad(d, 6)}`;
    body.debtors.push({
      reference: debtorRef,
      name: `Debtor ${pad(d, 6)}`,
      email: `debtor${pad(d, 6)}@bench.example`,
      city: 'Utrecht',
      country: 'NL',
    });
    let remaining = base + (d <= extra ? 1 : 0);
    if (remaining > 0) expected.invoices += 1;
    while (remaining > 0) {
      contractNo += 1;
      const size = Math.min(remaining, 1 + Math.floor(rnd() * 3));
      remaining -= size;
      const contractStart = contractNo % 41 === 0 ? '2026-01-15' : '2025-01-01';
      const contract: ImportContract = {
        reference: `C-${pad(contractNo, 7)}`,
        name: `Contract ${pad(contractNo, 7)}`,
        debtorReference: debtorRef,
        invoiceCycle: 'monthly',
        startDate: contractStart,
        endDate: null,
        status: 'active',
        currency: 'EUR',
        lines: [],
      };
      for (let l = 0; l < size; l += 1) {
        lineNo += 1;
        const cents = 500 + Math.floor(rnd() * 99_500); // 5.00 … 999.99
        const startDate = lineNo % 37 === 5 ? '2026-01-11' : null;
        const endDate = lineNo % 53 === 7 ? '2026-01-20' : null;
        contract.lines.push({
          reference: `L-${pad(lineNo, 7)}`,
          description: `Service ${pad(lineNo, 7)}`,
          unitPrice: formatCents(cents),
          quantity: '1',
          vatRate: '21',
          startDate,
          endDate,
        });
        // Expected amount: covered part of [max(contract, line start), line end] within the period.
        const from = Math.max(dayNumber(PERIOD_START), dayNumber(contractStart), startDate ? dayNumber(startDate) : -Infinity);
        const to = Math.min(dayNumber(PERIOD_END), endDate ? dayNumber(endDate) : Infinity);
        if (to >= from) {
          const days = to - from + 1;
          const net = divRound(cents * days, periodDays);
          expected.eligible += 1;
          if (days < periodDays) expected.prorated += 1;
          expected.netCents += net;
          expected.vatCents += divRound(net * 21, 100);
        }
      }
      body.contracts.push(contract);
    }
    if (body.debtors.length >= options.importChunk || d === options.debtors) {
      expected.contracts = contractNo;
      expected.lines = lineNo;
      yield body;
      body = { debtors: [], contracts: [] };
    }
  }
}


export const emptyExpected = (): Expected => ({ lines: 0, contracts: 0, eligible: 0, prorated: 0, netCents: 0, vatCents: 0, invoices: 0 });
