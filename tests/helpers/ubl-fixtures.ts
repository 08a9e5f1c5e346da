/**
 * Invoices and credit notes for the UBL tests, built with the product's own pure functions: run periods
 * from shared/periods.ts, prorated nets and per-line VAT from shared/money.ts (DESIGN §5, §6), credit-note
 * lines as the exact negatives (shared/credit-notes.ts). The shape is GET /invoices/:id's.
 */
import type { Invoice, InvoiceLine } from '../../shared/contracts/runs';
import type { DebtorSnapshot, SellerSnapshot } from '../../shared/contracts/snapshots';
import { computeAmount, formatMinor, sumMinor, toMinor } from '../../shared/money';
import { creditedLineMoney } from '../../shared/credit-notes';
import { defaultPeriodTo, runTiming, type Cycle } from '../../shared/periods';
import { addDays, daysInclusive, maxDate, minDate, type CalendarDate } from '../../shared/dates';
import type { VatCategoryCode } from '../../shared/vat-categories';

export type UblInvoice = Invoice & { lines: InvoiceLine[] };

export const SELLER: SellerSnapshot = {
  legalName: 'Zeeland Software B.V.',
  street: 'Havenstraat 12',
  postalCode: '4331 AB',
  city: 'Middelburg',
  countryCode: 'NL',
  vatNumber: 'NL123456789B01',
  companyId: '12345678',
  iban: 'NL91ABNA0417164300',
  bic: 'ABNANL2A',
  email: 'billing@zeeland.example',
  phone: '+31 118 123 456',
  website: 'https://zeeland.example',
  logo: null,
  paymentTerms: { en: 'Payment within 30 days of the invoice date.', nl: 'Betaling binnen 30 dagen na factuurdatum.' },
  emailFrom: 'billing@zeeland.example',
  emailReplyTo: '',
  defaultLanguage: 'nl',
  electronicAddress: '0106:12345678',
};

export const DEBTORS: Record<'nl' | 'be' | 'de', DebtorSnapshot> = {
  nl: {
    documentId: 'debtor-nl',
    reference: 'D-1001',
    name: 'Acme Nederland B.V.',
    email: 'ap@acme.example',
    street: 'Keizersgracht 1',
    postalCode: '1015 CJ',
    city: 'Amsterdam',
    country: null,
    countryCode: 'NL',
    vatNumber: 'NL987654321B02',
    language: 'nl',
    electronicAddress: '9944:NL987654321B02',
    deliveryChannel: 'peppol_file',
  },
  be: {
    documentId: 'debtor-be',
    reference: 'D-2002',
    name: 'Brasserie Élan & Fils SA',
    email: null,
    street: 'Rue de la Loi 16',
    postalCode: '1000',
    city: 'Bruxelles',
    country: null,
    countryCode: 'BE',
    vatNumber: 'BE0123456749',
    language: 'en',
    electronicAddress: '0208:0123456749',
    deliveryChannel: 'peppol_file',
  },
  de: {
    documentId: 'debtor-de',
    reference: 'D-3003',
    name: 'Müller & Söhne GmbH',
    email: 'rechnung@mueller.example',
    street: 'Große Straße 5',
    postalCode: '10115',
    city: 'Berlin',
    country: null,
    countryCode: 'DE',
    vatNumber: 'DE123456789',
    language: null,
    electronicAddress: '9930:DE123456789',
    deliveryChannel: 'peppol_file',
  },
};

export interface LineSpec {
  description: string;
  unitPrice: string;
  quantity: string;
  vatRate: string;
  /** the contract line's interval; the run's period when left out (fully covered) */
  start?: CalendarDate;
  end?: CalendarDate;
  /** the contract line starts this many days after the run's period start (a line that joined later) */
  startsAfterDays?: number;
  /** the contract line ends this many days after the run's period start (a line that was cancelled) */
  endsAfterDays?: number;
}

export interface InvoiceSpec {
  number: string;
  cycle: Cycle;
  /** the schedule's first period start and the run's index (DESIGN §5) */
  periodFrom: CalendarDate;
  /** the first period's end when it is broken (DESIGN §5); the regular end when left out */
  periodTo?: CalendarDate;
  run?: number;
  currency: string;
  debtor?: DebtorSnapshot;
  seller?: SellerSnapshot;
  category?: { name: string; vatCategory?: VatCategoryCode | null; vatExemptionReason?: string | null; vatExemptionReasonCode?: string | null } | null;
  lines: LineSpec[];
}

