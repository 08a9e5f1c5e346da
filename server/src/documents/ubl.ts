/**
 * UBL 2.1 e-invoices that conform to Peppol BIS Billing 3.0 / EN 16931 (DESIGN §18): an `Invoice` for an
 * invoice, a `CreditNote` for a credit note, from the invoice as GET /invoices/:id answers it (its lines
 * and the seller and debtor snapshots taken at generation, never the current settings or debtor).
 * Pure: no Strapi import. The tests run every document through the official CEN and OpenPEPPOL schematron
 * rules (tests/helpers/peppol.ts).
 *
 * XML is written with xmlbuilder2 (maintained, typed, no native code): it escapes text and attributes and
 * declares the namespaces, so no string concatenation of XML happens here. Element order follows the UBL
 * 2.1 schemas (xsd:sequence), which the schematron does not check but every Peppol access point does.
 *
 * Money (shared/money.ts, never a JS float): every amount is an integer number of units of the written
 * scale. BR-DEC-* allow at most 2 decimals on amounts, so the written scale is min(currency decimals, 2):
 * EUR 2, JPY 0, KWD (3 decimals) 2. For a currency with more than 2 decimals each line's net and VAT are
 * rounded half away from zero to 2 decimals and every total is the sum of those rounded lines (so the
 * document adds up to the cent, as the rules check); a note on the document gives the exact totals in the
 * currency's own decimals, which stay the legal figures. Unit prices are not amounts and keep their exact
 * value.
 *
 * VAT: computed and rounded per line by the product (DESIGN §6); a VAT subtotal per (category, rate) is
 * the sum of its lines' net and VAT, never a re-computation of net × rate. EN 16931 checks a subtotal's VAT
 * against taxable × rate with a tolerance of less than 1 unit (BR-CO-17, BR-S-09, …): per-line rounding
 * stays far inside it for currencies with decimals, but in a currency without decimals (JPY) several
 * lines at one rate can each be up to 0.5 off; when the sum is 1 or more off, the document cannot pass the
 * rules and `invoiceUbl` says so (UblProblem) instead of writing a figure the lines do not add up to.
 *
 * Signs: a credit note's lines are the exact negatives of the invoice lines it credits (negative
 * quantities and nets). A UBL CreditNote states what is credited with positive amounts (a CreditNote of
 * +X credits X), so the credit note is written with every quantity and amount negated: its totals are its
 * own totals in absolute value. An invoice may have negative (discount) lines and even a negative total,
 * which EN 16931 allows on an Invoice; the item price may not be negative (BR-27), so a line with a
 * negative unit price is written with price and quantity both negated (their product, the net, is the
 * same).
 *
 * Prorated lines (a partly covered period, DESIGN §6): net = unit price × quantity × d / D rounded, which
 * is not quantity × unit price. Peppol checks net = quantity × (price / base quantity) within 0.02
 * (PEPPOL-EN16931-R120), so such a line states its price for its whole quantity: PriceAmount = |net|
 * with BaseQuantity = |quantity| (BT-149), exact, and the item description says it is a part of the
 * period at the unit price. A line with net = quantity × unit price gives its unit price as it is.
 *
 * Payment: PaymentMeans 58 (SEPA credit transfer) for euro with the seller's IBAN, 30 (credit transfer) for
 * other currencies, 1 (not defined) without an IBAN; PaymentID is the number. A credit note has no due date
 * (UBL 2.1 has none on a CreditNote) and no payment means or terms (the buyer pays nothing), except when it
 * leaves the buyer owing or both parties are German (DE-R-001).
 *
 * What the rules need and the data may lack (electronic addresses, VAT numbers for the categories that
 * need them, Dutch and German address rules, category O alone, …) is a UblProblem naming the field.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { Decimal } from 'decimal.js';
import type { Invoice, InvoiceLine } from '../../../shared/contracts/runs';
import { documentLanguage, invoicePeriod } from '../../../shared/document-data';
import { electronicAddressProblem, splitElectronicAddress } from '../../../shared/identifiers';
import { DECIMAL_PATTERN, minorUnits, normalizeDecimal, roundHalfAwayFromZero, sumMinor, toMinor } from '../../../shared/money';
import { negateDecimal } from '../../../shared/credit-notes';
import {
  VAT_CATEGORY_NAMES,
  lineVatCategory,
  vatTreatmentProblem,
  type LineVatCategory,
  type VatTreatment,
} from '../../../shared/vat-categories';

const NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

export const PEPPOL_CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PEPPOL_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

/** The most decimals an amount may have in a Peppol document (BR-DEC-*). */
const MAX_AMOUNT_DECIMALS = 2;

