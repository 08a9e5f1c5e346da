import type { DebtorSnapshot, SellerSnapshot } from './snapshots';
import type { CalendarDate } from '../dates';
import type { Cycle } from '../periods';
import type { RunStatus } from '../lifecycle';
import type { JobState, JobType } from '../jobs';
import type { InvoiceStatus, SendStatus } from '../sending';
import type { InvoiceNameFormat } from '../naming';
import type { AdHocRunInputBody } from '../validation';
import type { EntityResponse, ErrorResponse, ListResponse } from './common';
import type { DocumentKind } from './documents';
import type { VatCategoryCode } from '../vat-categories';

/** `admin user id` for a person, `"system"` for the ticker and automatic steps (DESIGN §4). */
export type Actor = number | 'system';

export type { InvoiceStatus, JobState, JobType, SendStatus };

export interface ParkedLine {
  /** documentId of the contract line */
  contractLine: string;
  reason: string;
}

export interface JobSummary {
  /** amounts (amounts job) or invoices (invoices job) created */
  created: number;
  /** lines skipped because another run already covers (part of) the period */
  alreadyInvoiced: number;
  parked: ParkedLine[];
  /** all parked lines (the list holds at most the first 1,000) */
  parkedCount?: number;
  /** invoice lines written (invoices job) */
  lines?: number;
  /** invoices sent and invoices whose send failed by this job (send job) */
  sent?: number;
  failed?: number;
}

