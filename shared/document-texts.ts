/**
 * The words and number formats of invoice and credit-note documents (DESIGN §16), in English and
 * Dutch. Pure and deterministic: formatting is done here by hand rather than through
 * `Intl.NumberFormat`/`toLocaleString`, whose output (spaces, minus signs) differs between ICU versions,
 * so the same invoice renders to the same bytes on every Node version.
 *
 * Formats:
 *
 * | what | en | nl |
 * | --- | --- | --- |
 * | date | `31 Dec 2027` | `31-12-2027` |
 * | period | `1 Dec 2027 – 31 Dec 2027` | `01-12-2027 – 31-12-2027` |
 * | money (EUR, GBP, USD) | `€1,234.56`, `-€1,234.56` | `€ 1.234,56`, `€ -1.234,56` |
 * | money (other codes) | `CHF 1,234.56`, `JPY 1,235`, `KWD 1.250` | `CHF 1.234,56`, `JPY 1.235`, `KWD 1,250` |
 * | quantity | `1,234.5` | `1.234,5` |
 * | VAT rate | `21%`, `9.5%` | `21%`, `9,5%` |
 *
 * Money shows the currency's ISO 4217 decimals (EUR 2, JPY 0, KWD 3), more only when the value has
 * more (a unit price may be "0.125"); quantities and rates show their own decimals, no padding. The
 * minus sign is the ASCII hyphen-minus, so amounts copied from the PDF paste as numbers.
 */
import { parseCalendarDate, type CalendarDate } from './dates';
import { decimalScale, minorUnits, normalizeDecimal } from './money';
import type { DocumentKind, DocumentLanguage } from './contracts/documents';

export interface DocumentTexts {
  invoice: string;
  creditNote: string;
  invoiceNumber: string;
  creditNoteNumber: string;
  invoiceDate: string;
  creditNoteDate: string;
  dueDate: string;
  period: string;
  subject: string;
  customerNumber: string;
  creditedInvoice: string;
  reason: string;
  description: string;
  quantity: string;
  unitPrice: string;
  vat: string;
  net: string;
  subtotal: string;
  total: string;
  vatBreakdown: string;
  vatRate: string;
  taxableAmount: string;
  vatAmount: string;
  payment: string;
  iban: string;
  bic: string;
  paymentReference: string;
  paymentTerms: string;
  vatNumber: string;
  chamberOfCommerce: string;
  email: string;
  phone: string;
  website: string;
  /** `{amount}`, `{dueDate}`, `{iban}`, `{reference}` */
  payBy: string;
  /** `{amount}`, `{dueDate}`, `{reference}`: when the seller has no IBAN */
  payByNoIban: string;
  /** `{amount}` */
  creditNoteSettlement: string;
  /** `{page}`, `{pages}` */
  pageOf: string;
}

const EN: DocumentTexts = Object.freeze({
  invoice: 'Invoice',
  creditNote: 'Credit note',
  invoiceNumber: 'Invoice number',
  creditNoteNumber: 'Credit note number',
  invoiceDate: 'Invoice date',
  creditNoteDate: 'Credit note date',
  dueDate: 'Due date',
  period: 'Period',
  subject: 'Subject',
  customerNumber: 'Customer number',
  creditedInvoice: 'Credited invoice',
  reason: 'Reason',
  description: 'Description',
  quantity: 'Quantity',
  unitPrice: 'Unit price',
  vat: 'VAT',
  net: 'Net',
  subtotal: 'Subtotal',
  total: 'Total',
  vatBreakdown: 'VAT breakdown',
  vatRate: 'VAT rate',
  taxableAmount: 'Taxable amount',
  vatAmount: 'VAT amount',
  payment: 'Payment',
  iban: 'IBAN',
  bic: 'BIC',
  paymentReference: 'Payment reference',
  paymentTerms: 'Payment terms',
  vatNumber: 'VAT number',
  chamberOfCommerce: 'Chamber of Commerce',
  email: 'Email',
  phone: 'Phone',
  website: 'Website',
  payBy: 'Please pay {amount} by {dueDate} to {iban}, stating payment reference {reference}.',
  payByNoIban: 'Please pay {amount} by {dueDate}, stating payment reference {reference}.',
  creditNoteSettlement: 'The amount of {amount} will be refunded or settled with you.',
  pageOf: 'Page {page} of {pages}',
});