/** UN/ECE Rec 20 "one" (piece): our quantities are counts of the contract line's unit. */
const UNIT_CODE = 'C62';

/** A document that cannot be made: which field (of the invoice, its seller or debtor) and why, for a finance admin. */
export class UblProblem extends Error {
  readonly field: string;
  constructor(problem: { field: string; message: string }) {
    super(problem.message);
    this.name = 'UblProblem';
    this.field = problem.field;
  }
}

/** The file name of a document's UBL file: its number with safe characters, `.xml` (`2026-000001.xml`). */
export function ublFileName(invoice: Pick<Invoice, 'number'>): string {
  const base = String(invoice.number ?? '')
    .normalize('NFC')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .replace(/[._]+$/, '')
    .slice(0, 150);
  return `${base || 'invoice'}.xml`;
}

/** The document's own sentences, in the document's language (the debtor's, else the seller's default). */
const TEXTS = {
  en: {
    creditNote: (invoiceNumber: string, reason: string | null) => `Credit note for invoice ${invoiceNumber}${reason ? `: ${reason}` : ''}.`,
    decimals: (currency: string, net: string, vat: string, gross: string) =>
      `Amounts are shown with 2 decimals as Peppol BIS requires (each line rounded, totals are the sums of the rounded lines); the exact ${currency} amounts are: net ${net}, VAT ${vat}, total ${gross}.`,
    prorated: (start: string, end: string, quantity: string, price: string, currency: string, net: string) =>
      `Pro rata for ${start} – ${end}: ${quantity} × ${price} ${currency} prorated to ${net} ${currency}.`,
  },
  nl: {
    creditNote: (invoiceNumber: string, reason: string | null) => `Creditnota voor factuur ${invoiceNumber}${reason ? `: ${reason}` : ''}.`,
    decimals: (currency: string, net: string, vat: string, gross: string) =>
      `Bedragen staan met 2 decimalen vermeld zoals Peppol BIS vereist (elke regel afgerond, totalen zijn de sommen van de afgeronde regels); de exacte bedragen in ${currency} zijn: netto ${net}, btw ${vat}, totaal ${gross}.`,
    prorated: (start: string, end: string, quantity: string, price: string, currency: string, net: string) =>
      `Naar rato voor ${start} – ${end}: ${quantity} × ${price} ${currency} naar rato ${net} ${currency}.`,
  },
};
type Texts = (typeof TEXTS)['en'];

/* ------------------------------------------------------------------------------------------------ */
/* Exact amounts in units of the written scale                                                     */
/* ------------------------------------------------------------------------------------------------ */

const Dec = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -100, toExpPos: 100 });

/** `value` rounded half away from zero to `scale` decimals, as an integer number of 10^-scale units. */
function toUnits(value: string, scale: number): number {
  const n = Number(roundHalfAwayFromZero(value, scale).replace('.', ''));
  if (!Number.isSafeInteger(n)) throw new Error(`Amount "${value}" is too large.`);
  return n === 0 ? 0 : n;
}