export interface Job {
  documentId: string;
  type: JobType;
  state: JobState;
  processed: number;
  total: number;
  error: string | null;
  summary: JobSummary;
  attempts: number;
  actor: Actor;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface CurrencyTotals {
  currency: string;
  amounts: number;
  net: string;
  vat: string;
  gross: string;
}

export interface RunTotals {
  amounts: number;
  /** Sums in major units; exact when the run has one currency (see `currency` and `byCurrency`). */
  net: string;
  vat: string;
  gross: string;
  invoices: number;
  /** The run's currency, or null when it has none or several (then see `byCurrency`). */
  currency: string | null;
  byCurrency: CurrencyTotals[];
}

/** A run's invoices per sending status. */
export interface SendingCounts {
  open: number;
  sending: number;
  sent: number;
  failed: number;
}

export interface EntityRef {
  documentId: string;
  reference: string;
  name: string;
}

export interface CategoryRef {
  documentId: string;
  name: string;
}

export interface Run {
  documentId: string;
  reference: string;
  name: string;
  description: string | null;
  status: RunStatus;
  cycle: Cycle;
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  activationDate: CalendarDate;
  invoiceDate: CalendarDate;
  dueDate: CalendarDate;
  invoiceName: string;
  invoiceNameFormat: InvoiceNameFormat;
  invoiceCategory: CategoryRef | null;
  schedule: EntityRef & { adHoc: boolean };
  sequence: number;
  totals: RunTotals;
  amountsGeneratedBy: Actor | null;
  approvedBy: Actor | null;
  approvedAt: string | null;
  /** The run's latest job (a failed one stays here with its error until a new one starts). */
  job: Job | null;
  /** Its invoices by sending status (DESIGN §16): all zero before invoices exist. */
  sending: SendingCounts;
  createdAt: string;
  updatedAt: string;
}

/** A run as listed under its schedule. */
export type RunSummary = Pick<
  Run,
  'documentId' | 'reference' | 'name' | 'status' | 'sequence' | 'periodStart' | 'periodEnd' | 'activationDate' | 'invoiceDate' | 'dueDate'
>;

export interface RunEvent {
  id: number;
  action: string;
  from: RunStatus | null;
  to: RunStatus | null;
  actor: Actor;
  actorName: string | null;
  at: string;
  details: Record<string, unknown> | null;
}

export interface Amount {
  documentId: string;
  contract: EntityRef;
  contractLine: { documentId: string; description: string };
  debtor: EntityRef;
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  description: string;
  quantity: string;
  unitPrice: string;
  net: string;
  vatRate: string;
  vat: string;
  gross: string;
  currency: string;
  invoiced: boolean;
}

export interface InvoiceLine {
  /** the line's documentId: what POST /invoices/:id/credit names in `lines` */
  documentId: string;
  position: number;
  /** the amount the line was made from (documentId); null on a credit note's line */
  amount: string | null;
  description: string;
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  quantity: string;
  unitPrice: string;
  net: string;
  vatRate: string;
  vat: string;
  gross: string;
  /** an invoice's line: the credit note that credits it, else null (DESIGN §17) */
  creditedBy?: DocumentRef | null;
  /** a credit note's line: the documentId of the invoice line it credits */
  creditedLine?: string | null;
}

/** A document by its documentId and number (an invoice or a credit note). */
export interface DocumentRef {
  documentId: string;
  number: string;
}

/** A credit note as its invoice lists it. */
export interface CreditNoteRef extends DocumentRef {
  invoiceDate: CalendarDate;
  net: string;
  vat: string;
  gross: string;
  status: InvoiceStatus;
  reason: string;
}

/** An invoice's archived document: hex SHA-256 and size in bytes of the PDF. */
export interface InvoiceDocumentInfo {
  sha256: string;
  size: number;
}

export interface Invoice {
  documentId: string;
  /** `invoice`, or `credit_note` for a credit note (GET /credit-notes answers these) */
  kind: DocumentKind;
  number: string;
  name: string;
  run: { documentId: string; reference: string };
  /** On GET /invoices/:id the debtor snapshot (DESIGN §16) adds its details to the reference. */
  debtor: EntityRef & Partial<DebtorSnapshot>;
  contract: EntityRef | null;
  /** the invoice category, with its VAT treatment for 0 % lines (DESIGN §18) when it has one */
  category: {
    name: string;
    vatCategory?: VatCategoryCode | null;
    vatExemptionReason?: string | null;
    vatExemptionReasonCode?: string | null;
  } | null;
  invoiceDate: CalendarDate;
  dueDate: CalendarDate;
  currency: string;
  net: string;
  vat: string;
  gross: string;
  /**
   * open → sending → sent | send_failed (DESIGN §16); an invoice with credited lines shows
   * `partially_credited` or `credited` (DESIGN §17) and keeps its sending status in `sendStatus`
   */
  status: InvoiceStatus;
  /** the sending status alone: open, sending, sent or send_failed */
  sendStatus: SendStatus;
  /** a credit note: the invoice it credits; an invoice: null */
  creditedInvoice: (DocumentRef & { invoiceDate: CalendarDate }) | null;
  /** a credit note: why the invoice was credited; an invoice: null */
  creditReason: string | null;
  /** present on GET /invoices/:id: the credit notes of this invoice, oldest first */
  creditNotes?: CreditNoteRef[];
  /** why the last send failed (status send_failed), else null */
  sendError: string | null;
  /** when the last accepted send was (ISO), else null */
  sentAt: string | null;
  /** how many sends the mail server accepted */
  sendCount: number;
  lineCount: number;
  /** The archived PDF (DESIGN §16): null until it is first rendered (download, send, Prepare documents). */
  document: InvoiceDocumentInfo | null;
  /** present on GET /invoices/:id */
  lines?: InvoiceLine[];
  /** present on GET /invoices/:id: the seller as it was at generation (null for invoices made before snapshots) */
  seller?: SellerSnapshot | null;
}

/** GET /invoicing/runs */
export declare namespace ListRuns {
  export type Request = { query: { page?: number; pageSize?: number; search?: string; status?: RunStatus; sort?: string } };
  export type Response = ListResponse<Run>;
}

/** GET /invoicing/runs/:id */
export declare namespace GetRun {
  export type Response = EntityResponse<Run> | ErrorResponse;
}

/** POST /invoicing/runs: an ad hoc run and the one-run schedule it belongs to. */
export declare namespace CreateAdHocRun {
  export type Request = { body: AdHocRunInputBody };
  export type Response = EntityResponse<Run> | ErrorResponse;
}

/** POST /invoicing/runs/:id/{activate,approve,cancel}, DELETE /invoicing/runs/:id/amounts */
export declare namespace RunTransition {
  export type Response = EntityResponse<Run> | ErrorResponse;
}

/** POST /invoicing/runs/:id/{amounts,invoices}/generate → 202; GET /invoicing/runs/:id/job */
export declare namespace StartJob {
  export type Response = EntityResponse<Job> | ErrorResponse;
}
export declare namespace GetJob {
  export type Response = EntityResponse<Job | null> | ErrorResponse;
}

export interface AmountsMeta {
  totals: RunTotals;
}

/** GET /invoicing/runs/:id/amounts (totals of the whole run in `meta`) */
export declare namespace ListAmounts {
  export type Request = { query: { page?: number; pageSize?: number; search?: string; sort?: string } };
  export type Response = ListResponse<Amount, AmountsMeta>;
}

/** GET /invoicing/runs/:id/invoices */
export declare namespace ListInvoices {
  export type Response = ListResponse<Invoice>;
}

/** GET /invoicing/invoices/:id */
export declare namespace GetInvoice {
  export type Response = EntityResponse<Invoice> | ErrorResponse;
}

/** POST /invoicing/invoices/:id/send: sends (or resends) one invoice; the invoice after the attempt. */
export declare namespace SendInvoice {
  export type Response = EntityResponse<Invoice> | ErrorResponse;
}

/** GET /invoicing/runs/:id/events */
export declare namespace ListRunEvents {
  export type Response = ListResponse<RunEvent>;
}

/** GET /invoice-categories: the categories to choose from in the panel. */
export declare namespace ListInvoiceCategories {
  export type Response = { results: CategoryRef[] };
}
