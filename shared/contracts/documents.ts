/**
 * Input of the document renderer (DESIGN §16, §17): everything one invoice or credit-note PDF shows,
 * already resolved from the invoice and its snapshot (seller and debtor details as they were when the
 * invoice was generated, payment terms in the document's language). A plain serialisable value: no
 * class instances, no dates as `Date` (calendar dates are `YYYY-MM-DD`), money, quantities and VAT
 * rates as decimal strings in major units exactly like the HTTP API ("1234.56", "2.5", "21").
 */
import type { CalendarDate } from '../dates';

export type DocumentKind = 'invoice' | 'credit_note';
export type DocumentLanguage = 'en' | 'nl';

export const DOCUMENT_LANGUAGES: readonly DocumentLanguage[] = ['en', 'nl'];

/** The seller (the organisation issuing the document), from Settings → Invoicing at generation time. */
export interface DocumentSeller {
  legalName: string;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  /** ISO 3166-1 alpha-2 */
  countryCode: string | null;
  vatNumber: string | null;
  /** company registration number, e.g. the Dutch chamber of commerce (KvK) number */
  companyId: string | null;
  iban: string | null;
  bic: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  /** the payment terms text in the document's language */
  paymentTerms: string | null;
}

export interface DocumentDebtor {
  name: string;
  /** the debtor's reference (customer number) */
  reference: string | null;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  /** ISO 3166-1 alpha-2 */
  countryCode: string | null;
  vatNumber: string | null;
}

export interface DocumentLine {
  description: string;
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  quantity: string;
  unitPrice: string;
  /** percent, e.g. "21", "9", "0" */
  vatRate: string;
  net: string;
  vat: string;
  gross: string;
}

export interface DocumentTotals {
  net: string;
  vat: string;
  gross: string;
}

/** The seller's logo: PNG or JPEG bytes. */
export interface DocumentLogo {
  data: Uint8Array;
  mime: 'image/png' | 'image/jpeg';
}

export interface InvoiceDocumentData {
  kind: DocumentKind;
  language: DocumentLanguage;
  /** the invoice or credit-note number; also the payment reference */
  number: string;
  name: string;
  invoiceDate: CalendarDate;
  dueDate: CalendarDate;
  period: { start: CalendarDate; end: CalendarDate };
  /** ISO 4217 */
  currency: string;
  seller: DocumentSeller;
  debtor: DocumentDebtor;
  lines: DocumentLine[];
  totals: DocumentTotals;
  /** credit notes: the number of the credited invoice */
  creditedInvoiceNumber?: string | null;
  /** credit notes: why the invoice was credited */
  reason?: string | null;
  logo?: DocumentLogo | null;
}

/* -------------------------------------------------------------------------------------------------
 * Document routes of the admin HTTP API (DESIGN §16).
 * -----------------------------------------------------------------------------------------------*/

/** How a PDF download is presented: saved as a file (default) or shown in the browser (the panel's preview). */
export const DOCUMENT_DISPOSITIONS = ['attachment', 'inline'] as const;
export type DocumentDisposition = (typeof DOCUMENT_DISPOSITIONS)[number];

/** The response header carrying the hex SHA-256 of the archived PDF (also the `ETag`, quoted). */
export const DOCUMENT_SHA256_HEADER = 'X-Content-SHA256';

/**
 * GET /invoicing/invoices/:id/document → `application/pdf`, `Content-Disposition: attachment;
 * filename="<number>.pdf"` (`inline` with `?disposition=inline`), `ETag` and `X-Content-SHA256`.
 */
export declare namespace GetInvoiceDocument {
  export type Request = { query: { disposition?: DocumentDisposition } };
  /** the PDF bytes */
  export type Response = Uint8Array;
}

/** GET /invoicing/runs/:id/invoices/documents → `application/zip`, streamed; entries `<number>.pdf`. */
export declare namespace GetRunDocuments {
  /** the ZIP bytes */
  export type Response = Uint8Array;
}

/** POST /invoicing/runs/:id/documents/prepare → 202 with the `documents` job (see StartJob in runs.ts). */
export declare namespace PrepareDocuments {
  export type Request = { body?: Record<string, never> };
}