/** Integer units of 10^-scale as a decimal string with exactly `scale` decimals (1234, 2 → "12.34"). */
function formatUnits(units: number, scale: number): string {
  const negative = units < 0;
  const digits = String(Math.abs(units)).padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

const negate = (n: number): number => (n === 0 ? 0 : -n);

/* ------------------------------------------------------------------------------------------------ */
/* The document's figures                                                                           */
/* ------------------------------------------------------------------------------------------------ */

interface UblLine {
  id: string;
  quantity: string;
  net: number;
  vat: number;
  price: string;
  /** set when the price is for the whole quantity (prorated line) */
  baseQuantity: string | null;
  category: LineVatCategory;
  rate: string;
  name: string;
  description: string | null;
  periodStart: string;
  periodEnd: string;
}

interface Subtotal {
  category: LineVatCategory;
  rate: string;
  taxable: number;
  tax: number;
}

const who = (invoice: Invoice): string => (invoice.kind === 'credit_note' ? `Credit note ${invoice.number}` : `Invoice ${invoice.number}`);

function text(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function treatmentOf(invoice: Invoice): VatTreatment | null {
  const category = invoice.category;
  if (!category || !category.vatCategory) return null;
  return {
    vatCategory: category.vatCategory,
    vatExemptionReason: category.vatExemptionReason ?? null,
    vatExemptionReasonCode: category.vatExemptionReasonCode ?? null,
  };
}

function buildLines(invoice: Invoice, lines: InvoiceLine[], scale: number, treatment: VatTreatment | null, texts: Texts): UblLine[] {
  const currency = invoice.currency;
  const credit = invoice.kind === 'credit_note';
  return [...lines]
    .sort((a, b) => a.position - b.position)
    .map((line) => {
      for (const [name, value] of [['quantity', line.quantity], ['unitPrice', line.unitPrice], ['net', line.net], ['vat', line.vat], ['vatRate', line.vatRate]] as const) {
        if (typeof value !== 'string' || !DECIMAL_PATTERN.test(value)) {
          throw new UblProblem({ field: `lines.${line.position}.${name}`, message: `${who(invoice)}: line ${line.position} has no valid ${name} (${JSON.stringify(value)}).` });
        }
      }
      toMinor(line.net, currency); // the line's figures are in the currency's decimals (throws otherwise)
      toMinor(line.vat, currency);
      let quantity = normalizeDecimal(line.quantity);
      let net = toUnits(line.net, scale);
      let vat = toUnits(line.vat, scale);
      let price = normalizeDecimal(line.unitPrice);
      if (credit) {
        quantity = negateDecimal(quantity);
        net = negate(net);
        vat = negate(vat);
      }
      if (price.startsWith('-')) {
        price = negateDecimal(price);
        quantity = negateDecimal(quantity);
      }
      // Exact line: net (in the currency's decimals) = quantity × unit price.
      const exact = new Dec(line.quantity).times(line.unitPrice).eq(new Dec(line.net));
      const prorated = !exact && !new Dec(quantity).isZero();
      const category = lineVatCategory(line.vatRate, treatment);
      return {
        id: String(line.position),
        quantity,
        net,
        vat,
        price: prorated ? new Dec(line.net).abs().toFixed() : price,
        baseQuantity: prorated ? new Dec(quantity).abs().toFixed() : null,
        category,
        rate: normalizeDecimal(line.vatRate),
        name: line.description,
        description: prorated
          ? texts.prorated(line.periodStart, line.periodEnd, new Dec(line.quantity).abs().toFixed(), new Dec(line.unitPrice).abs().toFixed(), currency, new Dec(line.net).abs().toFixed())
          : null,
        periodStart: line.periodStart,
        periodEnd: line.periodEnd,
      };
    });
}

function subtotalsOf(lines: UblLine[]): Subtotal[] {
  const order: LineVatCategory[] = ['S', 'Z', 'E', 'AE', 'K', 'G', 'O'];
  const groups = new Map<string, { category: LineVatCategory; rate: string; net: number[]; vat: number[] }>();
  for (const line of lines) {
    const key = `${line.category}|${line.rate}`;
    let group = groups.get(key);
    if (!group) {
      group = { category: line.category, rate: line.rate, net: [], vat: [] };
      groups.set(key, group);
    }
    group.net.push(line.net);
    group.vat.push(line.vat);
  }
  return [...groups.values()]
    .sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category) || new Dec(a.rate).cmp(new Dec(b.rate)))
    .map((g) => ({ category: g.category, rate: g.rate, taxable: sumMinor(g.net), tax: sumMinor(g.vat) }));
}