const NL: DocumentTexts = Object.freeze({
  invoice: 'Factuur',
  creditNote: 'Creditnota',
  invoiceNumber: 'Factuurnummer',
  creditNoteNumber: 'Creditnotanummer',
  invoiceDate: 'Factuurdatum',
  creditNoteDate: 'Creditnotadatum',
  dueDate: 'Vervaldatum',
  period: 'Periode',
  subject: 'Betreft',
  customerNumber: 'Klantnummer',
  creditedInvoice: 'Gecrediteerde factuur',
  reason: 'Reden',
  description: 'Omschrijving',
  quantity: 'Aantal',
  unitPrice: 'Prijs per eenheid',
  vat: 'BTW',
  net: 'Netto',
  subtotal: 'Subtotaal',
  total: 'Totaal',
  vatBreakdown: 'BTW-specificatie',
  vatRate: 'BTW-tarief',
  taxableAmount: 'Grondslag',
  vatAmount: 'BTW-bedrag',
  payment: 'Betaling',
  iban: 'IBAN',
  bic: 'BIC',
  paymentReference: 'Betalingskenmerk',
  paymentTerms: 'Betalingsvoorwaarden',
  vatNumber: 'Btw-nummer',
  chamberOfCommerce: 'KvK',
  email: 'E-mail',
  phone: 'Telefoon',
  website: 'Website',
  payBy: 'Gelieve {amount} uiterlijk {dueDate} over te maken op {iban} onder vermelding van betalingskenmerk {reference}.',
  payByNoIban: 'Gelieve {amount} uiterlijk {dueDate} te betalen onder vermelding van betalingskenmerk {reference}.',
  creditNoteSettlement: 'Het bedrag van {amount} wordt aan u terugbetaald of met u verrekend.',
  pageOf: 'Pagina {page} van {pages}',
});

const TEXTS: Readonly<Record<DocumentLanguage, DocumentTexts>> = Object.freeze({ en: EN, nl: NL });

export function isDocumentLanguage(v: unknown): v is DocumentLanguage {
  return v === 'en' || v === 'nl';
}

export function documentTexts(language: DocumentLanguage): DocumentTexts {
  const texts = TEXTS[language];
  if (!texts) throw new Error(`Unknown document language ${JSON.stringify(language)}: expected "en" or "nl".`);
  return texts;
}

/** The document's title: Invoice / Factuur, Credit note / Creditnota. */
export function documentTitle(kind: DocumentKind, language: DocumentLanguage): string {
  const t = documentTexts(language);
  return kind === 'credit_note' ? t.creditNote : t.invoice;
}

/** Replaces `{name}` placeholders; an unknown placeholder is an error (a typo must not reach a customer). */
export function fillText(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(values, name)) throw new Error(`No value for {${name}}.`);
    return values[name];
  });
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** en `31 Dec 2027`, nl `31-12-2027`. */
export function formatDocumentDate(date: CalendarDate, language: DocumentLanguage): string {
  const { year, month, day } = parseCalendarDate(date);
  const yyyy = String(year).padStart(4, '0');
  if (language === 'nl') return `${String(day).padStart(2, '0')}-${String(month).padStart(2, '0')}-${yyyy}`;
  return `${day} ${EN_MONTHS[month - 1]} ${yyyy}`;
}

/** `{start} – {end}` (en dash between spaces). */
export function formatDocumentPeriod(start: CalendarDate, end: CalendarDate, language: DocumentLanguage): string {
  return `${formatDocumentDate(start, language)} \u2013 ${formatDocumentDate(end, language)}`;
}

const SEPARATORS: Readonly<Record<DocumentLanguage, { group: string; decimal: string }>> = Object.freeze({
  en: { group: ',', decimal: '.' },
  nl: { group: '.', decimal: ',' },
});

