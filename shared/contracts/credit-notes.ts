/**
 * Credit notes (DESIGN §17): request/response contracts of the credit routes, used by the server's
 * controllers and the admin panel alike. A credit note has the invoice's shape (`kind: 'credit_note'`,
 * negative lines and totals, `creditedInvoice`, `creditReason`).
 */
import type { CreditInput } from '../validation';
import type { InvoiceStatus } from '../sending';
import type { EntityResponse, ErrorResponse, ListResponse } from './common';
import type { Invoice } from './runs';

export type CreditNote = Invoice & { kind: 'credit_note' };

/**
 * POST /invoicing/invoices/:id/credit `{ reason, lines? }` → 201 with the credit note (its lines).
 * `lines` names invoice lines by documentId; left out, every line not yet credited is credited.
 * 400 bad body or a line of another invoice, 404 unknown invoice, 409 a line already credited, a
 * credit note, or an invoice with nothing left to credit.
 */
export declare namespace CreditInvoice {
  export type Request = { body: CreditInput };
  export type Response = EntityResponse<CreditNote> | ErrorResponse;
}

/**
 * GET /invoicing/credit-notes: every credit note, newest number first by default. `search` matches the
 * credit note's number, the credited invoice's number, the debtor's name or reference; `run` and
 * `invoice` (documentIds) narrow to one run or one invoice.
 */
export declare namespace ListCreditNotes {
  export type Request = {
    query: { page?: number; pageSize?: number; search?: string; status?: InvoiceStatus; sort?: string; run?: string; invoice?: string };
  };
  export type Response = ListResponse<CreditNote>;
}

/** GET /invoicing/credit-notes/:id (with lines and snapshots). */
export declare namespace GetCreditNote {
  export type Response = EntityResponse<CreditNote> | ErrorResponse;
}

/** POST /invoicing/credit-notes/:id/send: sends (or resends) one credit note; the credit note after the attempt. */
export declare namespace SendCreditNote {
  export type Response = EntityResponse<CreditNote> | ErrorResponse;
}
