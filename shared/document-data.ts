/**
 * What an invoice's document shows (DESIGN §16), from the invoice as GET /invoices/:id answers it:
 * its own numbers and lines, and the seller and debtor snapshots taken when it was generated (never
 * the current settings or debtor record). Pure: the server renders it, tests compare against it.
 */
import type { Invoice } from './contracts/runs';
import type { DocumentLanguage, DocumentLogo, InvoiceDocumentData } from './contracts/documents';
import { DOCUMENT_LANGUAGES } from './contracts/documents';

/** The document's language: the debtor's, else the seller's default, else English. */
export function documentLanguage(invoice: Pick<Invoice, 'debtor' | 'seller'>): DocumentLanguage {
  const wanted = invoice.debtor.language ?? invoice.seller?.defaultLanguage ?? 'en';
  return (DOCUMENT_LANGUAGES as readonly string[]).includes(wanted) ? (wanted as DocumentLanguage) : 'en';
}

/** The period an invoice covers: from its earliest line start to its latest line end. */
export function invoicePeriod(invoice: Pick<Invoice, 'lines' | 'invoiceDate'>): { start: string; end: string } {
  const lines = invoice.lines ?? [];
  if (lines.length === 0) return { start: invoice.invoiceDate, end: invoice.invoiceDate };
  let start = lines[0].periodStart;
  let end = lines[0].periodEnd;
  for (const line of lines) {
    if (line.periodStart < start) start = line.periodStart;
    if (line.periodEnd > end) end = line.periodEnd;
  }
  return { start, end };
}

/** The renderer's input for an invoice with its lines and snapshots (GET /invoices/:id's shape). */
export function invoiceDocumentData(invoice: Invoice, logo: DocumentLogo | null = null): InvoiceDocumentData {
  const language = documentLanguage(invoice);
  const seller = invoice.seller;
  const debtor = invoice.debtor;
  const credit = invoice.kind === 'credit_note';
  return {
    kind: credit ? 'credit_note' : 'invoice',
    language,
    number: invoice.number,
    name: invoice.name,
    invoiceDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    period: invoicePeriod(invoice),
    currency: invoice.currency,
    seller: {
      legalName: seller?.legalName ?? '',
      street: seller?.street || null,
      postalCode: seller?.postalCode || null,
      city: seller?.city || null,
      countryCode: seller?.countryCode || null,
      vatNumber: seller?.vatNumber || null,
      companyId: seller?.companyId || null,
      iban: seller?.iban || null,
      bic: seller?.bic || null,
      email: seller?.email || null,
      phone: seller?.phone || null,
      website: seller?.website || null,
      paymentTerms: seller?.paymentTerms?.[language] || null,
    },
    debtor: {
      name: debtor.name,
      reference: debtor.reference ?? null,
      street: debtor.street ?? null,
      postalCode: debtor.postalCode ?? null,
      city: debtor.city ?? null,
      countryCode: debtor.countryCode ?? null,
      vatNumber: debtor.vatNumber ?? null,
    },
    lines: (invoice.lines ?? []).map((line) => ({
      description: line.description,
      periodStart: line.periodStart,
      periodEnd: line.periodEnd,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      vatRate: line.vatRate,
      net: line.net,
      vat: line.vat,
      gross: line.gross,
    })),
    totals: { net: invoice.net, vat: invoice.vat, gross: invoice.gross },
    ...(credit ? { creditedInvoiceNumber: invoice.creditedInvoice?.number ?? null, reason: invoice.creditReason ?? null } : {}),
    logo,
  };
}