/* ------------------------------------------------------------------------------------------------ */
/* Checks: what the rules need that the data may lack                                              */
/* ------------------------------------------------------------------------------------------------ */

function endpoint(value: string | null | undefined, field: string, missing: string, invalid: (why: string) => string): { scheme: string; id: string } {
  const address = text(value);
  if (!address) throw new UblProblem({ field, message: missing });
  const why = electronicAddressProblem(address);
  const parts = splitElectronicAddress(address);
  if (why !== null || !parts) throw new UblProblem({ field, message: invalid(why ?? 'is not written as scheme:id') });
  return parts;
}

/** NL-R-003: a Dutch seller's legal entity id must carry scheme 0106 (KvK, 8 digits) or 0190 (OIN, 20 digits). */
function dutchLegalIdScheme(companyId: string): string | null {
  const compact = companyId.replace(/[\s.-]/g, '');
  if (/^\d{8}$/.test(compact)) return '0106';
  if (/^\d{20}$/.test(compact)) return '0190';
  return null;
}

/* ------------------------------------------------------------------------------------------------ */
/* The document                                                                                     */
/* ------------------------------------------------------------------------------------------------ */

/** The UBL 2.1 Invoice or CreditNote (Peppol BIS Billing 3.0) of an invoice with its lines and snapshots. */
export function invoiceUbl(invoice: Invoice & { lines: InvoiceLine[] }): string {
  const credit = invoice.kind === 'credit_note';
  const currency = invoice.currency;
  const currencyScale = minorUnits(currency);
  const scale = Math.min(currencyScale, MAX_AMOUNT_DECIMALS);
  const seller = invoice.seller;
  const debtor = invoice.debtor;
  const debtorName = text(debtor.name) ?? debtor.reference;

  if (!seller) {
    throw new UblProblem({ field: 'seller', message: `${who(invoice)} was made before seller details were stored with invoices; it cannot be sent as an e-invoice.` });
  }
  const sellerName = text(seller.legalName);
  if (!sellerName) throw new UblProblem({ field: 'seller.legalName', message: 'The seller has no legal name; fill it in under Settings → Invoicing before sending e-invoices.' });
  const sellerEndpoint = endpoint(
    seller.electronicAddress,
    'seller.electronicAddress',
    `The seller (${sellerName}) has no electronic address (Peppol participant id); fill it in under Settings → Invoicing before sending e-invoices.`,
    (why) => `The seller's electronic address ${why}; correct it under Settings → Invoicing.`,
  );
  const sellerCountry = text(seller.countryCode);
  if (!sellerCountry) throw new UblProblem({ field: 'seller.countryCode', message: `The seller (${sellerName}) has no country; fill it in under Settings → Invoicing before sending e-invoices.` });
  const debtorEndpoint = endpoint(
    debtor.electronicAddress,
    'debtor.electronicAddress',
    `Debtor ${debtorName} has no electronic address (Peppol participant id); fill it in before sending e-invoices.`,
    (why) => `Debtor ${debtorName}'s electronic address ${why}; correct it before sending e-invoices.`,
  );
  const debtorCountry = text(debtor.countryCode);
  if (!debtorCountry) throw new UblProblem({ field: 'debtor.countryCode', message: `Debtor ${debtorName} has no country; fill it in before sending e-invoices.` });
  const buyerReference = text(debtor.reference);
  if (!buyerReference) throw new UblProblem({ field: 'debtor.reference', message: `Debtor ${debtorName} has no reference; e-invoices need one as the buyer reference.` });
  if (seller.countryCode === 'NL' && !(text(seller.street) && text(seller.city) && text(seller.postalCode))) {
    throw new UblProblem({ field: 'seller.street', message: `The seller (${sellerName}) is in the Netherlands and needs street, postal code and city on e-invoices; fill them in under Settings → Invoicing.` });
  }
  if (seller.countryCode === 'NL' && debtorCountry === 'NL' && !(text(debtor.street) && text(debtor.city) && text(debtor.postalCode))) {
    throw new UblProblem({ field: 'debtor.street', message: `Debtor ${debtorName} is in the Netherlands and needs street, postal code and city on e-invoices from a Dutch seller; fill them in first.` });
  }
  // German rules (DE-R-*, XRechnung) when seller and buyer are both in Germany: addresses with city and
  // postal code, a seller contact with phone and email, payment instructions also on credit notes.
  const german = sellerCountry === 'DE' && debtorCountry === 'DE';
  if (german) {
    if (!(text(seller.city) && text(seller.postalCode))) {
      throw new UblProblem({ field: 'seller.city', message: `The seller (${sellerName}) needs postal code and city on e-invoices to German customers; fill them in under Settings → Invoicing.` });
    }
    if (!(text(debtor.city) && text(debtor.postalCode))) {
      throw new UblProblem({ field: 'debtor.city', message: `Debtor ${debtorName} needs postal code and city on e-invoices from a German seller; fill them in first.` });
    }
    if (!(text(seller.phone) && text(seller.email))) {
      throw new UblProblem({ field: text(seller.phone) ? 'seller.email' : 'seller.phone', message: `The seller (${sellerName}) needs a phone number and an email address as contact on e-invoices to German customers; fill them in under Settings → Invoicing.` });
    }
  }
  if (invoice.lines.length === 0) throw new UblProblem({ field: 'lines', message: `${who(invoice)} has no lines.` });

  const treatment = treatmentOf(invoice);
  if (treatment) {
    const problem = vatTreatmentProblem(treatment);
    if (problem) throw new UblProblem({ field: `category.${problem.field}`, message: `Invoice category ${invoice.category?.name ?? ''}: ${problem.message}` });
  }

  const texts = TEXTS[documentLanguage(invoice)];
  const lines = buildLines(invoice, invoice.lines, scale, treatment, texts);
  const categories = new Set(lines.map((l) => l.category));
  const subtotals = subtotalsOf(lines);

  // The document's totals are the lines' sums; they must be the invoice's own (DESIGN §7).
  for (const [field, values] of [['net', invoice.lines.map((l) => l.net)], ['vat', invoice.lines.map((l) => l.vat)]] as const) {
    const sum = sumMinor(values.map((v) => toMinor(v, currency)));
    if (sum !== toMinor(invoice[field], currency)) {
      throw new UblProblem({ field, message: `${who(invoice)}: its ${field} total ${invoice[field]} is not the sum of its lines; it cannot be sent as an e-invoice.` });
    }
  }

  // Category combinations and the identifiers they need (BR-O-*, BR-AE-*, BR-IC-*, BR-E/G/S/Z-02).
  const notSubject = categories.has('O');
  if (notSubject && categories.size > 1) {
    throw new UblProblem({
      field: 'category.vatCategory',
      message: `${who(invoice)} has lines not subject to VAT (category O) together with ${[...categories].filter((c) => c !== 'O').map((c) => `${c} (${VAT_CATEGORY_NAMES[c]})`).join(', ')} lines; an e-invoice with category O may have no other VAT category. Put these lines on separate invoices.`,
    });
  }
  const sellerVat = notSubject ? null : text(seller.vatNumber);
  const debtorVat = notSubject ? null : text(debtor.vatNumber);
  if (!notSubject && !sellerVat) {
    throw new UblProblem({ field: 'seller.vatNumber', message: `The seller (${sellerName}) has no VAT number, which e-invoices with VAT need; fill it in under Settings → Invoicing.` });
  }
  for (const c of ['AE', 'K'] as const) {
    if (categories.has(c) && !debtorVat) {
      throw new UblProblem({ field: 'debtor.vatNumber', message: `Debtor ${debtorName} has no VAT number, which an e-invoice with ${VAT_CATEGORY_NAMES[c].toLowerCase()} (${c}) must show; fill it in first.` });
    }
  }
  let sellerCompanyId = text(seller.companyId);
  let sellerCompanyScheme: string | null = null;
  if (sellerCompanyId && seller.countryCode === 'NL') {
    sellerCompanyScheme = dutchLegalIdScheme(sellerCompanyId);
    if (!sellerCompanyScheme) {
      if (!sellerVat) {
        throw new UblProblem({ field: 'seller.companyId', message: `The seller's company id "${sellerCompanyId}" must be a KvK number (8 digits) or an OIN (20 digits) on Dutch e-invoices; correct it under Settings → Invoicing.` });
      }
      sellerCompanyId = null; // NL-R-003: leave out an id that is neither; the VAT number identifies the seller
    } else sellerCompanyId = sellerCompanyId.replace(/[\s.-]/g, '');
  }
  if (!sellerVat && !sellerCompanyId) {
    throw new UblProblem({ field: 'seller.companyId', message: `The seller (${sellerName}) needs a company id (e.g. chamber of commerce number) on e-invoices not subject to VAT; fill it in under Settings → Invoicing.` });
  }

  // Per-line VAT rounding against EN 16931's check of each subtotal (see the header).
  for (const s of subtotals) {
    if (s.category === 'O' || new Dec(s.rate).isZero()) {
      if (s.tax !== 0) throw new UblProblem({ field: 'lines', message: `${who(invoice)} has VAT on lines at 0 %; it cannot be sent as an e-invoice.` });
      continue;
    }
    const scaleFactor = new Dec(10).pow(scale);
    const expected = new Dec(s.taxable).abs().div(scaleFactor).times(s.rate).div(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const written = new Dec(s.tax).abs().div(scaleFactor);
    if (written.minus(expected).abs().gte(1)) {
      throw new UblProblem({
        field: 'lines',
        message: `${who(invoice)}: the VAT at ${s.rate} % is ${formatUnits(s.tax, scale)} ${currency} as the sum of its lines' rounded VAT, ${written.minus(expected).abs().toFixed()} ${currency} away from ${s.rate} % of the total, more than Peppol allows (less than 1); it cannot be sent as a Peppol e-invoice.`,
      });
    }
  }

  const lineTotal = sumMinor(lines.map((l) => l.net));
  const taxTotal = sumMinor(subtotals.map((s) => s.tax));
  const grossTotal = sumMinor([lineTotal, taxTotal]);
  const amount = (units: number): string => formatUnits(units, scale);

  // One document note at most (PEPPOL-EN16931-R002).
  const notes: string[] = [];
  if (credit) notes.push(texts.creditNote(invoice.creditedInvoice?.number ?? '', text(invoice.creditReason)));
  if (currencyScale > MAX_AMOUNT_DECIMALS) {
    const own = (value: string) => (credit ? negateDecimal(value) : value); // a credit note's figures, written positive
    notes.push(texts.decimals(currency, own(invoice.net), own(invoice.vat), own(invoice.gross)));
  }
  if (credit && !invoice.creditedInvoice) {
    throw new UblProblem({ field: 'creditedInvoice', message: `${who(invoice)} does not name the invoice it credits; it cannot be sent as an e-invoice.` });
  }

  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(credit ? NS.creditNote : NS.invoice, credit ? 'CreditNote' : 'Invoice', {
    'xmlns:cac': NS.cac,
    'xmlns:cbc': NS.cbc,
  });
  const cbc = (parent: XMLBuilder, name: string, value: string, attributes?: Record<string, string>): XMLBuilder =>
    parent.ele(NS.cbc, `cbc:${name}`, attributes).txt(value).up();
  const cac = (parent: XMLBuilder, name: string): XMLBuilder => parent.ele(NS.cac, `cac:${name}`);
  const money = (parent: XMLBuilder, name: string, units: number): XMLBuilder => cbc(parent, name, amount(units), { currencyID: currency });
  const optional = (parent: XMLBuilder, name: string, value: string | null | undefined): void => {
    const t = text(value);
    if (t) cbc(parent, name, t);
  };

  cbc(root, 'CustomizationID', PEPPOL_CUSTOMIZATION_ID);
  cbc(root, 'ProfileID', PEPPOL_PROFILE_ID);
  cbc(root, 'ID', invoice.number);
  cbc(root, 'IssueDate', invoice.invoiceDate);
  // A credit note has no due date in UBL 2.1 (BIS puts BT-9 in PaymentMeans/PaymentDueDate); ours is not paid by the buyer: left out.
  if (!credit) cbc(root, 'DueDate', invoice.dueDate);
  cbc(root, credit ? 'CreditNoteTypeCode' : 'InvoiceTypeCode', credit ? '381' : '380');
  if (notes.length > 0) cbc(root, 'Note', notes.join(' '));
  cbc(root, 'DocumentCurrencyCode', currency);
  cbc(root, 'BuyerReference', buyerReference);
  const period = invoicePeriod(invoice);
  const invoicePeriodEl = cac(root, 'InvoicePeriod');
  cbc(invoicePeriodEl, 'StartDate', period.start);
  cbc(invoicePeriodEl, 'EndDate', period.end);
  if (credit && invoice.creditedInvoice) {
    const ref = cac(cac(root, 'BillingReference'), 'InvoiceDocumentReference');
    cbc(ref, 'ID', invoice.creditedInvoice.number);
    cbc(ref, 'IssueDate', invoice.creditedInvoice.invoiceDate);
  }

  // Seller (BG-4)
  const sellerParty = cac(cac(root, 'AccountingSupplierParty'), 'Party');
  cbc(sellerParty, 'EndpointID', sellerEndpoint.id, { schemeID: sellerEndpoint.scheme });
  cbc(cac(sellerParty, 'PartyName'), 'Name', sellerName);
  address(sellerParty, 'PostalAddress', { street: seller.street, city: seller.city, postalCode: seller.postalCode, countryCode: sellerCountry });
  if (sellerVat) taxScheme(sellerParty, sellerVat);
  const sellerLegal = cac(sellerParty, 'PartyLegalEntity');
  cbc(sellerLegal, 'RegistrationName', sellerName);
  if (sellerCompanyId) cbc(sellerLegal, 'CompanyID', sellerCompanyId, sellerCompanyScheme ? { schemeID: sellerCompanyScheme } : undefined);
  if (text(seller.email) || text(seller.phone)) {
    const contact = cac(sellerParty, 'Contact');
    if (german) cbc(contact, 'Name', sellerName); // the seller contact point (BT-41), DE-R-005
    optional(contact, 'Telephone', seller.phone);
    optional(contact, 'ElectronicMail', seller.email);
  }

  // Buyer (BG-7)
  const buyerParty = cac(cac(root, 'AccountingCustomerParty'), 'Party');
  cbc(buyerParty, 'EndpointID', debtorEndpoint.id, { schemeID: debtorEndpoint.scheme });
  cbc(cac(buyerParty, 'PartyIdentification'), 'ID', buyerReference);
  cbc(cac(buyerParty, 'PartyName'), 'Name', debtorName);
  address(buyerParty, 'PostalAddress', { street: debtor.street, city: debtor.city, postalCode: debtor.postalCode, countryCode: debtorCountry });
  if (debtorVat) taxScheme(buyerParty, debtorVat);
  cbc(cac(buyerParty, 'PartyLegalEntity'), 'RegistrationName', debtorName);
  if (text(debtor.email)) cbc(cac(buyerParty, 'Contact'), 'ElectronicMail', text(debtor.email) as string);

  // Intra-community supply needs the deliver-to country (BR-IC-12): the debtor's address.
  if (categories.has('K')) {
    address(cac(cac(root, 'Delivery'), 'DeliveryLocation'), 'Address', { street: debtor.street, city: debtor.city, postalCode: debtor.postalCode, countryCode: debtorCountry });
  }

  // Payment (BG-16): when the buyer pays the seller (an invoice; a credit note only when it leaves the buyer
  // owing), and always between German parties (DE-R-001).
  const iban = text(seller.iban);
  if (!credit || grossTotal < 0 || german) {
    if (!iban && seller.countryCode === 'NL' && debtorCountry === 'NL') {
      throw new UblProblem({ field: 'seller.iban', message: `The seller (${sellerName}) has no IBAN, which Dutch e-invoices need as the means of payment; fill it in under Settings → Invoicing.` });
    }
    const means = cac(root, 'PaymentMeans');
    // 58 SEPA credit transfer (euro to an IBAN), 30 credit transfer (other currencies), 1 not defined (no account).
    cbc(means, 'PaymentMeansCode', iban ? (currency === 'EUR' ? '58' : '30') : '1');
    cbc(means, 'PaymentID', invoice.number);
    if (iban) {
      const account = cac(means, 'PayeeFinancialAccount');
      cbc(account, 'ID', iban);
      if (text(seller.bic)) cbc(cac(account, 'FinancialInstitutionBranch'), 'ID', text(seller.bic) as string);
    }
    const terms = text(seller.paymentTerms?.[documentLanguage(invoice)]);
    // payment terms are the invoice's (BT-20); a credit note is not paid within them
    if (terms && !credit) cbc(cac(root, 'PaymentTerms'), 'Note', terms);
  }

  // VAT breakdown (BG-23)
  const taxTotalEl = cac(root, 'TaxTotal');
  money(taxTotalEl, 'TaxAmount', taxTotal);
  for (const s of subtotals) {
    const sub = cac(taxTotalEl, 'TaxSubtotal');
    money(sub, 'TaxableAmount', s.taxable);
    money(sub, 'TaxAmount', s.tax);
    const cat = cac(sub, 'TaxCategory');
    cbc(cat, 'ID', s.category);
    if (s.category !== 'O') cbc(cat, 'Percent', s.rate);
    if (s.category !== 'S' && s.category !== 'Z' && treatment) {
      const code = text(treatment.vatExemptionReasonCode);
      if (code) cbc(cat, 'TaxExemptionReasonCode', code.toUpperCase());
      const reason = text(treatment.vatExemptionReason);
      if (reason) cbc(cat, 'TaxExemptionReason', reason);
    }
    cbc(cac(cat, 'TaxScheme'), 'ID', 'VAT');
  }

  // Totals (BG-22)
  const totals = cac(root, 'LegalMonetaryTotal');
  money(totals, 'LineExtensionAmount', lineTotal);
  money(totals, 'TaxExclusiveAmount', lineTotal);
  money(totals, 'TaxInclusiveAmount', grossTotal);
  money(totals, 'PayableAmount', grossTotal);

  // Lines (BG-25)
  for (const line of lines) {
    const el = cac(root, credit ? 'CreditNoteLine' : 'InvoiceLine');
    cbc(el, 'ID', line.id);
    cbc(el, credit ? 'CreditedQuantity' : 'InvoicedQuantity', line.quantity, { unitCode: UNIT_CODE });
    money(el, 'LineExtensionAmount', line.net);
    const linePeriod = cac(el, 'InvoicePeriod');
    cbc(linePeriod, 'StartDate', line.periodStart);
    cbc(linePeriod, 'EndDate', line.periodEnd);
    const item = cac(el, 'Item');
    if (line.description) cbc(item, 'Description', line.description);
    cbc(item, 'Name', text(line.name) ?? `Line ${line.id}`);
    const taxCategory = cac(item, 'ClassifiedTaxCategory');
    cbc(taxCategory, 'ID', line.category);
    if (line.category !== 'O') cbc(taxCategory, 'Percent', line.rate);
    cbc(cac(taxCategory, 'TaxScheme'), 'ID', 'VAT');
    const price = cac(el, 'Price');
    cbc(price, 'PriceAmount', line.price, { currencyID: currency });
    if (line.baseQuantity) cbc(price, 'BaseQuantity', line.baseQuantity, { unitCode: UNIT_CODE });
  }

  return root.end({ prettyPrint: true });

  function address(parent: XMLBuilder, name: string, a: { street?: string | null; city?: string | null; postalCode?: string | null; countryCode: string }): void {
    const el = cac(parent, name);
    optional(el, 'StreetName', a.street);
    optional(el, 'CityName', a.city);
    optional(el, 'PostalZone', a.postalCode);
    cbc(cac(el, 'Country'), 'IdentificationCode', a.countryCode);
  }

  function taxScheme(parent: XMLBuilder, vatNumber: string): void {
    const el = cac(parent, 'PartyTaxScheme');
    cbc(el, 'CompanyID', vatNumber);
    cbc(cac(el, 'TaxScheme'), 'ID', 'VAT');
  }
}