/**
 * A decimal string with grouped thousands and the language's separators, padded to at least
 * `minDecimals` decimals ("1234.5", en, 2 → "1,234.50"; nl → "1.234,50"). Exact: works on the digits.
 */
export function formatDocumentDecimal(value: string, language: DocumentLanguage, minDecimals = 0): string {
  const normalized = normalizeDecimal(value);
  const negative = normalized.startsWith('-');
  const [int, frac = ''] = (negative ? normalized.slice(1) : normalized).split('.');
  const { group, decimal } = SEPARATORS[language];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const decimals = frac.padEnd(Math.max(minDecimals, frac.length), '0');
  return `${negative ? '-' : ''}${grouped}${decimals ? `${decimal}${decimals}` : ''}`;
}

/** Symbols shown instead of the code; other currencies show their ISO 4217 code. */
const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = Object.freeze({ EUR: '\u20ac', GBP: '\u00a3', USD: '$' });

/**
 * A money amount (a decimal string in major units) with its currency: en `€1,234.56` / `-€1,234.56` /
 * `CHF 1,234.56`; nl `€ 1.234,56` / `€ -1.234,56` / `CHF 1.234,56`. At least the currency's decimals.
 */
export function formatDocumentMoney(amount: string, currency: string, language: DocumentLanguage): string {
  const digits = Math.max(minorUnits(currency), decimalScale(amount));
  const number = formatDocumentDecimal(amount, language, digits);
  const symbol = CURRENCY_SYMBOLS[currency];
  if (language === 'nl') return `${symbol ?? currency} ${number}`;
  if (symbol === undefined) return `${currency} ${number}`;
  return number.startsWith('-') ? `-${symbol}${number.slice(1)}` : `${symbol}${number}`;
}

/** A VAT rate in percent: `21%`, en `9.5%`, nl `9,5%`. */
export function formatVatRate(rate: string, language: DocumentLanguage): string {
  return `${formatDocumentDecimal(rate, language)}%`;
}

/** A quantity with its own decimals: en `1,234.5`, nl `1.234,5`. */
export function formatQuantity(quantity: string, language: DocumentLanguage): string {
  return formatDocumentDecimal(quantity, language);
}

const COUNTRY_NAMES: Readonly<Record<DocumentLanguage, Readonly<Record<string, string>>>> = Object.freeze({
  en: Object.freeze({
    NL: 'Netherlands', BE: 'Belgium', DE: 'Germany', FR: 'France', LU: 'Luxembourg', GB: 'United Kingdom',
    IE: 'Ireland', ES: 'Spain', IT: 'Italy', AT: 'Austria', CH: 'Switzerland', DK: 'Denmark', SE: 'Sweden',
    NO: 'Norway', FI: 'Finland', PL: 'Poland', CZ: 'Czechia', HU: 'Hungary', PT: 'Portugal', US: 'United States',
  }),
  nl: Object.freeze({
    NL: 'Nederland', BE: 'België', DE: 'Duitsland', FR: 'Frankrijk', LU: 'Luxemburg', GB: 'Verenigd Koninkrijk',
    IE: 'Ierland', ES: 'Spanje', IT: 'Italië', AT: 'Oostenrijk', CH: 'Zwitserland', DK: 'Denemarken', SE: 'Zweden',
    NO: 'Noorwegen', FI: 'Finland', PL: 'Polen', CZ: 'Tsjechië', HU: 'Hongarije', PT: 'Portugal', US: 'Verenigde Staten',
  }),
});

/**
 * The country line of an address: the name for the common countries in a fixed table (deterministic,
 * no ICU dependency), the ISO 3166-1 alpha-2 code otherwise; null when no code is given.
 */
export function countryName(code: string | null | undefined, language: DocumentLanguage): string | null {
  if (!code) return null;
  const upper = code.trim().toUpperCase();
  if (!upper) return null;
  return COUNTRY_NAMES[language][upper] ?? upper;
}