/** An invoice of run `run` of a schedule: each line's amount over the run's period, as the amounts job computes it. */
export function buildInvoice(spec: InvoiceSpec): UblInvoice {
  const timing = runTiming(
    {
      periodFrom: spec.periodFrom,
      periodTo: spec.periodTo ?? defaultPeriodTo(spec.periodFrom, spec.cycle),
      cycle: spec.cycle,
      invoiceDate: spec.periodFrom,
      dueDate: spec.periodFrom.replace(/-\d\d$/, '-28'),
    },
    spec.run ?? 0,
    14,
  );
  const periodDays = daysInclusive(timing.periodStart, timing.periodEnd);
  const lines: InvoiceLine[] = spec.lines.map((l, i) => {
    let start = l.start ? maxDate(l.start, timing.periodStart) : timing.periodStart;
    let end = l.end ? minDate(l.end, timing.periodEnd) : timing.periodEnd;
    if (l.startsAfterDays !== undefined) start = minDate(maxDate(start, addDays(timing.periodStart, l.startsAfterDays)), end);
    if (l.endsAfterDays !== undefined) end = maxDate(minDate(end, addDays(timing.periodStart, l.endsAfterDays)), start);
    const amount = computeAmount({
      unitPrice: l.unitPrice,
      quantity: l.quantity,
      coveredDays: daysInclusive(start, end),
      periodDays,
      currency: spec.currency,
      vatRate: l.vatRate,
    });
    return {
      documentId: `${spec.number}-line-${i + 1}`,
      position: i + 1,
      amount: `amount-${spec.number}-${i + 1}`,
      description: `${l.description} ${start} – ${end}`,
      periodStart: start,
      periodEnd: end,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      net: formatMinor(amount.net, spec.currency),
      vatRate: l.vatRate,
      vat: formatMinor(amount.vat, spec.currency),
      gross: formatMinor(amount.gross, spec.currency),
      creditedBy: null,
    };
  });
  const debtor = spec.debtor ?? DEBTORS.nl;
  const total = (key: 'net' | 'vat' | 'gross') => formatMinor(sumMinor(lines.map((l) => toMinor(l[key], spec.currency))), spec.currency);
  return {
    documentId: `doc-${spec.number}`,
    kind: 'invoice',
    number: spec.number,
    name: `Subscription - ${debtor.name}`,
    run: { documentId: 'run-1', reference: 'RUN-1' },
    debtor: { ...debtor },
    contract: null,
    category: spec.category ?? null,
    invoiceDate: timing.invoiceDate,
    dueDate: timing.dueDate < timing.invoiceDate ? timing.invoiceDate : timing.dueDate,
    currency: spec.currency,
    net: total('net'),
    vat: total('vat'),
    gross: total('gross'),
    status: 'open',
    sendStatus: 'open',
    creditedInvoice: null,
    creditReason: null,
    sendError: null,
    sentAt: null,
    sendCount: 0,
    lineCount: lines.length,
    document: null,
    lines,
    seller: spec.seller ?? SELLER,
  };
}

/** A credit note of `positions` of an invoice's lines (all when left out): the exact negatives (DESIGN §17). */
export function buildCreditNote(invoice: UblInvoice, number: string, positions?: number[], reason = 'Contract ended early'): UblInvoice {
  const currency = invoice.currency;
  const credited = invoice.lines.filter((l) => !positions || positions.includes(l.position));
  const lines: InvoiceLine[] = credited.map((l, i) => {
    const money = creditedLineMoney({ net: toMinor(l.net, currency), vat: toMinor(l.vat, currency), gross: toMinor(l.gross, currency), quantity: l.quantity, unitPrice: l.unitPrice });
    return {
      ...l,
      documentId: `${number}-line-${i + 1}`,
      position: i + 1,
      amount: null,
      quantity: money.quantity,
      unitPrice: money.unitPrice,
      net: formatMinor(money.net, currency),
      vat: formatMinor(money.vat, currency),
      gross: formatMinor(money.gross, currency),
      creditedBy: undefined,
      creditedLine: l.documentId,
    };
  });
  const total = (key: 'net' | 'vat' | 'gross') => formatMinor(sumMinor(lines.map((l) => toMinor(l[key], currency))), currency);
  return {
    ...invoice,
    documentId: `doc-${number}`,
    kind: 'credit_note',
    number,
    invoiceDate: invoice.dueDate,
    net: total('net'),
    vat: total('vat'),
    gross: total('gross'),
    creditedInvoice: { documentId: invoice.documentId, number: invoice.number, invoiceDate: invoice.invoiceDate },
    creditReason: reason,
    lineCount: lines.length,
    lines,
  };
}
